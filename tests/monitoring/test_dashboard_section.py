"""The country dashboard's key figures: values with CI, year, source and status, or 'No data'."""

import re

from target87.monitoring import services


def _publish(country, code, period, value, user, disaggregation=None, **fields):
    obs = services.save_observation(country, code, period, value, disaggregation, user=user,
                                    **fields)
    services.submit_observations([obs], user)
    services.approve_observation(obs, user)
    services.publish_observation(obs, user)
    return obs


def test_country_without_data_says_no_data_never_zero(client, catalogue, other_country):
    html = client.get(f"/en/countries/{other_country.iso3}/").content.decode()
    assert "Key figures" in html
    assert html.count("No data") >= 6 + 11  # six prevalence figures, eleven conventions
    table = html.split('id="monitoring-title"')[1].split("</section>")[0]
    assert not re.search(r">\s*0(\.0)?%?\s*<", table)


def test_published_prevalence_shows_value_ci_year_source(client, catalogue, country, secretariat):
    _publish(country, "CL_PREV_ECON", 2018, "15.3", secretariat, {"age": "5-17"},
             se="0.7", ci_low="13.9", ci_high="16.7", source="Nepal Labour Force Survey 2017/18")
    _publish(country, "CL_PREV_ECON", 2008, "33.9", secretariat, {"age": "5-17"},
             source="NLFS 2008")
    html = client.get(f"/en/countries/{country.iso3}/").content.decode()
    section = html.split('id="monitoring-title"')[1].split("</section>")[0]
    assert "15.3%" in section and "13.9–16.7" in section and "2018" in section
    assert "Nepal Labour Force Survey 2017/18" in section and "Published" in section
    key_figures, over_time = section.split('id="series-title"')
    assert "33.9%" not in key_figures  # only the latest figure is a key figure
    assert "33.9%" in over_time and "15.3%" in over_time  # both years on the chart
    # a draft is not public
    services.save_observation(country, "CL_PREV_HAZARDOUS", 2018, "8.0", user=secretariat)
    html = client.get(f"/en/countries/{country.iso3}/").content.decode()
    assert "8.0%" not in html.split('id="monitoring-title"')[1].split("</section>")[0]


def test_conventions_show_ratification_year(client, catalogue, country, secretariat):
    _publish(country, "CL_LEG_CONV_PRIORITY", 2020, True, secretariat, {"convention": "C138"},
             value_year=1997, source="ILO NORMLEX")
    html = client.get(f"/fr/countries/{country.iso3}/").content.decode()
    section = html.split('id="monitoring-title"')[1].split("</section>")[0]
    assert "(1997)" in section
