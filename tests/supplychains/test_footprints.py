"""Footprint runs: the Secretariat uploads an MRIO system and a satellite account, the job
computes in the background and ends finished or failed with its reason; the results feed the
public page (shares embodied in exports, by sector and destination)."""

import csv
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from target87.core.models import JobProgress, JobStatus
from target87.supplychains.models import FootprintAccount, FootprintFlow, FootprintRun, RunStatus

pytestmark = pytest.mark.django_db(transaction=True)

# Two regions with one sector each. A sells 10 to B's industry, 20 to its own households and
# 70 to B's (x_A = 100); B sells 50 to its own households (x_B = 50). A's 100 children in
# child labour: s_A = 1 per unit of output. With A = Z / x, (I - A)^-1 = [[1, 0.2], [0, 1]]:
# B's final demand calls for 70 + 0.2 * 50 = 80 of A's output, A's for 20. So 80 of A's 100
# children are embodied in exports (80 %), 70 directly and 10 through B's industry.
ICIO = (
    "V1,A_AGR,B_AGR,A_HFCE,B_HFCE,OUT\n"
    "A_AGR,0,10,20,70,100\n"
    "B_AGR,0,0,0,50,50\n"
    "VA,100,40,0,0,0\n"
    "OUT,100,50,0,0,0\n"
)
SATELLITE = "region,sector,child_labour,forced\nA,AGR,100,1\nB,AGR,0,2\n"


def run_worker():
    call_command("worker", batch=True, interval=0.01)


def upload(client, mrio=None, satellite=None, mrio_name="icio.csv",
           satellite_name="children.csv", stressor="child_labour"):
    mrio = ICIO.encode() if mrio is None else mrio
    satellite = SATELLITE.encode() if satellite is None else satellite
    return client.post("/en/supply-chains/runs/", {
        "mrio": SimpleUploadedFile(mrio_name, mrio),
        "satellite": SimpleUploadedFile(satellite_name, satellite),
        "mrio_source": "OECD ICIO (test table)", "satellite_source": "Survey estimates",
        "stressor": stressor})


def test_icio_footprint_end_to_end(client, secretariat):
    client.force_login(secretariat)
    response = upload(client)
    run = FootprintRun.objects.get()
    assert response["Location"] == f"/en/supply-chains/runs/{run.pk}/"
    assert run.status == RunStatus.QUEUED
    run_worker()
    run.refresh_from_db()
    assert run.status == RunStatus.FINISHED, run.error
    assert JobProgress.objects.get(result_id=run.result_id).status == JobStatus.FINISHED
    a = FootprintAccount.objects.get(run=run, region="A")
    assert (a.production, a.exports) == (pytest.approx(100), pytest.approx(80))
    assert a.export_share == pytest.approx(80)
    flow = FootprintFlow.objects.get(run=run, producer="A", consumer="B")
    assert (flow.value, flow.direct, flow.indirect) == (
        pytest.approx(80), pytest.approx(70), pytest.approx(10))
    assert run.sectors == ["AGR"] and run.regions == ["A", "B"]

    # Not public before it is published.
    client.logout()
    assert "No footprint has been published yet." in client.get(
        "/en/supply-chains/").content.decode()
    assert client.get(run.get_absolute_url()).status_code == 403
    client.force_login(secretariat)
    client.post(run.get_absolute_url(), {"publish": "1"})
    client.logout()
    page = client.get("/en/supply-chains/").content.decode()
    assert "Computed from OECD ICIO (test table) with child labour from Survey estimates." in page
    assert "80.0%" in page
    rows = list(csv.reader(io.StringIO(client.get(
        "/en/supply-chains/?table=shares&format=csv").content.decode("utf-8-sig"))))
    assert rows[1] == ["A", "100.0", "80.0", "80.0"]
    assert rows[2] == ["B", "0.0", "0.0", ""]  # no child labour: no share
    # Commercial interest and levers of change: where A's exported child labour is consumed.
    page = client.get("/en/supply-chains/?region=A&sector=AGR").content.decode()
    assert "Where the exported child labour of A, sector AGR, is consumed." in page
    rows = list(csv.reader(io.StringIO(client.get(
        "/en/supply-chains/?region=A&sector=AGR&table=destinations&format=csv")
        .content.decode("utf-8-sig"))))
    assert rows[1:] == [["B", "80.0", "100.0"]]
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(client.get(
        "/en/supply-chains/?region=A&table=sectors&format=xlsx").content)).active
    assert [list(r) for r in sheet.iter_rows(values_only=True)][1] == ["AGR", 80, 80]
    assert client.get("/ar/supply-chains/?region=A").status_code == 200


def test_bad_satellite_fails_with_the_file_and_label_and_keeps_the_published_run(client,
                                                                                  secretariat):
    client.force_login(secretariat)
    upload(client)
    run_worker()
    good = FootprintRun.objects.get()
    client.post(good.get_absolute_url(), {"publish": "1"})
    flows = FootprintFlow.objects.count()
    upload(client, satellite=b"region,sector,child_labour\nA,AGR,100\nZZ,AGR,5\n",
           satellite_name="wrong-regions.csv")
    run_worker()
    bad = FootprintRun.objects.exclude(pk=good.pk).get()
    assert bad.status == RunStatus.FAILED and bad.finished_at is not None
    assert "wrong-regions.csv" in bad.error and "ZZ" in bad.error
    assert "/media/" not in bad.error  # the stored path is not shown
    job = JobProgress.objects.get(result_id=bad.result_id)
    assert job.status == JobStatus.FAILED
    assert FootprintFlow.objects.count() == flows and not bad.flows.exists()
    good.refresh_from_db()
    assert good.is_published
    page = client.get(bad.get_absolute_url()).content.decode()
    assert "wrong-regions.csv" in page and "Nothing was saved from this run" in page
    # a failed run cannot be published
    client.post(bad.get_absolute_url(), {"publish": "1"})
    bad.refresh_from_db()
    assert not bad.is_published


def test_unknown_stressor_fails_naming_the_columns(client, secretariat):
    client.force_login(secretariat)
    upload(client, stressor="hazardous")
    run_worker()
    run = FootprintRun.objects.get()
    assert run.status == RunStatus.FAILED
    assert "hazardous" in run.error and "child_labour" in run.error


def test_an_unexpected_error_fails_the_run_with_its_reason(client, secretariat, monkeypatch):
    from target87.measure import io_analysis

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(io_analysis, "footprint", broken)
    client.force_login(secretariat)
    upload(client)
    run_worker()
    run = FootprintRun.objects.get()
    assert run.status == RunStatus.FAILED
    assert run.error == "Unexpected error (RuntimeError): disk full"
    assert JobProgress.objects.get(result_id=run.result_id).status == JobStatus.FAILED


@pytest.mark.parametrize("kwargs,message", [
    ({"mrio_name": "table.xlsx"}, "table.xlsx: expected a .zip or .csv file."),
    ({"mrio_name": "system.zip"}, "system.zip is not a readable ZIP archive."),
    ({"satellite": b""}, "The submitted file is empty."),
    ({"satellite_name": "children.zip"}, "children.zip: expected a .csv file."),
    ({"stressor": "  "}, "This field is required."),
])
def test_refused_upload_says_why_and_saves_nothing(client, secretariat, settings, kwargs,
                                                   message):
    client.force_login(secretariat)
    response = upload(client, **kwargs)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not FootprintRun.objects.exists()
    media = settings.MEDIA_ROOT / "supplychains"
    assert not media.exists() or not any(media.rglob("*.*"))


def test_file_size_limit(client, secretariat, settings):
    settings.SUPPLYCHAINS_MAX_UPLOAD_BYTES = 100
    client.force_login(secretariat)
    response = upload(client)
    assert response.status_code == 400
    assert "the largest file accepted is 0 MB (setting SUPPLYCHAINS_MAX_UPLOAD_BYTES)" in \
        response.content.decode()
    assert not FootprintRun.objects.exists()


def test_only_the_secretariat_uploads(client, partner_user, chair):
    for user in (partner_user, chair):
        client.force_login(user)
        assert upload(client).status_code == 403
    assert not FootprintRun.objects.exists()


def test_pymrio_zip_agrees_with_its_own_accounts(client, secretariat, tmp_path):
    from tests.measure.io_systems import build_system, satellite_csv

    system = build_system(["NPL", "MDG", "DEU"], ["agri", "manu"], stressors=("children",))
    folder = tmp_path / "system"
    system.save_all(folder)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        for path in folder.rglob("*"):
            if path.is_file():
                zf.write(path, path.relative_to(folder))
    sat = satellite_csv(system, tmp_path / "sat.csv", with_fy=False)
    client.force_login(secretariat)
    upload(client, mrio=archive.getvalue(), mrio_name="system.zip",
           satellite=sat.read_bytes(), satellite_name="sat.csv", stressor="children")
    run_worker()
    run = FootprintRun.objects.get()
    assert run.status == RunStatus.FINISHED, run.error
    system.calc_all()
    for account in run.accounts.all():
        exported = sum(f.value for f in run.flows.filter(producer=account.region).exclude(
            consumer=account.region))
        assert account.exports == pytest.approx(exported)
        produced = system.labour.D_pba.loc["children", account.region].sum()
        assert account.production == pytest.approx(produced, rel=1e-9)
