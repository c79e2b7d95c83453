"""Reloading knowledge seed data after people edited events, publications and laws."""

import pytest

from target87.knowledge.models import Event, LabourLaw, Publication
from target87.knowledge.services import load_reference_data

pytestmark = pytest.mark.django_db


def test_edited_events_publications_and_laws_are_not_created_again():
    assert load_reference_data() > 0
    counts = (Event.objects.count(), Publication.objects.count(), LabourLaw.objects.count())
    for model in (Event, Publication, LabourLaw):
        record = model.objects.order_by("pk").first()
        record.title = f"{record.title} (corrected by the Secretariat)"
        record.save()

    assert load_reference_data() == 0
    assert (Event.objects.count(), Publication.objects.count(),
            LabourLaw.objects.count()) == counts
    for model in (Event, Publication, LabourLaw):
        assert model.objects.order_by("pk").first().title.endswith("(corrected by the Secretariat)")
