import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from target87.pathfinders.models import (
    PathfinderCountry,
    PathfinderStatus,
    StatusTransition,
    Workshop,
    WorkshopStatus,
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path / "data"  # rendered report PDFs


def letter(name="chair-letter.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 letter", content_type="application/pdf")


S = PathfinderStatus
_PATH = [S.PROSPECTIVE, S.EXPRESSION_OF_INTEREST, S.WORKSHOP_HELD, S.REPORTED_TO_GCG,
         S.ACTIVE, S.ON_HOLD]


def make_pathfinder(country, status=PathfinderStatus.PROSPECTIVE, **extra):
    """A pathfinder whose recorded history reaches ``status`` through legal steps."""
    pf = PathfinderCountry.objects.create(country=country, status=status, **extra)
    chain = [S.PROSPECTIVE, S.WITHDRAWN] if status == S.WITHDRAWN else \
        _PATH[: _PATH.index(status) + 1]
    previous = ""
    for step in chain:
        StatusTransition.objects.create(pathfinder=pf, from_status=previous, to_status=step,
                                        source="test fixture")
        previous = step
    return pf


def held_workshop(country, day=dt.date(2019, 2, 7)):
    return Workshop.objects.create(country=country, status=WorkshopStatus.HELD, start_date=day,
                                   region=country.ilo_region)


@pytest.fixture
def nepal(country):
    return make_pathfinder(country)


@pytest.fixture
def madagascar(other_country):
    return make_pathfinder(other_country)
