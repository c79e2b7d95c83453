"""The dashboard and the indicator list name disaggregations in the reader's language."""

from pathlib import Path

import pytest

from target87.monitoring.imports import import_file

FILES = Path(__file__).parent / "files"


def other_values(html):
    return html.split('id="monitoring-title"')[1].split("</section>")[0].split("<h3>")[-2]


@pytest.mark.django_db
def test_other_published_values_name_sex_and_age(client, catalogue, country):
    import_file("sdg", "sdg_871_nepal.csv", (FILES / "sdg_871_nepal.csv").read_bytes(),
                "2024-11-30")
    english = other_values(client.get(f"/en/countries/{country.iso3}/").content.decode())
    assert "Age: 5-17 · Sex: Female" in english and "Age: 5-17 · Sex: Male" in english
    assert "sex=female" not in english
    arabic = client.get(f"/ar/countries/{country.iso3}/").content.decode()
    assert "العمر: 5-17 · الجنس: إناث" in other_values(arabic)
    # the release date keeps its left-to-right order inside Arabic text
    assert 'الإصدار <bdi dir="ltr">2024-11-30</bdi>' in arabic


@pytest.mark.django_db
def test_indicator_list_names_dimensions(client, catalogue):
    html = client.get("/zh-hans/monitoring/").content.decode()
    assert "性别, 年龄" in html
    assert "sex, age" not in html
