"""Record ids posted to the group pages: a value that is not a whole number names no record."""

import pytest

from target87.groups.models import ProgressUpdate

from .test_workplans import item, member, sc_chair, seeded  # noqa: F401


@pytest.mark.parametrize("value", ["abc", "1e5", "-3", "99999999999999999999999", ""])
def test_progress_on_an_item_that_is_not_a_number_is_not_found(client, member, value):  # noqa: F811
    client.force_login(member)
    page = client.post("/en/action-groups/supply-chains/progress/", {
        "item": value, "date": "2024-05-02", "status": "in_progress", "text": "x"})
    assert page.status_code == 404
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize("path,field", [("updates", "update"), ("requests", "request")])
def test_chair_decisions_on_ids_that_are_not_numbers_are_not_found(
    client, sc_chair, path, field  # noqa: F811
):
    client.force_login(sc_chair)
    page = client.post(f"/en/action-groups/supply-chains/{path}/",
                       {field: "x", "decision": "accept"})
    assert page.status_code == 404


def test_a_real_item_is_still_found(client, member):  # noqa: F811
    client.force_login(member)
    target = item("supply-chains-2024", "2.2")
    client.post("/en/action-groups/supply-chains/progress/", {
        "item": str(target.pk), "date": "2024-05-02", "status": "in_progress",
        "achieved_value": "2", "text": "Two initiatives started in cocoa."})
    assert ProgressUpdate.objects.filter(item=target).exists()
