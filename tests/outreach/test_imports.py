"""Register, deprivation and device-report imports: reports, idempotence, bad rows."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from resilience.accounts.models import Organisation
from resilience.outreach import imports
from resilience.outreach.models import (
    DeprivationArea,
    DeviceStatus,
    ImportJob,
    InstitutionProfile,
)

FILES = Path(__file__).parent / "files"
GIAS = FILES / "edubasealldata20261120.csv"
IOD = FILES / "File_7_IoD2025_Scores_Ranks_Deciles_and_Population_Denominators.csv"


def run(kind: str, path: Path, partner: Any = None) -> ImportJob:
    return imports.run(imports.start(kind, path, path.name, partner=partner))


def test_gias_import_reports_created_skipped_and_rejected_with_line_and_reason(world: Any) -> None:
    job = run("gias", GIAS, partner=world.partner_org_a)
    assert job.status == "done"
    assert (job.created_count, job.skipped_count, job.rejected_count) == (3, 1, 3)
    assert job.processed_rows == job.total_rows == 7
    assert job.rejections == [
        {"line": 5, "reason": "NumberOfPupils “about 900” is not a whole number"},
        {"line": 6, "reason": "URN “ABC” is missing or not a number"},
        {"line": 7, "reason": "the row has 5 fields; the header has 33"},
    ]
    school = InstitutionProfile.objects.get(reference="100001")
    assert school.organisation.name == "Bestwood Park Academy"
    assert school.organisation.partner == world.partner_org_a
    assert (school.la_code, school.phase, school.age_range, school.pupils) == (
        "892", "Secondary", "11–18", 1180)
    assert (str(school.fsm_percent), school.urban_rural, school.area_code) == (
        "31.4", "urban", "E01033400")
    latin = InstitutionProfile.objects.get(reference="100002")
    assert latin.organisation.name == "École Clifton Park School"  # read as latin-1
    assert latin.fsm_percent is None and latin.urban_rural == "rural"
    assert Organisation.objects.get(profile__reference="100007").kind == "college"
    assert not InstitutionProfile.objects.filter(reference="100003").exists()  # closed


def test_importing_the_same_register_twice_changes_nothing(world: Any) -> None:
    run("gias", GIAS)
    count = Organisation.objects.count()
    again = run("gias", GIAS)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 3)
    assert Organisation.objects.count() == count


def test_a_changed_row_is_updated(world: Any, tmp_path: Path) -> None:
    run("gias", GIAS)
    changed = tmp_path / "edubase.csv"
    changed.write_bytes(GIAS.read_bytes().replace(b"1180", b"1210"))
    job = run("gias", changed)
    assert (job.updated_count, job.unchanged_count) == (1, 2)
    assert InstitutionProfile.objects.get(reference="100001").pupils == 1210


def test_deprivation_deciles_reach_institutions_whichever_is_imported_first(world: Any) -> None:
    iod = run("iod", IOD)
    assert (iod.created_count, iod.rejected_count) == (3, 1)
    assert iod.rejections[0]["line"] == 5 and "eleven" in iod.rejections[0]["reason"]
    assert DeprivationArea.objects.get(area_code="E01033400").edition == "IOD2025"
    run("gias", GIAS)
    profile = InstitutionProfile.objects.get(reference="100001")
    assert (profile.deprivation_index, profile.deprivation_decile) == ("iod", 1)
    # And a register imported first gets its deciles when the table arrives.
    DeprivationArea.objects.all().delete()
    InstitutionProfile.objects.update(deprivation_decile=None, deprivation_index="")
    again = run("iod", IOD)
    assert "3 institution(s)" in again.message
    assert InstitutionProfile.objects.get(reference="100002").deprivation_decile == 5


def test_generic_register_and_the_scottish_welsh_and_northern_irish_indices(world: Any) -> None:
    job = run("register", FILES / "register_scotland_wales_ni.csv")
    assert (job.created_count, job.rejected_count) == (3, 2)
    assert job.rejections[0] == {"line": 5, "reason": "nation “Atlantis” is not England, "
                                 "Scotland, Wales or Northern Ireland"}
    assert job.rejections[1] == {"line": 6, "reason": "pupils “lots” is not a whole number"}
    run("simd", FILES / "SIMD_2020v2_datazone_lookup.csv")
    run("wimd", FILES / "wimd-2019-ranks-by-small-area.csv")
    run("nimdm", FILES / "NIMDM17_SOAresults.csv")
    govan = InstitutionProfile.objects.get(reference_scheme="seed", reference="8431623")
    assert (govan.organisation.nation, govan.deprivation_index, govan.deprivation_decile) == (
        "scotland", "simd", 1)
    cardiff = InstitutionProfile.objects.get(reference_scheme="wales")
    assert (cardiff.deprivation_index, cardiff.deprivation_decile) == ("wimd", 1)  # rank 15/1909
    assert DeprivationArea.objects.get(area_code="W01000300").decile == 6  # rank 1000/1909
    craigavon = InstitutionProfile.objects.get(reference_scheme="ni")
    assert (craigavon.deprivation_index, craigavon.deprivation_decile) == ("nimdm", 1)


def test_a_file_in_the_wrong_layout_fails_whole_and_imports_nothing(world: Any) -> None:
    job = run("gias", IOD)
    assert job.status == "failed"
    assert "not a GIAS register file: missing columns URN" in job.message
    wrong = run("simd", GIAS)
    assert wrong.status == "failed" and "published SIMD table" in wrong.message
    assert not InstitutionProfile.objects.exists()


def test_the_command_prints_the_report(world: Any, tmp_path: Path) -> None:
    out = StringIO()
    call_command("outreach_import", "gias", str(GIAS), "--partner", "partner-a", stdout=out,
                 stderr=StringIO())
    text = out.getvalue()
    assert "created 3, updated 0, unchanged 0, skipped 1 (closed), rejected 3" in text
    assert "line 6: URN “ABC” is missing or not a number" in text
    with pytest.raises(CommandError, match="not a GIAS register file"):
        call_command("outreach_import", "gias", str(IOD), stdout=StringIO(), stderr=StringIO())


def test_device_report_adapter_matches_headsets_by_serial(world: Any, kit_a: Any,
                                                          tmp_path: Path) -> None:
    path = tmp_path / "devices.csv"
    shutil.copy(FILES / "managexr_devices.csv", path)
    job = run("devices", path)
    assert (job.created_count, job.rejected_count) == (2, 1)
    assert job.rejections[0]["line"] == 4 and "battery 150" in job.rejections[0]["reason"]
    status = DeviceStatus.objects.get(serial="HS-A1")
    assert status.component.kit == kit_a
    assert (status.battery_percent, status.firmware, status.kiosk_mode) == (87, "v72.0", True)
    assert run("devices", path).unchanged_count == 2


def test_partner_staff_device_reports_touch_only_their_own_kits(client: Any, world: Any,
                                                                kit_a: Any, settings: Any,
                                                                tmp_path: Path) -> None:
    from django.urls import reverse

    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.partner_b)
    with (FILES / "managexr_devices.csv").open("rb") as fh:
        response = client.post(reverse("outreach:device_import"), {"kind": "devices",
                                                                   "file": fh}, follow=True)
    html = response.content.decode()
    assert "0 new, 0 updated, 0 unchanged, 3 rejected" in html
    assert "HS-A1 is not a component of one of Partner B&#x27;s kits" in html
    assert not DeviceStatus.objects.exists()
    assert not list(tmp_path.glob("outreach-imports/*"))  # the upload is not kept


def test_an_import_interrupted_by_a_restart_says_so(client: Any, world: Any) -> None:
    import datetime as dt

    import time_machine
    from django.urls import reverse

    job = imports.start("gias", GIAS, GIAS.name)
    ImportJob.objects.filter(pk=job.pk).update(status="running")
    client.force_login(world.admin)
    url = reverse("outreach:import_detail", args=[job.pk])
    assert 'hx-trigger="every 1s"' in client.get(url).content.decode()
    with time_machine.travel(dt.timedelta(minutes=6)):
        html = client.get(url).content.decode()
    assert "probably because the server restarted" in html
    assert "every 1s" not in html
