ENDPOINTS = [
    "/api/countries/", "/api/countries/{iso3}",
    "/api/pathfinders/", "/api/pathfinders/{iso3}",
    "/api/indicators/", "/api/observations/", "/api/observations.sdmx.csv",
    "/api/practices/", "/api/events/", "/api/publications/", "/api/laws/", "/api/partners/",
    "/api/trends/series/", "/api/trends/project",
]


def test_openapi_lists_every_endpoint_with_schemas(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    assert set(ENDPOINTS) <= set(doc["paths"])
    for path in ENDPOINTS:
        operation = doc["paths"][path]["get"]
        assert operation.get("summary") or operation.get("description"), path
        assert "200" in operation["responses"], path
        content = operation["responses"]["200"]["content"]
        assert "application/json" in content or "text/csv" in content, path
    schemas = doc["components"]["schemas"]
    for name in ("PagedPathfinderOut", "PathfinderDetailOut", "PagedIndicatorOut",
                 "PagedObservationOut", "PagedPracticeOut", "PagedEventOut",
                 "PagedPublicationOut", "PagedLawOut", "PagedPartnerOut", "PagedSeriesOut",
                 "ProjectionOut", "ErrorOut"):
        assert name in schemas, name
    params = {p["name"] for p in doc["paths"]["/api/observations/"]["get"]["parameters"]}
    assert {"country", "indicator", "series", "period_from", "period_to", "limit",
            "offset"} <= params
    params = {p["name"] for p in doc["paths"]["/api/events/"]["get"]["parameters"]}
    assert {"from", "to", "country"} <= params
    csv_content = doc["paths"]["/api/observations.sdmx.csv"]["get"]["responses"]["200"]
    assert "text/csv" in csv_content["content"]


def test_docs_page_is_served(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content


def test_error_messages_in_the_reader_s_language(client, db):
    response = client.get("/api/laws/", {"country": "ZZZ"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "country : « ZZZ » n’est pas un code de pays ISO 3166 alpha-3.")
    response = client.get("/api/laws/", {"country": "ZZZ"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "is not an ISO 3166 alpha-3 country code" in response.json()["detail"]
