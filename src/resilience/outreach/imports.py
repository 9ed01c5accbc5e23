"""Imports of registers, deprivation tables and device reports, with a report.

Each import is an :class:`ImportJob`. :func:`run` reads the file row by row; every row is
saved in its own savepoint, so a bad row is rejected (with its line number and reason)
without stopping or half-saving the good rows. Running a file twice changes nothing the
second time: rows are matched on their published reference (URN, SeedCode, area code,
serial number) and counted as unchanged.

Layouts are described in docs/programme-staff.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify

from resilience.accounts.models import Nation, Organisation
from resilience.outreach.models import (
    DeprivationArea,
    DeprivationIndex,
    DeviceStatus,
    ImportJob,
    InstitutionProfile,
    KitComponent,
)

MAX_REJECTIONS_KEPT = 1000
#: Areas in each published index, used to turn a rank into a decile (equal-count deciles)
#: when a table gives ranks only: SIMD 2020 data zones, WIMD 2019 LSOAs, NIMDM 2017 SOAs.
KNOWN_AREAS = {"simd": 6976, "wimd": 1909, "nimdm": 890}
PROGRESS_EVERY = 200

NATION_INDEX = {
    Nation.ENGLAND: DeprivationIndex.IOD, Nation.SCOTLAND: DeprivationIndex.SIMD,
    Nation.WALES: DeprivationIndex.WIMD, Nation.NORTHERN_IRELAND: DeprivationIndex.NIMDM,
}
INDEX_NATION = {v: k for k, v in NATION_INDEX.items()}


class RowError(Exception):
    """This row cannot be imported; the message is the reason shown in the report."""


class FileError(Exception):
    """The whole file is unusable (wrong layout); nothing is imported."""


CREATED, UPDATED, UNCHANGED, SKIPPED = "created", "updated", "unchanged", "skipped"


# --- Reading ------------------------------------------------------------------------------------


def _read_text(path: Path, encoding: str) -> str:
    raw = path.read_bytes()
    if encoding == "latin-1":
        return raw.decode("latin-1")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def read_rows(path: Path, encoding: str = "utf-8") -> tuple[list[str], Iterator[tuple[int, dict]]]:
    """The header and an iterator of (line number, row) with the header on line 1."""
    text = _read_text(path, encoding)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise FileError("The file is empty.") from None

    def rows() -> Iterator[tuple[int, dict]]:
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                yield line, {"__error__": f"has {len(values)} fields; the header has "
                                          f"{len(header)}"}
                continue
            yield line, dict(zip(header, values, strict=True))

    return header, rows()


def count_rows(path: Path) -> int:
    with path.open("rb") as fh:
        return max(0, sum(1 for line in fh if line.strip()) - 1)


# --- Field parsers ----------------------------------------------------------------------------


def _int(row: dict, column: str, *, lo: int = 0, hi: int = 10**9) -> int | None:
    raw = row.get(column, "").strip().replace(",", "")
    if raw == "":
        return None
    try:
        value = int(float(raw)) if "." in raw else int(raw)
    except ValueError:
        raise RowError(f"{column} “{raw}” is not a whole number") from None
    if not lo <= value <= hi:
        raise RowError(f"{column} {value} is outside {lo}–{hi}")
    return value


def _percent(row: dict, column: str) -> Decimal | None:
    raw = row.get(column, "").strip().rstrip("%")
    if raw == "" or raw.upper() in ("SUPP", "NA", "N/A", "X", ".."):
        return None  # blank or suppressed in the published register
    try:
        value = Decimal(raw).quantize(Decimal("0.1"))
    except InvalidOperation:
        raise RowError(f"{column} “{raw}” is not a percentage") from None
    if not 0 <= value <= 100:
        raise RowError(f"{column} {value} is outside 0–100")
    return value


def _urban_rural(text: str) -> str:
    lowered = text.lower()
    if "rural" in lowered:
        return InstitutionProfile.Setting.RURAL
    if "urban" in lowered:
        return InstitutionProfile.Setting.URBAN
    return ""


def lookup_decile(nation: str, area_code: str) -> tuple[str, int | None]:
    """The (index, decile) of ``area_code`` in ``nation``'s index, or ("", None)."""
    index = NATION_INDEX.get(nation, "")
    area = (DeprivationArea.objects.filter(index=index, area_code=area_code).first()
            if index and area_code else None)
    return (index, area.decile) if area else ("", None)


#: Deciles by index, loaded once per import run (cleared at the start of each run).
_DECILES: dict[str, dict[str, int]] = {}


def _decile_for(nation: str, area_code: str) -> tuple[str, int | None]:
    index = NATION_INDEX.get(nation, "")
    if not area_code or not index:
        return "", None
    if index not in _DECILES:
        _DECILES[index] = dict(DeprivationArea.objects.filter(index=index).values_list(
            "area_code", "decile"))
    decile = _DECILES[index].get(area_code)
    return (index, decile) if decile is not None else ("", None)


# --- Institutions -------------------------------------------------------------------------------

GIAS_REQUIRED = ["URN", "EstablishmentName", "TypeOfEstablishment (name)",
                 "EstablishmentStatus (name)", "PhaseOfEducation (name)", "LA (code)",
                 "LA (name)", "Postcode"]
GIAS_COLLEGE_TYPES = ("further education", "sixth form centre")
GIAS_UNIVERSITY_TYPES = ("higher education institution",)

GENERIC_REQUIRED = ["nation", "reference", "name"]
GENERIC_COLUMNS = ["nation", "scheme", "reference", "name", "kind", "region", "town",
                   "postcode", "street", "la_code", "la_name", "type", "phase", "age_low",
                   "age_high", "pupils", "fsm_percent", "urban_rural", "area_code", "easting",
                   "northing", "ukprn", "status"]
NATION_SCHEME = {Nation.SCOTLAND: "seed", Nation.WALES: "wales",
                 Nation.NORTHERN_IRELAND: "ni", Nation.ENGLAND: "urn"}
NATION_NAMES = {"england": Nation.ENGLAND, "scotland": Nation.SCOTLAND, "wales": Nation.WALES,
                "northern ireland": Nation.NORTHERN_IRELAND,
                "northern_ireland": Nation.NORTHERN_IRELAND, "ni": Nation.NORTHERN_IRELAND}


@dataclass
class InstitutionRow:
    scheme: str
    reference: str
    org: dict[str, Any]
    profile: dict[str, Any] = field(default_factory=dict)


def _save_institution(item: InstitutionRow, partner: Organisation | None) -> str:
    profile = (InstitutionProfile.objects.select_related("organisation")
               .filter(reference_scheme=item.scheme, reference=item.reference).first())
    index, decile = _decile_for(item.org["nation"], item.profile.get("area_code", ""))
    if decile is not None:
        item.profile.update(deprivation_index=index, deprivation_decile=decile)
    if profile is None:
        slug = slugify(f"{item.scheme}-{item.reference}")[:80]
        if Organisation.objects.filter(slug=slug).exists():
            raise RowError(f"an organisation with the address name “{slug}” already exists "
                           "without a register entry")
        org = Organisation.objects.create(slug=slug, partner=partner, **item.org)
        InstitutionProfile.objects.create(organisation=org, reference_scheme=item.scheme,
                                          reference=item.reference, **item.profile)
        return CREATED
    org = profile.organisation
    changed = False
    for obj, values in ((org, item.org), (profile, item.profile)):
        fields = [k for k, v in values.items() if getattr(obj, k) != v]
        if fields:
            for k in fields:
                setattr(obj, k, values[k])
            obj.save(update_fields=fields)
            changed = True
    if partner is not None and org.partner_id is None:
        org.partner = partner
        org.save(update_fields=["partner"])
        changed = True
    return UPDATED if changed else UNCHANGED


def parse_gias(row: dict) -> InstitutionRow | None:
    urn = row["URN"].strip()
    if not urn.isdigit():
        raise RowError(f"URN “{urn}” is missing or not a number")
    name = row["EstablishmentName"].strip()
    if not name:
        raise RowError("EstablishmentName is empty")
    status = row["EstablishmentStatus (name)"].strip()
    if status.lower().startswith("closed"):
        return None
    type_name = row["TypeOfEstablishment (name)"].strip()
    kind = Organisation.Kind.SCHOOL
    if any(t in type_name.lower() for t in GIAS_COLLEGE_TYPES):
        kind = Organisation.Kind.COLLEGE
    elif any(t in type_name.lower() for t in GIAS_UNIVERSITY_TYPES):
        kind = Organisation.Kind.UNIVERSITY
    urban = row.get("UrbanRural (name)", "").strip()
    return InstitutionRow(
        scheme="urn", reference=urn,
        org={"name": name[:200], "kind": kind, "nation": Nation.ENGLAND,
             "region": row.get("GOR (name)", "").strip()[:60],
             "town": row.get("Town", "").strip()[:100],
             "postcode": row["Postcode"].strip().upper()[:10]},
        profile={
            "ukprn": row.get("UKPRN", "").strip()[:10],
            "la_code": row["LA (code)"].strip()[:12], "la_name": row["LA (name)"].strip()[:100],
            "type_name": type_name[:100], "status_name": status[:60],
            "phase": row["PhaseOfEducation (name)"].strip()[:60],
            "age_low": _int(row, "StatutoryLowAge", hi=99),
            "age_high": _int(row, "StatutoryHighAge", hi=99),
            "pupils": _int(row, "NumberOfPupils"),
            "fsm_percent": _percent(row, "PercentageFSM"),
            "urban_rural": _urban_rural(urban), "urban_rural_detail": urban[:100],
            "area_code": row.get("LSOA (code)", "").strip()[:20],
            "street": row.get("Street", "").strip()[:200],
            "easting": _int(row, "Easting", hi=800_000),
            "northing": _int(row, "Northing", hi=1_300_000),
        })


def parse_generic(row: dict) -> InstitutionRow | None:
    nation = NATION_NAMES.get(row["nation"].strip().lower())
    if nation is None:
        raise RowError(f"nation “{row['nation']}” is not England, Scotland, Wales or "
                       "Northern Ireland")
    reference = row["reference"].strip()
    if not reference:
        raise RowError("reference is empty")
    name = row["name"].strip()
    if not name:
        raise RowError("name is empty")
    scheme = row.get("scheme", "").strip().lower() or NATION_SCHEME[nation]
    if scheme not in InstitutionProfile.Scheme.values:
        raise RowError(f"scheme “{scheme}” is not one of "
                       f"{', '.join(InstitutionProfile.Scheme.values)}")
    kind = row.get("kind", "").strip().lower() or Organisation.Kind.SCHOOL
    if kind not in Organisation.Kind.values or kind in ("hub", "partner"):
        raise RowError(f"kind “{kind}” is not school, college, university, nhs_trust or company")
    if row.get("status", "").strip().lower().startswith("closed"):
        return None
    urban = row.get("urban_rural", "").strip()
    return InstitutionRow(
        scheme=scheme, reference=reference[:20],
        org={"name": name[:200], "kind": kind, "nation": nation,
             "region": row.get("region", "").strip()[:60],
             "town": row.get("town", "").strip()[:100],
             "postcode": row.get("postcode", "").strip().upper()[:10]},
        profile={
            "ukprn": row.get("ukprn", "").strip()[:10],
            "la_code": row.get("la_code", "").strip()[:12],
            "la_name": row.get("la_name", "").strip()[:100],
            "type_name": row.get("type", "").strip()[:100],
            "status_name": row.get("status", "").strip()[:60],
            "phase": row.get("phase", "").strip()[:60],
            "age_low": _int(row, "age_low", hi=99), "age_high": _int(row, "age_high", hi=99),
            "pupils": _int(row, "pupils"), "fsm_percent": _percent(row, "fsm_percent"),
            "urban_rural": _urban_rural(urban), "urban_rural_detail": urban[:100],
            "area_code": row.get("area_code", "").strip()[:20],
            "street": row.get("street", "").strip()[:200],
            "easting": _int(row, "easting", hi=800_000),
            "northing": _int(row, "northing", hi=1_300_000),
        })


# --- Deprivation tables ---------------------------------------------------------------------


@dataclass
class DeprivationLayout:
    code: str
    decile: str | None
    rank: str | None
    name: str | None


def _find(header: list[str], *tests: Callable[[str], bool]) -> str | None:
    for test in tests:
        for column in header:
            if test(column):
                return column
    return None


def deprivation_layout(index: str, header: list[str]) -> DeprivationLayout:
    """Find the area-code, decile and rank columns of a published table's header."""
    low = {h: h.lower() for h in header}
    if index == DeprivationIndex.IOD:
        code = _find(header, lambda h: low[h].startswith("lsoa code"))
        decile = _find(header, lambda h: low[h].startswith(
            "index of multiple deprivation (imd) decile"))
        rank = _find(header, lambda h: low[h].startswith(
            "index of multiple deprivation (imd) rank"))
        name = _find(header, lambda h: low[h].startswith("lsoa name"))
    elif index == DeprivationIndex.SIMD:
        code = _find(header, lambda h: low[h] in ("data_zone", "datazone", "dz", "data zone"))
        decile = _find(header, lambda h: re.fullmatch(r"simd\d{4}(v\d)?_decile", low[h])
                       is not None)
        rank = _find(header, lambda h: re.fullmatch(r"simd\d{4}(v\d)?_rank", low[h]) is not None)
        name = _find(header, lambda h: low[h] in ("dzname", "intermediate_zone"))
    elif index == DeprivationIndex.WIMD:
        code = _find(header, lambda h: low[h].startswith("lsoa code"))
        decile = _find(header, lambda h: "wimd" in low[h] and "decile" in low[h]
                       and "domain" not in low[h])
        rank = _find(header, lambda h: "wimd" in low[h] and "rank" in low[h],
                     lambda h: re.fullmatch(r"wimd \d{4}", low[h]) is not None)
        name = _find(header, lambda h: low[h].startswith("lsoa name"))
    else:  # NIMDM
        code = _find(header, lambda h: low[h] in ("soa2001", "soa code", "soa_code"))
        decile = _find(header, lambda h: low[h] in ("mdm_decile", "mdm decile"))
        rank = _find(header, lambda h: low[h] in ("mdm_rank", "mdm rank",
                                                  "multiple deprivation measure rank"))
        name = _find(header, lambda h: low[h] in ("soa2001name", "soa2001_name", "soa name"))
    if code is None or (decile is None and rank is None):
        raise FileError(f"This does not look like the published {index.upper()} table: it "
                        "needs an area-code column and a decile or rank column. "
                        f"Columns found: {', '.join(header[:12])}")
    return DeprivationLayout(code=code, decile=decile, rank=rank, name=name)


def _deprivation_row(index: str, edition: str, layout: DeprivationLayout, total: int,
                     row: dict) -> str:
    code = row[layout.code].strip()
    if not code:
        raise RowError("area code is empty")
    rank = _int(row, layout.rank, lo=1) if layout.rank else None
    if layout.decile:
        decile = _int(row, layout.decile, lo=1, hi=10)
        if decile is None:
            raise RowError("decile is empty")
    else:
        if rank is None:
            raise RowError("rank is empty")
        if rank > total:
            raise RowError(f"rank {rank} is larger than the {total} areas in the file")
        decile = max(1, math.ceil(rank * 10 / total))
    values = {"decile": decile, "rank": rank, "edition": edition,
              "area_name": row.get(layout.name, "").strip()[:200] if layout.name else ""}
    area = DeprivationArea.objects.filter(index=index, area_code=code).first()
    if area is None:
        DeprivationArea.objects.create(index=index, area_code=code[:20], **values)
        return CREATED
    changed = [k for k, v in values.items() if getattr(area, k) != v]
    if not changed:
        return UNCHANGED
    for k in changed:
        setattr(area, k, values[k])
    area.save(update_fields=changed)
    return UPDATED


def apply_deciles(index: str) -> int:
    """Give every institution in ``index``'s nation the decile of its area; return how many
    changed."""
    nation = INDEX_NATION[index]
    deciles = dict(DeprivationArea.objects.filter(index=index).values_list("area_code",
                                                                           "decile"))
    changed = []
    for profile in InstitutionProfile.objects.filter(organisation__nation=nation).exclude(
            area_code=""):
        decile = deciles.get(profile.area_code)
        new_index = index if decile is not None else ""
        if (profile.deprivation_decile, profile.deprivation_index) != (decile, new_index):
            profile.deprivation_decile, profile.deprivation_index = decile, new_index
            changed.append(profile)
    InstitutionProfile.objects.bulk_update(changed, ["deprivation_decile",
                                                     "deprivation_index"], batch_size=500)
    return len(changed)


# --- Headset-management device reports -------------------------------------------------------


@dataclass
class DeviceReading:
    serial: str
    model: str = ""
    battery_percent: int | None = None
    firmware: str = ""
    last_sync: dt.datetime | None = None
    kiosk_mode: bool | None = None
    offline_mode: bool | None = None


class DeviceReportAdapter(Protocol):
    """Reads one headset-management service's device report.

    ``readings`` yields (line or item number, a :class:`DeviceReading` or a
    :class:`RowError`). A later adapter can call a service's API instead of reading a file.
    """

    source: str

    def readings(self, path: Path) -> Iterator[tuple[int, DeviceReading | RowError]]: ...


def _bool(text: str) -> bool | None:
    low = text.strip().lower()
    if low in ("yes", "true", "on", "enabled", "1", "y"):
        return True
    if low in ("no", "false", "off", "disabled", "0", "n"):
        return False
    return None


class CsvDeviceReport:
    """The first adapter: a CSV export of devices (as ManageXR and ArborXR offer).

    Column names vary by service; each field accepts the names in :attr:`COLUMNS`.
    """

    source = "csv"
    COLUMNS = {
        "serial": ("serial", "serial number", "serial_number", "device serial"),
        "model": ("model", "device model"),
        "battery": ("battery", "battery level", "battery %", "battery_percent"),
        "firmware": ("firmware", "firmware version", "os version", "build"),
        "last_sync": ("last sync", "last_sync", "last online", "last seen", "last checked in"),
        "kiosk": ("kiosk mode", "kiosk", "kiosk_mode"),
        "offline": ("offline mode", "offline", "offline_mode"),
    }

    def readings(self, path: Path) -> Iterator[tuple[int, DeviceReading | RowError]]:
        header, rows = read_rows(path)
        by_lower = {h.lower(): h for h in header}
        cols = {key: next((by_lower[n] for n in names if n in by_lower), None)
                for key, names in self.COLUMNS.items()}
        if cols["serial"] is None:
            raise FileError("The device report needs a serial number column.")
        for line, row in rows:
            if "__error__" in row:
                yield line, RowError(f"the row {row['__error__']}")
                continue
            try:
                yield line, self._reading(row, cols)
            except RowError as exc:
                yield line, exc

    @staticmethod
    def _reading(row: dict, cols: dict[str, str | None]) -> DeviceReading:
        def get(key: str) -> str:
            column = cols[key]
            return row.get(column, "").strip() if column else ""

        serial = get("serial")
        if not serial:
            raise RowError("serial number is empty")
        battery_raw = get("battery").rstrip("%")
        battery = None
        if battery_raw:
            try:
                battery = round(float(battery_raw))
            except ValueError:
                raise RowError(f"battery “{battery_raw}” is not a number") from None
            if not 0 <= battery <= 100:
                raise RowError(f"battery {battery} is outside 0–100")
        sync_raw = get("last_sync")
        last_sync = None
        if sync_raw:
            last_sync = parse_datetime(sync_raw.replace(" ", "T", 1) if "T" not in sync_raw
                                       else sync_raw)
            if last_sync is None:
                raise RowError(f"last sync “{sync_raw}” is not a date and time "
                               "(use 2026-11-20 14:05)")
            if timezone.is_naive(last_sync):
                last_sync = timezone.make_aware(last_sync, dt.UTC)
        return DeviceReading(serial=serial, model=get("model"), battery_percent=battery,
                             firmware=get("firmware"), last_sync=last_sync,
                             kiosk_mode=_bool(get("kiosk")), offline_mode=_bool(get("offline")))


DEVICE_ADAPTERS: dict[str, DeviceReportAdapter] = {"csv": CsvDeviceReport()}


def save_reading(source: str, reading: DeviceReading,
                 partner: Organisation | None = None) -> str:
    """Store ``reading``; with ``partner``, only for that partner's kits."""
    component = KitComponent.objects.select_related("kit").filter(
        serial=reading.serial).first()
    if partner is not None and (component is None or component.kit.partner_id != partner.pk):
        raise RowError(f"serial number {reading.serial} is not a component of one of "
                       f"{partner.name}'s kits")
    values = {"component": component, "model": reading.model,
              "battery_percent": reading.battery_percent, "firmware": reading.firmware,
              "last_sync": reading.last_sync, "kiosk_mode": reading.kiosk_mode,
              "offline_mode": reading.offline_mode}
    status = DeviceStatus.objects.filter(source=source, serial=reading.serial).first()
    if status is None:
        DeviceStatus.objects.create(source=source, serial=reading.serial, **values)
        return CREATED
    changed = [k for k, v in values.items() if getattr(status, k) != v]
    for k in changed:
        setattr(status, k, values[k])
    status.save()
    return UPDATED if changed else UNCHANGED


# --- The runner -------------------------------------------------------------------------------


def _tally(job: ImportJob, outcome: str) -> None:
    attr = {CREATED: "created_count", UPDATED: "updated_count", UNCHANGED: "unchanged_count",
            SKIPPED: "skipped_count"}[outcome]
    setattr(job, attr, getattr(job, attr) + 1)


def _reject(job: ImportJob, line: int, reason: str) -> None:
    job.rejected_count += 1
    if len(job.rejections) < MAX_REJECTIONS_KEPT:
        job.rejections.append({"line": line, "reason": reason})


def _progress(job: ImportJob) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        processed_rows=job.processed_rows, created_count=job.created_count,
        updated_count=job.updated_count, unchanged_count=job.unchanged_count,
        skipped_count=job.skipped_count, rejected_count=job.rejected_count,
        heartbeat=timezone.now())


def _process(job: ImportJob, items: Iterator[tuple[int, Any]],
             handle: Callable[[Any], str]) -> None:
    """Handle every (line, item), committing every :data:`PROGRESS_EVERY` rows.

    Each row runs in its own savepoint inside the batch's transaction, so a rejected row
    leaves nothing behind; the batch commits with its progress, which the upload page
    shows.
    """
    batch: list[tuple[int, Any]] = []
    for item in items:
        batch.append(item)
        if len(batch) >= PROGRESS_EVERY:
            _flush(job, batch, handle)
            batch = []
    _flush(job, batch, handle)


def _flush(job: ImportJob, batch: list[tuple[int, Any]], handle: Callable[[Any], str]) -> None:
    with transaction.atomic():
        for line, item in batch:
            try:
                with transaction.atomic():
                    _tally(job, handle(item))
            except RowError as exc:
                _reject(job, line, str(exc))
            job.processed_rows += 1
        _progress(job)


def _checked(row: dict) -> dict:
    if "__error__" in row:
        raise RowError(f"the row {row['__error__']}")
    return row


def _run_table(job: ImportJob, path: Path) -> None:
    kind = job.kind
    _DECILES.clear()
    if kind in (ImportJob.Kind.GIAS, ImportJob.Kind.REGISTER):
        gias = kind == ImportJob.Kind.GIAS
        header, rows = read_rows(path, "latin-1" if gias else "utf-8")
        required = GIAS_REQUIRED if gias else GENERIC_REQUIRED
        missing = [c for c in required if c not in header]
        if missing:
            raise FileError(("This is not a GIAS register file" if gias else
                             "This is not the generic register layout")
                            + f": missing columns {', '.join(missing)}.")
        parse = parse_gias if gias else parse_generic

        def institution(row: dict) -> str:
            item = parse(_checked(row))
            return SKIPPED if item is None else _save_institution(item, job.partner)

        _process(job, rows, institution)
    elif kind == ImportJob.Kind.DEVICES:
        adapter = DEVICE_ADAPTERS["csv"]

        def device(reading: DeviceReading | RowError) -> str:
            if isinstance(reading, RowError):
                raise reading
            return save_reading(adapter.source, reading, job.partner)

        _process(job, adapter.readings(path), device)
    else:
        header, rows = read_rows(path)
        layout = deprivation_layout(kind, header)
        edition = _edition(kind, header, job.filename)
        total = KNOWN_AREAS.get(kind, job.total_rows)
        _process(job, rows, lambda row: _deprivation_row(kind, edition, layout, total,
                                                         _checked(row)))
        changed = apply_deciles(kind)
        job.message = f"{changed} institution(s) were given a new deprivation decile."


def _edition(index: str, header: list[str], filename: str) -> str:
    for text in [*header, filename]:
        found = re.search(r"(IoD|SIMD|WIMD|NIMDM|MDM)[ _]?(\d{4})", text, re.IGNORECASE)
        if found:
            return f"{index.upper()}{found.group(2)}"
    return index.upper()


def run(job: ImportJob) -> ImportJob:
    """Run ``job`` to the end, keeping its progress and report up to date."""
    path = Path(job.path)
    job.status = ImportJob.Status.RUNNING
    job.started = timezone.now()
    job.total_rows = count_rows(path)
    job.save(update_fields=["status", "started", "total_rows"])
    try:
        _run_table(job, path)
        job.status = ImportJob.Status.DONE
    except FileError as exc:
        job.status = ImportJob.Status.FAILED
        job.message = str(exc)
    except Exception as exc:  # a bug or a lost database: say so on the job, then re-raise
        job.status = ImportJob.Status.FAILED
        job.message = f"The import stopped: {exc}"
        job.finished = timezone.now()
        job.save()
        raise
    job.finished = timezone.now()
    job.save()
    return job


def start(kind: str, path: Path, filename: str, *, by: Any = None,
          partner: Organisation | None = None) -> ImportJob:
    return ImportJob.objects.create(kind=kind, path=str(path), filename=filename[:200],
                                    by=by if by is not None and by.is_authenticated else None,
                                    partner=partner)
