"""The funder's quarterly pack: KPIs against targets with a forecast and variance, risks,
ED&I (disclosure-controlled only) and carbon, as an XLSX workbook and a PDF.

Innovate UK monitors projects quarterly: a report against KPIs and deliverables, a
forecast with variance, and risks (``/shared/reference/programme.md``). The forecast here
is a straight line: the value so far divided by the days elapsed in the target period,
times the days in the whole period.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from resilience.impact import reports
from resilience.impact.actions import target_for
from resilience.impact.carbon import (
    Comparison,
    Trip,
    compare,
    in_person,
    load_factor_set,
    method_statement,
    vr_session,
)
from resilience.impact.disclosure import Table
from resilience.impact.kpis import KPI, REGISTRY, financial_year
from resilience.impact.models import EdiResponse, FunderPack

log = logging.getLogger("resilience.impact")

Progress = Callable[[int, str], None]
ON_TRACK = Decimal("0.9")  # a forecast below 90 % of target is reported as a risk


@dataclass(frozen=True)
class KpiLine:
    kpi: KPI
    in_quarter: int | None
    period_start: dt.date
    period_end: dt.date
    to_date: int | None
    target: int
    target_is_default: bool
    forecast: int | None
    variance: int | None

    @property
    def status(self) -> str:
        if self.to_date is None:
            return "Not available yet"
        if self.forecast is None:
            return "Not started"
        return "On track" if self.forecast >= ON_TRACK * self.target else "Behind"


@dataclass(frozen=True)
class PackData:
    quarter_start: dt.date
    quarter_end: dt.date
    generated: dt.datetime
    kpis: list[KpiLine]
    risks: list[str]
    edi_respondents: str
    edi: list[Table]
    carbon: Comparison
    method: list[str]


def kpi_line(kpi: KPI, q_start: dt.date, q_end: dt.date) -> KpiLine:
    target = target_for(kpi.key, q_end)
    if target is not None:
        start, end, value, default = target.start, target.end, target.value, False
    else:
        start, end = financial_year(q_end)
        value, default = kpi.default_target, True
    to_date = kpi.count(start, q_end)
    forecast = variance = None
    if to_date is not None:
        if kpi.unit == "percent" or kpi.cumulative:
            forecast = to_date
        else:
            elapsed = (min(q_end, end) - start).days + 1
            total = (end - start).days + 1
            forecast = round(to_date * total / elapsed) if elapsed > 0 else None
        variance = None if forecast is None else forecast - value
    return KpiLine(kpi, kpi.count(q_start, q_end), start, end, to_date, value, default,
                   forecast, variance)


def example_comparison() -> Comparison:
    """The carbon example the pack reports: a class of 30, 15 headsets, staff drive 40 km,
    against the class travelling 60 km by coach with one gown and two pairs of gloves each."""
    fs = load_factor_set()
    vr = vr_session(fs, headsets=15, staff_travel=[Trip("car_average", Decimal(40))],
                    title="VR class session at school (example)")
    real = in_person(fs, learner_travel=[Trip("coach", Decimal(60), 30)], gowns=30,
                     glove_pairs=60, title="Same class at a real facility (example)")
    return compare(vr, real)


def collect(q_start: dt.date, q_end: dt.date, progress: Progress | None = None) -> PackData:
    say = progress or (lambda _p, _s: None)
    lines = []
    for i, kpi in enumerate(REGISTRY.values()):
        say(5 + 50 * i // len(REGISTRY), f"Counting {kpi.label}")
        lines.append(kpi_line(kpi, q_start, q_end))
    risks = []
    for line in lines:
        if line.status == "Behind":
            risks.append(f"{line.kpi.label}: forecast {line.forecast} against a target of "
                         f"{line.target} (variance {line.variance}).")
        elif line.status == "Not available yet":
            risks.append(f"{line.kpi.label}: not yet counted by the platform; report it "
                         "from the delivery partners' records.")
    say(60, "Equality, diversity and inclusion")
    responses = EdiResponse.objects.all()
    tables = reports.edi_tables(responses)
    respondents = reports.respondents(responses).value_text
    say(70, "Carbon")
    comparison = example_comparison()
    return PackData(q_start, q_end, timezone.now(), lines, risks, respondents, tables,
                    comparison, method_statement(comparison.vr, comparison.in_person))


# --- XLSX --------------------------------------------------------------------------------------


def to_xlsx(data: PackData) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    book = Workbook()
    summary = book.active
    summary.title = "Summary"
    summary.append(["Resilience programme: quarterly report to the funder"])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append(["Quarter", f"{data.quarter_start:%d %b %Y} to {data.quarter_end:%d %b %Y}"])
    summary.append(["Generated", timezone.localtime(data.generated).strftime("%d %b %Y %H:%M")])
    summary.append(["ED&I respondents (rounded to 5)", data.edi_respondents])
    summary.append([])
    summary.append(["Equality figures are rounded to the nearest 5 and small percentages are "
                    "suppressed (\"..\"), following HESA's rounding methodology."])

    sheet = book.create_sheet("KPIs")
    header = ["KPI", "In the quarter", "Target period from", "Target period to", "To date",
              "Target", "Default target?", "Forecast at period end", "Variance", "Status"]
    sheet.append(header)
    for line in data.kpis:
        sheet.append([str(line.kpi.label), line.in_quarter, line.period_start,
                      line.period_end, line.to_date, line.target,
                      "yes" if line.target_is_default else "no", line.forecast,
                      line.variance, line.status])
    for cell in sheet[1]:
        cell.font = bold
    for row in sheet.iter_rows(min_row=2, min_col=3, max_col=4):
        for cell in row:
            cell.number_format = "dd mmm yyyy"

    sheet = book.create_sheet("Risks")
    sheet.append(["Risk", "Mitigation (to complete)"])
    for cell in sheet[1]:
        cell.font = bold
    for risk in data.risks or ["No KPI is forecast below 90% of its target."]:
        sheet.append([risk, ""])

    sheet = book.create_sheet("Equality")
    sheet.append(["Table", "Category", "People (rounded to 5)", "Per cent",
                  "Out of (rounded)"])
    for cell in sheet[1]:
        cell.font = bold
    for table in data.edi:
        for row in table.rows:
            sheet.append([table.title, row.label, row.figure.value_text,
                          row.figure.percent_text, row.figure.denominator_text])
        sheet.append([table.title, "Total", table.total.value_text, table.total.percent_text,
                      table.total.denominator_text])

    sheet = book.create_sheet("Carbon")
    sheet.append(["Estimate", "Line", "Amount", "Unit", "Factor or assumption", "Basis unit",
                  "Year", "kg CO2e"])
    for cell in sheet[1]:
        cell.font = bold
    for estimate in (data.carbon.vr, data.carbon.in_person):
        for line in estimate.lines:
            sheet.append([estimate.title, line.label, float(line.quantity),
                          line.quantity_unit, float(line.basis.value), line.basis.unit,
                          line.year if line.year else "assumption", float(line.kg)])
        sheet.append([estimate.title, "Total", None, None, None, None, estimate.year,
                      float(estimate.total_kg)])
    sheet.append([])
    sheet.append(["Saving (kg CO2e)", float(data.carbon.saving_kg)])
    sheet.append([])
    sheet.append(["Method statement"])
    for sentence in data.method:
        sheet.append([sentence])

    for ws in book.worksheets:
        ws.column_dimensions["A"].width = 48
        for col in "BCDEFGHIJ":
            ws.column_dimensions[col].width = 18
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- PDF ---------------------------------------------------------------------------------------


def to_pdf(data: PackData) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=15 * mm,
                            rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm,
                            title="Resilience quarterly report to the funder",
                            author="Resilience programme", subject="Quarterly KPI report",
                            lang="en-GB")
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                       ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                       ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f2f1")),
                       ("VALIGN", (0, 0), (-1, -1), "TOP"),
                       ("FONTSIZE", (0, 0), (-1, -1), 9)])

    def p(text: str, style: str = "BodyText") -> Paragraph:
        return Paragraph(escape(text), styles[style])

    def cell(value: Any) -> str:
        return "" if value is None else str(value)

    story: list[Any] = [
        p("Resilience programme: quarterly report to the funder", "Title"),
        p(f"Quarter {data.quarter_start:%d %b %Y} to {data.quarter_end:%d %b %Y}. Generated "
          f"{timezone.localtime(data.generated):%d %b %Y %H:%M}."),
        p("KPIs against targets", "Heading2"),
    ]
    rows = [["KPI", "In quarter", "Target period", "To date", "Target", "Forecast",
             "Variance", "Status"]]
    for line in data.kpis:
        rows.append([str(line.kpi.label), cell(line.in_quarter),
                     f"{line.period_start:%d %b %Y} - {line.period_end:%d %b %Y}",
                     cell(line.to_date),
                     f"{line.target}{' (default)' if line.target_is_default else ''}",
                     cell(line.forecast), cell(line.variance), line.status])
    story += [Table(rows, repeatRows=1, style=grid), Spacer(1, 6 * mm),
              p("Risks", "Heading2")]
    for risk in data.risks or ["No KPI is forecast below 90% of its target."]:
        story.append(p(f"- {risk}"))
    story += [p("Equality, diversity and inclusion", "Heading2"),
              p(f"Respondents: {data.edi_respondents} (rounded to the nearest 5). Figures "
                "are rounded to the nearest 5 (0, 1 and 2 show as 0); totals are rounded "
                "from unrounded data; '..' marks a suppressed percentage (fewer than 23 "
                "people, or a group of 0, 1 or 2 people).")]
    for table in data.edi:
        rows = [[table.title[:70], "People", "Per cent", "Out of"]]
        rows += [[row.label[:70], row.figure.value_text, row.figure.percent_text,
                  row.figure.denominator_text] for row in table.rows]
        rows.append(["Total", table.total.value_text, table.total.percent_text,
                     table.total.denominator_text])
        story += [Table(rows, repeatRows=1, style=grid), Spacer(1, 4 * mm)]
    story.append(p("Carbon", "Heading2"))
    story.append(p(f"Example: {data.carbon.vr.total_kg:.2f} kg CO2e in VR against "
                   f"{data.carbon.in_person.total_kg:.2f} kg CO2e in person; saving "
                   f"{data.carbon.saving_kg:.2f} kg CO2e (DESNZ {data.carbon.vr.year})."))
    story.append(p("Method statement", "Heading3"))
    for sentence in data.method:
        story.append(p(sentence))
    doc.build(story)
    return out.getvalue()


# --- The background job -------------------------------------------------------------------------


def run(job: FunderPack) -> None:
    """Build the pack, saving progress as it goes; a failure is recorded, never raised."""

    def progress(percent: int, step: str) -> None:
        FunderPack.objects.filter(pk=job.pk).update(percent=percent, step=step[:100])

    FunderPack.objects.filter(pk=job.pk).update(status=FunderPack.Status.RUNNING, percent=1,
                                                step="Starting")
    try:
        data = collect(job.quarter_start, job.quarter_end, progress)
        progress(80, "Writing the spreadsheet")
        xlsx = to_xlsx(data)
        progress(90, "Writing the PDF")
        pdf = to_pdf(data)
    except Exception as exc:  # recorded on the job for the person waiting
        log.exception("funder pack %s failed", job.pk)
        FunderPack.objects.filter(pk=job.pk).update(
            status=FunderPack.Status.FAILED, message=f"{type(exc).__name__}: {exc}",
            finished=timezone.now())
        return
    FunderPack.objects.filter(pk=job.pk).update(
        status=FunderPack.Status.DONE, percent=100, step="Ready", xlsx=xlsx, pdf=pdf,
        finished=timezone.now())
