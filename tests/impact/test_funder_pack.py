"""The funder's quarterly pack: XLSX and PDF, built with progress, ED&I only rounded."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from resilience.impact import actions, funder_pack
from resilience.impact.forms import recent_quarters
from resilience.impact.models import FunderPack


def test_quarters_on_offer_are_financial_quarters() -> None:
    quarters = recent_quarters(dt.date(2026, 2, 10), count=3)
    assert [q[0] for q in quarters] == ["2026-01-01", "2025-10-01", "2025-07-01"]
    assert quarters[0][1].startswith("Q4 2025/26")
    assert recent_quarters(dt.date(2025, 4, 1), count=1)[0][1].startswith("Q1 2025/26")


def test_forecast_and_variance_by_hand(world: Any) -> None:
    from resilience.live.models import LiveSession, Participant

    # Target 40 over the financial year 2025/26 (365 days). By 30 June (91 days) there
    # are 7 finished runs → forecast 7 × 365 / 91 = 28.08 → 28, variance −12: behind.
    actions.save_target(world.admin, kpi="simulation_sessions_completed",
                        start=dt.date(2025, 4, 1), end=dt.date(2026, 3, 31), value=40)
    session = LiveSession.objects.create(scenario_id="gowning", mode="solo")
    tz = timezone.get_current_timezone()
    for i in range(7):
        Participant.objects.create(session=session, guest_key=f"g{i}", name=f"g{i}", seed=1,
                                   finished=dt.datetime(2025, 6, 1 + i, 12, tzinfo=tz))
    line = funder_pack.kpi_line(funder_pack.REGISTRY["simulation_sessions_completed"],
                                dt.date(2025, 4, 1), dt.date(2025, 6, 30))
    assert (line.in_quarter, line.to_date, line.forecast, line.variance) == (7, 7, 28, -12)
    assert line.status == "Behind"


def _build(client: Any, world: Any, settings: Any) -> FunderPack:
    settings.IMPACT_PACKS_INLINE = True
    client.force_login(world.admin)
    quarter = recent_quarters(timezone.localdate())[0][0]
    response = client.post(reverse("impact:packs"), {"quarter": quarter})
    assert response.status_code == 302
    return FunderPack.objects.get()


@pytest.mark.django_db(transaction=True)
def test_a_pack_builds_with_progress_and_downloads(client: Any, world: Any, settings: Any,
                                                   answers: None) -> None:
    pack = _build(client, world, settings)
    status = client.get(reverse("impact:pack_status", args=[pack.pk])).json()
    assert status["status"] == "done" and status["percent"] == 100 and status["done"]
    page = client.get(reverse("impact:pack_detail", args=[pack.pk])).content.decode()
    assert "Download the PDF" in page and 'role="status"' in page

    from openpyxl import load_workbook

    xlsx = client.get(reverse("impact:pack_download", args=[pack.pk, "xlsx"]))
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Summary", "KPIs", "Risks", "Equality", "Carbon"]
    kpis = {row[0]: row for row in book["KPIs"].iter_rows(min_row=2, values_only=True)}
    assert "Simulation sessions completed" in kpis
    for row in book["Equality"].iter_rows(min_row=2, values_only=True):
        for value in (row[2], row[4]):
            assert isinstance(value, str) and int(value) % 5 == 0, row
        assert row[3] == ".." or re.fullmatch(r"\d+%", row[3]), row
    carbon = [r for r in book["Carbon"].iter_rows(values_only=True) if r and r[0]]
    assert any("DESNZ 2025" in str(r[0]) for r in carbon)

    from pypdf import PdfReader

    pdf = client.get(reverse("impact:pack_download", args=[pack.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "quarterly report to the funder" in text
    assert "KPIs against targets" in text and "Method statement" in text
    assert "0.17700 kg CO2e per kWh (DESNZ 2025)" in text
    # The ED&I respondents figure is the rounded 25, never the raw 26.
    assert "Respondents: 25" in text and "Respondents: 26" not in text
    assert reader.metadata.title == "Resilience quarterly report to the funder"

    # The PDF opens: every page renders to an image with something on it (poppler).
    import shutil
    import subprocess
    import tempfile

    from PIL import Image, ImageStat

    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "poppler-utils is not installed: run `make test`, which installs it"
    with tempfile.TemporaryDirectory() as folder:
        source = f"{folder}/pack.pdf"
        with open(source, "wb") as handle:
            handle.write(pdf.content)
        subprocess.run([pdftoppm, "-r", "40", "-png", source, f"{folder}/page"], check=True,
                       timeout=60)
        import glob

        pages = sorted(glob.glob(f"{folder}/page*.png"))
        assert len(pages) == len(reader.pages) >= 1
        for page_png in pages:
            with Image.open(page_png) as image:
                extrema = ImageStat.Stat(image.convert("L")).extrema[0]
                assert extrema[0] < 128 < extrema[1], f"{page_png} is blank"


def test_a_pack_that_is_not_ready_cannot_be_downloaded(client: Any, world: Any) -> None:
    pack = FunderPack.objects.create(quarter_start=dt.date(2025, 4, 1),
                                     quarter_end=dt.date(2025, 6, 30))
    client.force_login(world.admin)
    assert client.get(reverse("impact:pack_download", args=[pack.pk, "pdf"])).status_code == 404
    assert client.get(reverse("impact:pack_status", args=[pack.pk])).json()["done"] is False


def test_a_failure_is_reported_on_the_job(world: Any, monkeypatch: Any) -> None:
    pack = FunderPack.objects.create(quarter_start=dt.date(2025, 4, 1),
                                     quarter_end=dt.date(2025, 6, 30))

    def broken(data: Any) -> bytes:
        raise RuntimeError("disk full")

    monkeypatch.setattr(funder_pack, "to_pdf", broken)
    funder_pack.run(pack)
    pack.refresh_from_db()
    assert pack.status == "failed" and "disk full" in pack.message
