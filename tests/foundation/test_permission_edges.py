"""Permission-service rules at their edges: a record about several countries where the
focal point has only some of them, and a record about no country."""

from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import AnonymousUser

from target87.accounts.permissions import Action, can, scope_queryset

pytestmark = pytest.mark.django_db


@dataclass
class Record:
    """A plain record as the service sees it: its countries and whether it is public."""

    countries: set = field(default_factory=set)
    published: bool = False

    def permission_country_ids(self):
        return self.countries

    def is_public(self):
        return self.published


@pytest.fixture
def nepal_and_madagascar(country, other_country):
    return Record({country.pk, other_country.pk})


@pytest.mark.parametrize("action", [Action.CHANGE, Action.CREATE, Action.SUBMIT])
def test_focal_point_of_only_some_countries_may_not_change(focal_point, other_focal_point,
                                                          nepal_and_madagascar, action):
    assert not can(focal_point, action, nepal_and_madagascar)
    assert not can(other_focal_point, action, nepal_and_madagascar)


def test_focal_point_of_only_some_countries_does_not_see_a_draft(focal_point,
                                                                 nepal_and_madagascar):
    assert not can(focal_point, Action.VIEW, nepal_and_madagascar)
    nepal_and_madagascar.published = True
    assert can(focal_point, Action.VIEW, nepal_and_madagascar)


def test_focal_point_of_every_country_of_the_record_may_change(focal_point, country,
                                                               other_country,
                                                               nepal_and_madagascar):
    from target87.accounts.models import Role
    from target87.accounts.services import grant_role

    grant_role(focal_point, Role.FOCAL_POINT, other_country)
    assert can(focal_point, Action.CHANGE, nepal_and_madagascar)
    assert can(focal_point, Action.VIEW, nepal_and_madagascar)


@pytest.mark.parametrize("action", [Action.VIEW, Action.CHANGE, Action.CREATE,
                                    Action.DELETE, Action.SUBMIT])
def test_record_without_a_country_is_nobody_s_country_record(focal_point, action):
    assert not can(focal_point, action, Record())


def test_record_without_a_country(secretariat, gcg_member, partner_user):
    draft = Record()
    assert can(secretariat, Action.CHANGE, draft)
    assert can(gcg_member, Action.VIEW, draft)
    assert not can(gcg_member, Action.CHANGE, draft)
    assert not can(partner_user, Action.VIEW, draft)
    assert not can(AnonymousUser(), Action.VIEW, draft)
    assert can(AnonymousUser(), Action.VIEW, Record(published=True))


def test_scoped_lists_of_several_countries(focal_point, country, other_country):
    """A list scoped to a focal point's countries keeps a record about several countries
    once it names one of theirs, and never a record about none."""
    from target87.knowledge.models import Publication

    both = Publication.objects.create(title="Both", kind="report", year=2030, summary="S")
    both.countries.add(country, other_country)
    elsewhere = Publication.objects.create(title="Elsewhere", kind="report", year=2030,
                                           summary="S")
    elsewhere.countries.add(other_country)
    Publication.objects.create(title="Global", kind="report", year=2030, summary="S")
    titles = set(scope_queryset(focal_point, Publication.objects.all(), "countries")
                 .values_list("title", flat=True))
    assert titles == {"Both"}
