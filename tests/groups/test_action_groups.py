"""Action Groups: the groups the source documents name, their pages and visibility."""

import pytest

from target87.groups.models import ActionGroup, ChairRole, GroupChair
from target87.groups.seed import load_action_groups


@pytest.fixture
def groups(db):
    load_action_groups()
    return {g.slug: g for g in ActionGroup.objects.all()}


def test_four_groups_with_the_chairs_the_documents_name(groups):
    assert set(groups) == {
        "supply-chains", "migration", "conflict-and-humanitarian-settings", "rural-economies"
    }
    supply = groups["supply-chains"].chairs.get()
    # 2018-19 Global Workplan: "The Chair ... (currently held by the ILO)"
    assert supply.role == ChairRole.CHAIR and "(ILO)" in supply.organisation.name
    # 6th GCG report: "IOM, as co-chair of this action group together with UNICEF"
    migration = {c.organisation.name: c.role for c in groups["migration"].chairs.all()}
    assert sorted(migration.values()) == [ChairRole.CO_CHAIR, ChairRole.CO_CHAIR]
    assert any("(IOM)" in n for n in migration) and any("(UNICEF)" in n for n in migration)
    assert not GroupChair.objects.filter(group=groups["conflict-and-humanitarian-settings"])


def test_conflict_group_vision_and_three_pillars(groups):
    group = groups["conflict-and-humanitarian-settings"]
    assert group.vision.startswith("The Action Group on Conflict and Humanitarian Settings")
    assert "in conflict and humanitarian situations" in group.vision
    assert [p.name_en for p in group.pillars.all()] == [
        "Policy and Strategy Development", "Capacity Building", "Partnerships",
    ]


def test_names_in_six_languages_and_seeding_is_idempotent(groups):
    for group in groups.values():
        for lang in ("fr", "es", "ar", "zh", "ru"):
            assert group.name_is_translated(lang), (group.slug, lang)
    assert groups["migration"].name_in("ar") == "مجموعة العمل المعنية بالهجرة"
    assert load_action_groups() == 0


def test_pages_in_english_and_arabic_cite_documents_not_files(client, groups):
    response = client.get("/en/action-groups/")
    assert response.status_code == 200
    assert "Action Group on Rural Economies" in response.content.decode()
    page = client.get("/ar/action-groups/conflict-and-humanitarian-settings/").content.decode()
    assert "مجموعة العمل المعنية بحالات النزاع والأوضاع الإنسانية" in page
    assert "Capacity Building" not in page or "بناء القدرات" in page
    assert "briefing pack, 19 May 2020" in page
    assert "seed" not in page.lower() and ".txt" not in page
    # the curation note is for staff only
    assert "never been formally adopted" not in page


def test_unpublished_group_is_hidden_from_the_public(client, groups, gcg_member):
    ActionGroup.objects.filter(slug="rural-economies").update(is_published=False)
    assert client.get("/en/action-groups/rural-economies/").status_code == 404
    assert "Rural Economies" not in client.get("/en/action-groups/").content.decode()
    client.force_login(gcg_member)
    assert client.get("/en/action-groups/rural-economies/").status_code == 200
