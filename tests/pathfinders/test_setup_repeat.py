"""Running setup again after people edited seeded records: nothing duplicated, edits kept."""

import copy

import pytest

from target87.core.models import SeedRecord
from target87.pathfinders import reference
from target87.pathfinders.models import LessonLearnt, NationalPriority, NextStep, Workshop
from target87.pathfinders.reference import load_pathfinder_data, read_data

pytestmark = pytest.mark.django_db


def _nepal_rows(kind):
    return [row for row in read_data()[kind] if row["iso3"] == "NPL"]


def _first_nepal_priority():
    row = min(_nepal_rows("priorities"), key=lambda r: r["order"])
    return row, NationalPriority.objects.get(country__iso3="NPL", order=row["order"])


def test_an_edited_priority_and_next_step_are_not_created_again():
    load_pathfinder_data()
    row, priority = _first_nepal_priority()
    priority.title = "Coordination committee chaired by the Prime Minister's office"
    priority.save()
    step = NextStep.objects.filter(country__iso3="NPL").order_by("order").first()
    step.text = "Committee formed in March; terms of reference adopted"
    step.done = True
    step.save()

    assert load_pathfinder_data() == 0
    assert NationalPriority.objects.filter(country__iso3="NPL").count() == len(
        _nepal_rows("priorities"))
    assert NextStep.objects.filter(country__iso3="NPL").count() == len(_nepal_rows("next_steps"))
    assert not NationalPriority.objects.filter(title=row["title"]).exists()
    priority.refresh_from_db()
    step.refresh_from_db()
    assert priority.title.startswith("Coordination committee chaired")
    assert step.done is True and step.text.startswith("Committee formed")


def test_a_corrected_data_file_updates_fields_nobody_edited_and_keeps_edited_ones(monkeypatch):
    load_pathfinder_data()
    row, priority = _first_nepal_priority()
    priority.title = "Edited by the focal point"
    priority.save()

    data = copy.deepcopy(read_data())
    for item in data["priorities"]:
        if item["iso3"] == "NPL" and item["order"] == row["order"]:
            item["title"] = "Corrected title in the data file"
            item["heading"] = "Corrected heading"
    monkeypatch.setattr(reference, "read_data", lambda: data)

    assert load_pathfinder_data() == 1
    priority.refresh_from_db()
    assert priority.title == "Edited by the focal point"  # the person's edit wins
    assert priority.heading == "Corrected heading"  # nobody touched it: follows the file
    assert load_pathfinder_data() == 0


def test_a_deleted_seed_record_stays_deleted():
    load_pathfinder_data()
    lessons = LessonLearnt.objects.count()
    LessonLearnt.objects.order_by("order").first().delete()
    assert load_pathfinder_data() == 0
    assert LessonLearnt.objects.count() == lessons - 1


def test_records_loaded_before_keys_existed_are_adopted_even_when_edited():
    load_pathfinder_data()
    counts = (Workshop.objects.count(), NationalPriority.objects.count(),
              NextStep.objects.count(), LessonLearnt.objects.count())
    SeedRecord.objects.all().delete()  # as an installation set up by an earlier version
    _row, priority = _first_nepal_priority()
    priority.title = "Edited before the upgrade"
    priority.save()

    load_pathfinder_data()
    assert (Workshop.objects.count(), NationalPriority.objects.count(),
            NextStep.objects.count(), LessonLearnt.objects.count()) == counts
    priority.refresh_from_db()
    assert priority.title == "Edited before the upgrade"
    assert load_pathfinder_data() == 0
