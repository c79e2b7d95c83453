import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from target87.pathfinders import services
from target87.pathfinders.models import NationalPriority, RoadmapAction, Workshop

D = Decimal


def action(priority, required, available, currency="USD", status="in_progress"):
    return RoadmapAction.objects.create(priority=priority, title="a", status=status,
                                        resources_required=required,
                                        resources_available=available, currency=currency)


@pytest.fixture
def priority(country):
    return NationalPriority.objects.create(country=country, title="Labour inspection")


def test_gap_per_action_is_never_negative(priority):
    assert action(priority, D("100"), D("30")).resources_gap == D("70")
    assert action(priority, D("100"), D("150")).resources_gap == D("0")
    assert action(priority, D("100"), None).resources_gap == D("100")
    assert RoadmapAction(priority=priority, title="x").resources_gap is None


def test_gap_per_priority_and_total_by_currency(country, priority):
    other = NationalPriority.objects.create(country=country, title="Data")
    action(priority, D("100"), D("30"))
    action(priority, D("50"), D("80"))           # over-funded: gap 0, not -30
    action(priority, D("999"), D("0"), status="dropped")
    action(other, D("1000.50"), D("0.50"), currency="NPR")
    action(other, D("10"), D("5"))
    assert services.priority_funding_gap(priority) == {
        "USD": {"required": D("150"), "available": D("110"), "gap": D("70")}}
    total = services.country_funding_gap(country)
    assert total["USD"] == {"required": D("160"), "available": D("115"), "gap": D("75")}
    assert total["NPR"]["gap"] == D("1000.00")


def test_roadmap_progress_ignores_dropped(priority):
    for status in ("done", "done", "in_progress", "not_started", "dropped"):
        action(priority, None, None, currency="", status=status)
    progress = services.roadmap_progress(priority.actions.all())
    assert progress["done_percent"] == 50
    assert progress["counts"]["dropped"] == 1


def test_database_refuses_negative_amounts_and_missing_currency(priority):
    with pytest.raises(IntegrityError), transaction.atomic():
        action(priority, D("-1"), None)
    with pytest.raises(IntegrityError), transaction.atomic():
        action(priority, D("1"), None, currency="")


def test_database_refuses_workshop_ending_before_it_starts(country):
    with pytest.raises(IntegrityError), transaction.atomic():
        Workshop.objects.create(country=country, start_date=dt.date(2019, 5, 2),
                                end_date=dt.date(2019, 5, 1))


def post_action(client, iso3, priority, **overrides):
    data = {"priority": priority.pk, "title": "Train labour inspectors", "status": "not_started",
            "resources_required": "1000", "resources_available": "200", "currency": "USD",
            "benchmarks-TOTAL_FORMS": "0", "benchmarks-INITIAL_FORMS": "0"}
    data.update(overrides)
    return client.post(reverse("pathfinders:action_new", args=[iso3]), data)


@pytest.fixture
def nepal_pf(country):
    from .conftest import make_pathfinder

    return make_pathfinder(country)


@pytest.mark.parametrize("field,value,message", [
    ("resources_required", "-5", "Enter an amount of zero or more"),
    ("resources_available", "-0.01", "Enter an amount of zero or more"),
    ("currency", "XYZ", "is not an ISO 4217 currency code"),
    ("currency", "", "Give the currency of the amounts"),
])
def test_action_form_bad_input_changes_nothing(client, focal_point, nepal_pf, priority, field,
                                               value, message):
    client.force_login(focal_point)
    response = post_action(client, "NPL", priority, **{field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert RoadmapAction.objects.count() == 0


def test_focal_point_adds_action_with_benchmark_and_lowercase_currency(client, focal_point,
                                                                       nepal_pf, priority):
    client.force_login(focal_point)
    response = post_action(client, "NPL", priority, currency="npr", **{
        "benchmarks-TOTAL_FORMS": "1", "benchmarks-0-year": "2020",
        "benchmarks-0-description": "20 inspectors trained"})
    assert response.status_code == 302
    saved = RoadmapAction.objects.get()
    assert saved.currency == "NPR"
    assert saved.resources_gap == D("800")
    assert saved.benchmarks.get().description == "20 inspectors trained"


def test_focal_point_cannot_act_on_another_country(client, other_focal_point, nepal_pf,
                                                   priority):
    client.force_login(other_focal_point)
    response = post_action(client, "NPL", priority)
    assert response.status_code == 403
    assert RoadmapAction.objects.count() == 0
    response = client.post(reverse("pathfinders:priority_new", args=["NPL"]),
                           {"title": "x", "order": 0})
    assert response.status_code == 403
    assert NationalPriority.objects.filter(title="x").count() == 0


def test_priority_of_another_country_is_not_a_valid_choice(client, focal_point, nepal_pf,
                                                           other_country):
    foreign = NationalPriority.objects.create(country=other_country, title="foreign")
    client.force_login(focal_point)
    response = post_action(client, "NPL", foreign)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert RoadmapAction.objects.count() == 0


def test_workshop_end_before_start_is_explained(client, focal_point, nepal_pf):
    client.force_login(focal_point)
    response = client.post(reverse("pathfinders:workshop_new", args=["NPL"]), {
        "status": "held", "start_date": "2019-02-07", "end_date": "2019-02-06",
        "region": "Asia and the Pacific"})
    assert response.status_code == 200
    assert "is before the start date" in response.content.decode()
    assert Workshop.objects.count() == 0


def test_workshop_checklist_and_participants_flag_missing_groups(client, focal_point, nepal_pf):
    client.force_login(focal_point)
    response = client.post(reverse("pathfinders:workshop_new", args=["NPL"]), {
        "status": "held", "start_date": "2019-02-07", "region": "Asia and the Pacific"})
    ws = Workshop.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("pathfinders:workshop_edit", args=["NPL", ws.pk]))
    assert page.status_code == 200
    parts = list(ws.participants.order_by("id"))
    data = {"status": "held", "start_date": "2019-02-07", "region": "Asia and the Pacific",
            "participants-TOTAL_FORMS": str(len(parts)),
            "participants-INITIAL_FORMS": str(len(parts)),
            "preparation-TOTAL_FORMS": "4", "preparation-INITIAL_FORMS": "4"}
    for i, p in enumerate(parts):
        data.update({f"participants-{i}-id": p.pk, f"participants-{i}-group": p.group,
                     f"participants-{i}-women": "0", f"participants-{i}-men": "0",
                     f"participants-{i}-other": "0"})
        if p.group == "ministries":
            data.update({f"participants-{i}-women": "4", f"participants-{i}-men": "6",
                         f"participants-{i}-organisations": "Ministry of Labour"})
    for i, t in enumerate(ws.preparation.order_by("id")):
        data.update({f"preparation-{i}-id": t.pk, f"preparation-{i}-item": t.item,
                     f"preparation-{i}-done": "on" if t.item == "statistics" else "",
                     f"preparation-{i}-done_by": "CBS" if t.item == "statistics" else ""})
    response = client.post(reverse("pathfinders:workshop_edit", args=["NPL", ws.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ws.participants.get(group="ministries").total == 10
    assert ws.preparation.get(item="statistics").done_by == "CBS"
    assert "ministries" not in ws.missing_groups()
    assert "survivors" in ws.missing_groups()
    detail = client.get(reverse("pathfinders:detail", args=["NPL"])).content.decode()
    assert "Survivors and affected groups" in detail
