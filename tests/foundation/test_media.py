"""Uploaded files are served only as attachments of records the reader may see."""

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _practice(status):
    from target87.knowledge.models import GoodPractice

    return GoodPractice.objects.create(
        slug=f"p-{status}", title="T", summary="S", sector="cocoa", theme="child_labour",
        level="national", status=status,
        published_at=timezone.now() if status == "published" else None)


def test_published_attachment_is_served_unpublished_is_not(client, media):
    from target87.knowledge.models import PracticeAttachment

    public = PracticeAttachment(practice=_practice("published"), title="Report", size=5)
    public.file.save("report.pdf", ContentFile(b"%PDF-"), save=True)
    hidden = PracticeAttachment(practice=_practice("draft"), title="Draft", size=5)
    hidden.file.save("draft.pdf", ContentFile(b"%PDF-"), save=True)
    response = client.get(f"/media/{public.file.name}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-"
    assert client.get(f"/media/{hidden.file.name}").status_code == 404


def test_files_without_a_visible_owner_are_never_served(client, media, secretariat):
    (media / "surveys").mkdir()
    (media / "surveys" / "micro.csv").write_text("HH1,CB3\n")
    client.force_login(secretariat)
    assert client.get("/media/surveys/micro.csv").status_code == 404
    assert client.get("/media/knowledge/../surveys/micro.csv").status_code == 404
