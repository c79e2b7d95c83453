"""Errors of the measurement library are shown in the reader's language, with the column, row
or file they name; a failed run is said in the language of whoever looks at it."""

import ast
import html
import re
from pathlib import Path

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

import target87.measure
from target87.measure.child_labour import VariableMapping, get_definition
from target87.measure.cli import MeasureInputError
from target87.surveys import errors, services
from target87.surveys.models import RunStatus, SurveyUpload

from .conftest import survey_frame, write_csv

pytestmark = pytest.mark.django_db

LANGUAGES = ["fr", "es", "ar", "zh-hans", "ru"]
CUSTOM = {
    "preset": "custom", "age": "age", "sex": "sex", "weight": "weight", "psu": "cluster",
    "strata": "stratum", "econ_hours": ["econ_hours"], "chores_hours": ["chores_hours"],
    "yes_codes": "1", "hours_codes": "97, 98, 99", "definition": "sdg-8.7.1",
    "comparison": ">=", "basis": "both", "ci": "logit", "lonely_psu": "error",
}


def make_upload(user, country, path) -> SurveyUpload:
    with open(path, "rb") as fh:
        return services.create_upload(user, country, SimpleUploadedFile(path.name, fh.read()))


def failed_run(user, upload, **mapping):
    """A run executed in-process as the worker would, in a language no reader uses."""
    base = {"age": "age", "sex": "sex", "weight": "weight", "psu": "cluster",
            "strata": "stratum", "econ_hours": ["econ_hours"], "chores_hours": ["chores_hours"]}
    run = services.start_run(user, upload, VariableMapping.from_dict({**base, **mapping}),
                             get_definition(None))
    with translation.override("ru"):
        services.execute_run(run.pk, run.result_id)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    return run


def page(client, url) -> str:
    return html.unescape(client.get(url).content.decode())


def shown_error(client, url) -> str:
    """The failure paragraph of a run page (the audit history beside it keeps raw values)."""
    match = re.search(r'<p class="run-error">(.*?)</p>', page(client, url), re.S)
    assert match, url
    return match.group(1)


def test_job_failing_on_negative_weights_is_shown_in_the_viewers_language(
        client, focal_point, country, tmp_path):
    frame = survey_frame()
    frame["weight"][[4, 9]] = -1.0
    upload = make_upload(focal_point, country, write_csv(tmp_path / "neg.csv", frame))
    run = failed_run(focal_point, upload)
    # Stored in English for the record, with its code and values for every reader.
    assert run.error == "weight column 'weight' is negative at rows 5, 10"
    assert run.error_code == "weight_negative"
    assert run.error_params["column"] == "weight" and run.error_params["row_numbers"] == [5, 10]

    client.force_login(focal_point)
    assert shown_error(client, f"/fr/surveys/runs/{run.pk}/") == (
        "la colonne de pondération 'weight' est négative (lignes 5, 10)")
    state = client.get(f"/fr/surveys/runs/{run.pk}/status/").json()
    assert state["error"] == "la colonne de pondération 'weight' est négative (lignes 5, 10)"
    assert shown_error(client, f"/ar/surveys/runs/{run.pk}/") == (
        "عمود الترجيح 'weight' سالب (الصفان 5, 10)")  # two rows: the dual
    assert shown_error(client, f"/en/surveys/runs/{run.pk}/") == run.error


def test_job_failing_on_a_missing_mapped_column_names_it_in_french(
        client, focal_point, country, survey_csv):
    upload = make_upload(focal_point, country, survey_csv)
    run = failed_run(focal_point, upload, chores_hours=["hours_chores_2"])
    assert run.error_code == "column_not_in_file"
    client.force_login(focal_point)
    french = shown_error(client, f"/fr/surveys/runs/{run.pk}/")
    assert french.startswith("lfs-2019.csv : colonne 'hours_chores_2' introuvable (le fichier a "
                             "8 colonnes, par exemple cluster,")
    chinese = shown_error(client, f"/zh-hans/surveys/runs/{run.pk}/")
    assert chinese.startswith("lfs-2019.csv：找不到列 'hours_chores_2'（文件共有 8 列")


def test_mapping_preview_problem_is_in_french_with_column_and_row(
        client, focal_point, country, bad_csv):
    upload = make_upload(focal_point, country, bad_csv)
    client.force_login(focal_point)
    response = client.post(f"/fr/surveys/uploads/{upload.pk}/", {**CUSTOM, "action": "preview"})
    text = html.unescape(response.content.decode())
    assert ("la colonne 'econ_hours' (heures d'activité économique) doit être numérique ; "
            "valeur 'lots' trouvée (ligne 3)") in text
    assert "must be numeric" not in text


def test_damaged_upload_is_refused_in_the_users_language(client, focal_point, country):
    client.force_login(focal_point)
    response = client.post("/fr/surveys/upload/", {
        "country": country.pk, "description": "",
        "file": SimpleUploadedFile("x.parquet", b"PAR1" + b"\x8a\x11garbage bytes" * 20)})
    text = html.unescape(response.content.decode())
    assert "x.parquet : un fichier Parquet est attendu, mais il est illisible (" in text
    assert not SurveyUpload.objects.exists()


def test_many_rows_are_said_with_the_count(settings):
    exc = MeasureInputError("age_missing", "age column %(column)r is missing at %(rows)s",
                            column="CB3", rows="rows 1, 2, 3, 4, 5 (first 5 of 40)",
                            row_numbers=[1, 2, 3, 4, 5], row_count=40)
    with translation.override("es"):
        assert errors.describe(exc) == ("la columna de edad 'CB3' no tiene valor "
                                        "(filas 1, 2, 3, 4, 5 (las primeras 5 de 40))")
    with translation.override("ru"):
        assert "строка 7" in errors.describe(MeasureInputError(
            "age_missing", "age column %(column)r is missing at %(rows)s", column="CB3",
            rows="row 7", row_numbers=[7], row_count=1))


def test_unknown_code_and_plain_errors_fall_back_to_english(client, focal_point, country,
                                                           survey_csv):
    unknown = MeasureInputError("not_a_known_code", "the %(thing)s is odd", thing="frobnicator")
    plain = MeasureInputError("something odd happened")
    with translation.override("fr"):
        assert errors.describe(unknown) == "the frobnicator is odd"
        assert errors.describe(plain) == "something odd happened"
        assert errors.describe(ValueError("not ours")) == "not ours"
        # A known code whose stored values do not fit keeps the stored text.
        assert errors.describe_code("weight_negative", {}, "stored text") == "stored text"
    upload = make_upload(focal_point, country, survey_csv)
    run = failed_run(focal_point, upload, chores_hours=["nope"])
    run.error_code = "a_code_from_a_later_version"
    run.save(update_fields=["error_code"])
    client.force_login(focal_point)
    assert shown_error(client, f"/fr/surveys/runs/{run.pk}/") == run.error
    assert run.error.startswith("lfs-2019.csv: column 'nope' not found")


def _raised_templates() -> dict[str, set[str]]:
    """code -> English templates raised with it in the library and in this app."""
    found: dict[str, set[str]] = {}
    package = Path(target87.measure.__file__).parent
    files = [*package.rglob("*.py"), Path(services.__file__)]
    for path in files:
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                args = node.exc.args
                if len(args) < 2:
                    continue
                pairs = [(args[0], args[1])]
                if isinstance(args[0], ast.IfExp) and isinstance(args[1], ast.IfExp):
                    pairs = [(args[0].body, args[1].body), (args[0].orelse, args[1].orelse)]
                for code, template in pairs:
                    if isinstance(code, ast.Constant) and isinstance(template, ast.Constant):
                        found.setdefault(code.value, set()).add(template.value)
        for node in ast.walk(tree):  # the SPSS / Stata pair is kept in a table
            if isinstance(node, ast.Tuple) and len(node.elts) == 2 and all(
                    isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
                code, template = (e.value for e in node.elts)
                if code.endswith("_unreadable") and "%(file)s" in template:
                    found.setdefault(code, set()).add(template)
    return found


def test_catalogue_templates_are_the_librarys_own():
    raised = _raised_templates()
    for code, template in errors.TEMPLATES.items():
        if code == errors.UNEXPECTED:
            continue
        assert raised.get(code) == {template}, code


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_template_is_translated_and_keeps_its_placeholders(lang):
    with translation.override(lang):
        for code, template in errors.TEMPLATES.items():
            text = translation.gettext(template)
            assert text != template, f"{lang}: {code} untranslated"
            names = sorted(re.findall(r"%\((\w+)\)", template))
            assert sorted(re.findall(r"%\((\w+)\)", text)) == names, f"{lang}: {code}"


def test_rows_phrase_ignores_the_english_one():
    mask = np.zeros(10, dtype=bool)
    mask[[0, 2]] = True
    from target87.measure.survey import row_params

    params = row_params(mask)
    with translation.override("fr"):
        assert errors.describe_code("weight_negative", {**params, "column": "w"}, "") == (
            "la colonne de pondération 'w' est négative (lignes 1, 3)")


def test_forced_labour_input_errors_are_said_in_french():
    from target87.measure.forced_labour import (
        ForcedLabourInputError,
        estimate_forced_labour,
    )

    data = {"age": np.array([30.0, 40.0, 50.0]), "inv": np.array([1.0, 0.0, 1.0]),
            "coer": np.array(["yes", "perhaps", "no"], dtype=object)}
    with pytest.raises(ForcedLabourInputError) as exc:
        estimate_forced_labour(data, {"involuntary": ["inv"], "coercion": ["coer"]},
                               {"age": "age"})
    assert exc.value.code == "fl_indicator_not_yes_no"
    with translation.override("fr"):
        text = errors.describe(exc.value)
    assert text.startswith("la colonne d'indicateur 'coer' doit contenir des réponses oui/non")
    assert "'perhaps'" in text and "ligne 2" in text
    with pytest.raises(ForcedLabourInputError) as exc:
        estimate_forced_labour(data, {"involuntary": ["inv"], "coercion": ["nope"]})
    with translation.override("fr"):
        text = errors.describe(exc.value)
    assert exc.value.code == "fl_columns_missing"
    assert text == "data : colonne(s) 'nope' introuvable(s)"
