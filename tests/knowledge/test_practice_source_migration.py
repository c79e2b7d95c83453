"""Existing databases: seeded good practices whose source named a file number ("Seed 000")
cite the document by title, author and date; practices people edited keep their text."""

import importlib
import json
from importlib import resources

import pytest
from django.apps import apps
from django.utils import timezone

from target87.knowledge.models import GoodPractice

migration = importlib.import_module(
    "target87.knowledge.migrations.0005_practice_source_citations")

README_TITLES = {
    "000": "Berlin Strategic Workshop: Outcome Report",
    "003": "Global Progress and Good Practices of Alliance 8.7",
    "004": "7th Global Coordinating Group Meeting: briefing pack",
}


def _practice(slug, source):
    return GoodPractice.objects.create(
        slug=slug, title=slug, summary="s", sector="agriculture", theme="child_labour",
        level="national", status="published", published_at=timezone.now(), source=source)


def test_seed_numbers_become_citations_and_the_part_named_stays():
    text = migration.cite("Seed 000, working group on capacity building and tools")
    assert text.startswith("Alliance 8.7 Supply Chain Action Group, " + README_TITLES["000"])
    assert text.endswith("21 June 2017: working group on capacity building and tools")
    both = migration.cite("Seed 003 (Child Labour Platform); seed 000")
    assert "seed" not in both.lower()
    assert README_TITLES["003"] + ", 2019: Child Labour Platform; " in both
    assert both.endswith("21 June 2017")
    assert "19 May 2020: 6th GCG meeting" in migration.cite("Seed 004, 6th GCG meeting")


def test_sources_the_data_file_gives_now_are_left_as_they_are():
    data = json.loads((resources.files("target87.knowledge") / "data" / "practices.json")
                      .read_text("utf-8"))
    for item in data["practices"]:
        assert migration.cite(item["source"]) == item["source"]


@pytest.mark.django_db
def test_migration_rewrites_seeded_practices_only(secretariat, focal_point):
    seeded = _practice("seeded", "Seed 000 (inter-ministerial committees); seed 003 (Nepal)")
    edited = _practice("edited", "Seed 000, working group on advocacy")
    edited.summary = "Changed by the Secretariat"
    edited._history_user = secretariat
    edited.save()
    submitted = _practice("submitted", "seed 004")
    GoodPractice.objects.filter(pk=submitted.pk).update(submitted_by=focal_point)
    cited = _practice("cited", "Alliance 8.7, Global Progress and Good Practices of "
                               "Alliance 8.7, 2019: Uganda")

    assert migration.cite_seed_sources(apps) == 1
    seeded.refresh_from_db()
    assert seeded.source == (
        "Alliance 8.7 Supply Chain Action Group, Berlin Strategic Workshop: Outcome Report, "
        "21 June 2017: inter-ministerial committees; Alliance 8.7, Global Progress and Good "
        "Practices of Alliance 8.7, 2019: Nepal")
    for obj, source in ((edited, "Seed 000, working group on advocacy"),
                        (submitted, "seed 004"),
                        (cited, cited.source)):
        obj.refresh_from_db()
        assert obj.source == source
    # a second run finds nothing left to do
    assert migration.cite_seed_sources(apps) == 0
