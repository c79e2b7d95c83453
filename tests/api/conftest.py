import pytest


@pytest.fixture
def get(client):
    """GET a JSON API answer, checking the status code."""

    def _get(url, params=None, status=200):
        response = client.get(url, params or {})
        assert response.status_code == status, response.content[:500]
        return response.json()

    return _get
