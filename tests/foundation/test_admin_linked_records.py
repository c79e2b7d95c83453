"""In the admin, a record can link only to records of the editor's own countries, and the
GCG keeps reviewing every pathfinder country."""

import pytest

from target87.accounts.models import RoleAssignment
from target87.accounts.permissions import Role
from target87.countries.models import Country
from target87.pathfinders.models import NationalPriority, PathfinderCountry, Workshop

pytestmark = pytest.mark.django_db


def staff(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def test_linked_records_offered_only_from_own_countries(client, focal_point, country,
                                                        other_country):
    ours = Workshop.objects.create(country=country)
    theirs = Workshop.objects.create(country=other_country)
    priority = NationalPriority.objects.create(country=country, title="Ours", workshop=ours)
    client.force_login(staff(focal_point))
    url = f"/en/admin/pathfinders/nationalpriority/{priority.pk}/change/"
    field = client.get(url).context["adminform"].form.fields["workshop"]
    assert list(field.queryset) == [ours]
    response = client.post(url, {"country": country.pk, "workshop": theirs.pk,
                                 "title": "Ours", "theme": "", "area": "", "order": "0",
                                 "source": ""})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["workshop"]
    priority.refresh_from_db()
    assert priority.workshop == ours


def test_secretariat_links_any_country_record(client, secretariat, country, other_country):
    Workshop.objects.create(country=country)
    Workshop.objects.create(country=other_country)
    priority = NationalPriority.objects.create(country=country, title="Ours")
    client.force_login(secretariat)
    response = client.get(f"/en/admin/pathfinders/nationalpriority/{priority.pk}/change/")
    assert response.context["adminform"].form.fields["workshop"].queryset.count() == 2


def test_gcg_member_reviews_any_pathfinder_country(client, gcg_member, country):
    from target87.pathfinders.models import AnnualReview

    PathfinderCountry.objects.get_or_create(country=country)
    review = AnnualReview.objects.create(country=country, year=2021,
                                         substantial_progress=False)
    client.force_login(staff(gcg_member))
    response = client.get(f"/en/admin/pathfinders/annualreview/{review.pk}/change/")
    assert response.status_code == 200
    assert response.context["adminform"].form.fields["country"].queryset.count() == \
        Country.objects.count()


def test_admin_change_of_focal_point_account_hands_over_the_role(
        client, secretariat, country, focal_point, other_focal_point):
    pathfinder, _ = PathfinderCountry.objects.get_or_create(country=country)
    pathfinder.focal_point_user = focal_point
    pathfinder.save()
    client.force_login(secretariat)
    url = f"/en/admin/pathfinders/pathfindercountry/{pathfinder.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data |= {"focal_point_user": other_focal_point.pk,
             "statustransition_set-TOTAL_FORMS": "0",
             "statustransition_set-INITIAL_FORMS": "0"}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    pathfinder.refresh_from_db()
    assert pathfinder.focal_point_user == other_focal_point
    focal = RoleAssignment.objects.filter(role=Role.FOCAL_POINT, country=country)
    assert not focal.filter(user=focal_point).exists()
    assert focal.filter(user=other_focal_point).exists()
