"""Publications, labour laws and events in the reader's language, English where missing."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.db import IntegrityError, transaction
from icalendar import Calendar

from target87.accounts.permissions import Action, can
from target87.knowledge.models import (
    Event,
    EventTranslation,
    GoodPractice,
    LabourLaw,
    LawTranslation,
    PracticeTranslation,
    Publication,
    PublicationTranslation,
)

NOTE = 'class="fallback-note"'


@pytest.fixture
def event(country):
    event = Event.objects.create(
        title="Regional meeting on child labour",
        kind="meeting",
        start_date=dt.date(2030, 3, 4),
        end_date=dt.date(2030, 3, 5),
        location="Geneva, Switzerland",
        summary="Partners meet to plan the year.",
    )
    event.countries.set([country])
    return event


@pytest.fixture
def french_event(event):
    EventTranslation.objects.create(
        event=event,
        language="fr",
        title="Réunion régionale sur le travail des enfants",
        summary="Les partenaires se réunissent pour planifier l’année.",
        location="Genève, Suisse",
    )
    return event


@pytest.fixture
def law(country):
    return LabourLaw.objects.create(
        country=country,
        title="Child Labour Act",
        topic="child_labour",
        year_adopted=2000,
        summary="Sets the minimum age for work.",
    )


@pytest.fixture
def publication(db):
    return Publication.objects.create(
        title="Annual report on forced labour", kind="report", year=2030, summary="Findings."
    )


def _html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _ics(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return Calendar.from_ical(response.content).walk("VEVENT")


# ---------------------------------------------------------------- events


def test_french_event_title_on_french_pages(client, french_event):
    detail = _html(client, f"/fr/knowledge/events/{french_event.pk}/")
    assert "<h1>Réunion régionale sur le travail des enfants</h1>" in detail
    assert "Genève, Suisse" in detail
    assert "Les partenaires se réunissent" in detail
    assert NOTE not in detail
    listing = _html(client, "/fr/knowledge/events/")
    assert "Réunion régionale sur le travail des enfants" in listing
    assert "Regional meeting on child labour" not in listing
    assert NOTE not in listing
    month = _html(client, "/fr/knowledge/events/calendar/2030/3/")
    assert "Réunion régionale sur le travail des enfants" in month
    section = _html(client, "/fr/countries/NPL/")
    assert "Réunion régionale sur le travail des enfants" in section
    # the English pages keep the English text
    english = _html(client, f"/en/knowledge/events/{french_event.pk}/")
    assert "Regional meeting on child labour" in english
    assert "Réunion" not in english


def test_french_event_title_in_the_french_ics(client, french_event):
    (item,) = _ics(client, f"/fr/knowledge/events/{french_event.pk}.ics")
    assert str(item["summary"]) == "Réunion régionale sur le travail des enfants"
    assert item["summary"].params["LANGUAGE"] == "fr"
    assert str(item["location"]) == "Genève, Suisse"
    assert "Les partenaires se réunissent" in str(item["description"])
    (item,) = _ics(client, "/fr/knowledge/events/feed.ics")
    assert str(item["summary"]) == "Réunion régionale sur le travail des enfants"
    (item,) = _ics(client, f"/en/knowledge/events/{french_event.pk}.ics")
    assert str(item["summary"]) == "Regional meeting on child labour"
    assert item["summary"].params["LANGUAGE"] == "en"
    # no Spanish translation: the Spanish file says its title is English
    (item,) = _ics(client, f"/es/knowledge/events/{french_event.pk}.ics")
    assert str(item["summary"]) == "Regional meeting on child labour"
    assert item["summary"].params["LANGUAGE"] == "en"


def test_untranslated_event_in_english_with_the_note(client, event):
    detail = _html(client, f"/es/knowledge/events/{event.pk}/")
    assert '<h1 lang="en">Regional meeting on child labour</h1>' in detail
    assert NOTE in detail
    assert '<span lang="en">Geneva, Switzerland</span>' in detail
    assert '<p lang="en">Partners meet to plan the year.</p>' in detail
    listing = _html(client, "/es/knowledge/events/")
    assert NOTE in listing
    assert '<th scope="row" lang="en"><a href=' in listing
    month = _html(client, "/es/knowledge/events/calendar/2030/3/")
    assert NOTE in month
    assert 'lang="en">Regional meeting on child labour</a>' in month
    # English pages need neither
    english = _html(client, f"/en/knowledge/events/{event.pk}/")
    assert NOTE not in english
    assert "<h1>Regional meeting on child labour</h1>" in english


def test_part_of_a_translation_missing_is_marked_english(client, event):
    EventTranslation.objects.create(
        event=event, language="fr", title="Réunion régionale sur le travail des enfants"
    )
    detail = _html(client, f"/fr/knowledge/events/{event.pk}/")
    assert "<h1>Réunion régionale sur le travail des enfants</h1>" in detail
    assert NOTE not in detail  # the record is translated; only the place is not
    assert '<span lang="en">Geneva, Switzerland</span>' in detail
    assert event.translated("fr")["english"] == {"summary", "location"}


def test_adding_a_translation_changes_the_page_etag(client, event):
    url = f"/fr/knowledge/events/{event.pk}/"
    etag = client.get(url)["ETag"]
    EventTranslation.objects.create(event=event, language="fr", title="Réunion régionale")
    fresh = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200
    assert "Réunion régionale" in fresh.content.decode()


def test_event_download_in_the_reader_s_language(client, french_event):
    text = client.get("/fr/knowledge/events/?format=csv").content.decode("utf-8-sig")
    (row,) = list(csv.reader(io.StringIO(text)))[1:]
    assert row[0] == "Réunion régionale sur le travail des enfants"
    assert row[4] == "Genève, Suisse"
    text = client.get("/es/knowledge/events/?format=csv").content.decode("utf-8-sig")
    assert "Regional meeting on child labour" in text


# ---------------------------------------------------------------- laws and publications


def test_law_in_french_and_in_english_without_translation(client, law):
    LawTranslation.objects.create(
        law=law, language="fr", title="Loi sur le travail des enfants",
        summary="Fixe l’âge minimum d’admission à l’emploi.",
    )
    html = _html(client, "/fr/knowledge/laws/")
    assert "Loi sur le travail des enfants" in html
    assert "Fixe l’âge minimum" in html
    assert NOTE not in html
    html = _html(client, "/ru/knowledge/laws/")
    assert '<th scope="row" lang="en">Child Labour Act</th>' in html
    assert '<td lang="en">Sets the minimum age for work.</td>' in html
    assert NOTE in html
    assert "Loi sur le travail des enfants" in _html(client, "/fr/countries/NPL/")
    response = client.get("/fr/knowledge/laws/?format=xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(
        values_only=True))
    assert rows[1][1] == "Loi sur le travail des enfants"
    assert rows[1][5] == "Fixe l’âge minimum d’admission à l’emploi."


def test_publication_in_french_and_in_english_without_translation(client, publication):
    PublicationTranslation.objects.create(
        publication=publication, language="fr", title="Rapport annuel sur le travail forcé"
    )
    html = _html(client, "/fr/knowledge/publications/")
    assert "Rapport annuel sur le travail forcé" in html
    assert NOTE not in html
    html = _html(client, "/ar/knowledge/publications/")
    assert '<th scope="row" lang="en">Annual report on forced labour</th>' in html
    assert NOTE in html
    text = client.get("/fr/knowledge/publications/?format=csv").content.decode("utf-8-sig")
    assert "Rapport annuel sur le travail forcé" in text


# ---------------------------------------------------------------- constraints and rules


@pytest.mark.parametrize(
    "make",
    [
        lambda event, law, pub, lang: EventTranslation.objects.create(
            event=event, language=lang, title="x"),
        lambda event, law, pub, lang: LawTranslation.objects.create(
            law=law, language=lang, title="x"),
        lambda event, law, pub, lang: PublicationTranslation.objects.create(
            publication=pub, language=lang, title="x"),
    ],
    ids=["event", "law", "publication"],
)
def test_one_translation_per_language_and_only_content_languages(make, event, law, publication):
    make(event, law, publication, "fr")
    with pytest.raises(IntegrityError, match="(?i)unique"), transaction.atomic():
        make(event, law, publication, "fr")
    for code in ("en", "de", "zh"):
        with pytest.raises(IntegrityError, match="translation_language_valid"), \
                transaction.atomic():
            make(event, law, publication, code)
    make(event, law, publication, "zh-hans")


def test_practice_translation_constraints_unchanged(db):
    practice = GoodPractice.objects.create(
        slug="p", title="P", summary="S", sector="cocoa", theme="child_labour", level="national"
    )
    PracticeTranslation.objects.create(practice=practice, language="fr", title="P", summary="S")
    with pytest.raises(IntegrityError, match="(?i)unique"), transaction.atomic():
        PracticeTranslation.objects.create(practice=practice, language="fr", title="Q",
                                           summary="T")
    with pytest.raises(IntegrityError, match="practice_translation_language_valid"), \
            transaction.atomic():
        PracticeTranslation.objects.create(practice=practice, language="it", title="Q",
                                           summary="T")


def test_translation_seen_with_its_record_kept_by_the_secretariat(
    event, secretariat, partner_user
):
    translation = EventTranslation.objects.create(event=event, language="fr", title="Réunion")
    assert can(partner_user, Action.VIEW, translation)
    assert not can(partner_user, Action.CHANGE, translation)
    assert can(secretariat, Action.CHANGE, translation)
    event.is_published = False
    event.save()
    translation.refresh_from_db()
    assert not can(partner_user, Action.VIEW, translation)
    assert can(secretariat, Action.VIEW, translation)


def test_admin_edits_translations_on_the_record_page(client, event, secretariat):
    client.force_login(secretariat)
    response = client.get(f"/en/admin/knowledge/event/{event.pk}/change/")
    assert response.status_code == 200
    assert 'name="translations-TOTAL_FORMS"' in response.content.decode()
    for path in ("publication/add/", "labourlaw/add/"):
        html = _html(client, f"/en/admin/knowledge/{path}")
        assert 'name="translations-TOTAL_FORMS"' in html, path


# ---------------------------------------------------------------- API


def test_api_lists_the_translations(client, french_event, law, publication):
    LawTranslation.objects.create(law=law, language="es", title="Ley sobre el trabajo infantil")
    (item,) = client.get("/api/events/").json()["items"]
    assert item["title"] == "Regional meeting on child labour"
    assert item["translations"] == [{
        "language": "fr",
        "title": "Réunion régionale sur le travail des enfants",
        "summary": "Les partenaires se réunissent pour planifier l’année.",
        "location": "Genève, Suisse",
    }]
    (item,) = client.get("/api/laws/").json()["items"]
    assert item["translations"] == [
        {"language": "es", "title": "Ley sobre el trabajo infantil", "summary": ""}]
    (item,) = client.get("/api/publications/").json()["items"]
    assert item["translations"] == []
