"""The roadmap's text (priorities, actions, progress notes, next steps) in the reader's
language, English with a note where no translation exists, edited by those who may edit
the roadmap."""

import datetime as dt
import io

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from target87.accounts.permissions import Action, can
from target87.pathfinders import report
from target87.pathfinders.models import (
    ActionTranslation,
    NationalPriority,
    NextStep,
    NextStepTranslation,
    PriorityTranslation,
    ProgressNote,
    ProgressNoteTranslation,
    RoadmapAction,
)

from .conftest import held_workshop

NOTE_FR = "Une partie de ce texte n’est pas encore traduite dans cette langue"
NOTE_EN = "Some of this text is not yet translated into this language"


@pytest.fixture
def roadmap(nepal, country):
    translated = NationalPriority.objects.create(
        country=country, order=1, title="Eliminate child labour in brick kilns by 2025",
        heading="Priorities for action")
    PriorityTranslation.objects.create(
        priority=translated, language="fr",
        title="Éliminer le travail des enfants dans les briqueteries d’ici 2025",
        heading="Priorités d’action")
    untranslated = NationalPriority.objects.create(
        country=country, order=2, title="Strengthen labour inspection in the carpet sector",
        heading="Priorities for action")
    action = RoadmapAction.objects.create(priority=translated, title="Train 200 inspectors",
                                          indicator="Inspectors trained")
    ActionTranslation.objects.create(action=action, language="fr",
                                     title="Former 200 inspecteurs")
    note = ProgressNote.objects.create(action=action, date=dt.date(2020, 3, 1),
                                       text="First course held in Kathmandu")
    ProgressNoteTranslation.objects.create(note=note, language="fr",
                                           text="Premier cours tenu à Katmandou")
    step = NextStep.objects.create(country=country, text="Adopt the national master plan")
    return {"translated": translated, "untranslated": untranslated, "action": action,
            "note": note, "step": step}


def _page(client, lang="fr"):
    return client.get(f"/{lang}/pathfinders/NPL/").content.decode()


def test_translated_priority_shows_in_french(client, roadmap):
    html = _page(client)
    assert "Éliminer le travail des enfants dans les briqueteries d’ici 2025" in html
    assert "Eliminate child labour in brick kilns" not in html
    assert "Former 200 inspecteurs" in html
    assert "Premier cours tenu à Katmandou" in html
    assert "<bdi>Priorités d’action</bdi>" in html
    # the field without a French text keeps its English text, marked as English
    assert '<bdi lang="en">Inspectors trained</bdi>' in html


def test_untranslated_priority_shows_english_with_the_note(client, roadmap):
    html = _page(client)
    assert '<bdi lang="en">Strengthen labour inspection in the carpet sector</bdi>' in html
    assert '<bdi lang="en">Priorities for action</bdi>' in html
    assert NOTE_FR in html
    assert '<bdi lang="en">Adopt the national master plan</bdi>' in html


def test_fully_translated_roadmap_has_no_note(client, roadmap):
    roadmap["untranslated"].delete()
    ActionTranslation.objects.filter(action=roadmap["action"]).update(
        indicator="Inspecteurs formés")
    NextStepTranslation.objects.create(step=roadmap["step"], language="fr",
                                       text="Adopter le plan directeur national")
    html = _page(client)
    assert NOTE_FR not in html
    assert 'lang="en"' not in html.split('id="roadmap"')[1].split('id="reviews"')[0]
    # English readers read the record itself, with no note
    html = _page(client, "en")
    assert "Eliminate child labour in brick kilns by 2025" in html and NOTE_EN not in html


def test_workshop_report_and_word_file_use_the_translation(client, roadmap, country):
    held_workshop(country)
    html = client.get("/fr/pathfinders/NPL/report/").content.decode()
    assert "Éliminer le travail des enfants dans les briqueteries" in html
    assert "Strengthen labour inspection in the carpet sector" in html
    assert NOTE_FR in html
    from docx import Document

    with translation.override("fr"):
        data = report.render_docx(roadmap["translated"].country.pathfinder)
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "Éliminer le travail des enfants dans les briqueteries" in text
    assert NOTE_FR in text


def test_one_translation_per_record_and_language(roadmap):
    with pytest.raises(IntegrityError), transaction.atomic():
        PriorityTranslation.objects.create(priority=roadmap["translated"], language="fr",
                                           title="Autre")
    with pytest.raises(IntegrityError), transaction.atomic():
        PriorityTranslation.objects.create(priority=roadmap["untranslated"], language="en",
                                           title="English is the record itself")


def test_translations_follow_the_roadmap_permissions(roadmap, focal_point, other_focal_point,
                                                     gcg_member, secretariat):
    tr = roadmap["translated"].translations.get()
    new_step = NextStepTranslation(step=roadmap["step"], language="es", text="Adoptar el plan")
    for obj in (tr, new_step):
        assert can(focal_point, Action.CHANGE, obj)
        assert can(secretariat, Action.CHANGE, obj)
        assert not can(other_focal_point, Action.CHANGE, obj)
        assert not can(gcg_member, Action.CHANGE, obj)
    assert can(focal_point, Action.DELETE, tr)
    assert not can(other_focal_point, Action.DELETE, tr)


def _formset(prefix="translations", rows=()):
    """POST data of the translations formset: the given rows, no rows on record."""
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "5"}
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{k}": v for k, v in row.items()})
    return data


def _priority_post(priority, rows):
    return {"title": priority.title, "heading": priority.heading, "theme": "", "area_of_focus": "",
            "workshop": "", "order": str(priority.order), **_formset(rows=rows)}


def test_focal_point_adds_a_translation_on_the_priority_form(client, roadmap, focal_point):
    priority = roadmap["untranslated"]
    url = f"/en/pathfinders/NPL/priorities/{priority.pk}/"
    client.force_login(focal_point)
    page = client.get(url).content.decode()
    assert 'name="translations-0-language"' in page
    response = client.post(url, _priority_post(priority, [
        {"language": "ar", "title": "تعزيز تفتيش العمل في قطاع السجاد"}]))
    assert response.status_code == 302
    tr = priority.translations.get(language="ar")
    assert tr.title == "تعزيز تفتيش العمل في قطاع السجاد"
    # the change is in the record's history, signed
    assert tr.history.get().history_user == focal_point
    html = client.get("/ar/pathfinders/NPL/").content.decode()
    assert "تعزيز تفتيش العمل في قطاع السجاد" in html


def test_other_countrys_focal_point_may_not_translate(client, roadmap, other_focal_point):
    priority = roadmap["untranslated"]
    client.force_login(other_focal_point)
    response = client.post(f"/en/pathfinders/NPL/priorities/{priority.pk}/",
                           _priority_post(priority, [{"language": "fr", "title": "Pirate"}]))
    assert response.status_code == 403
    assert not priority.translations.exists()


def test_two_rows_for_one_language_are_refused(client, roadmap, focal_point):
    priority = roadmap["untranslated"]
    client.force_login(focal_point)
    response = client.post(f"/en/pathfinders/NPL/priorities/{priority.pk}/",
                           _priority_post(priority, [{"language": "fr", "title": "Un"},
                                                     {"language": "fr", "title": "Deux"}]))
    assert response.status_code == 200
    assert not priority.translations.exists()


def test_next_step_translation_is_edited_with_the_step(client, roadmap, focal_point):
    step = roadmap["step"]
    client.force_login(focal_point)
    response = client.post(f"/en/pathfinders/NPL/next-steps/{step.pk}/", {
        "text": step.text, "order": "0", "workshop": "",
        **_formset(rows=[{"language": "ru", "text": "Принять национальный генеральный план"}])})
    assert response.status_code == 302
    assert step.translations.get(language="ru").text.startswith("Принять")


def test_a_form_sent_without_translation_rows_keeps_the_translations(client, roadmap,
                                                                      focal_point):
    priority = roadmap["translated"]
    client.force_login(focal_point)
    data = _priority_post(priority, [])
    data = {k: v for k, v in data.items() if not k.startswith("translations-")}
    data["title"] = "Eliminate child labour in brick kilns by 2030"
    assert client.post(f"/en/pathfinders/NPL/priorities/{priority.pk}/", data).status_code == 302
    priority.refresh_from_db()
    assert priority.title.endswith("2030")
    assert priority.translations.get(language="fr").title.startswith("Éliminer")
