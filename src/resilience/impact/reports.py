"""What the impact pages and exports show, assembled once.

ED&I figures exist here only as :class:`~resilience.impact.disclosure.Table` objects made by
:func:`~resilience.impact.disclosure.disclose_breakdown`; no raw ED&I count leaves this
module.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from resilience.accounts import access
from resilience.accounts.models import Role
from resilience.impact import edi
from resilience.impact.actions import target_for
from resilience.impact.charts import trend_chart
from resilience.impact.disclosure import Figure, Table, disclose, disclose_breakdown
from resilience.impact.kpis import KPI, REGISTRY, financial_year, quarters
from resilience.impact.models import EdiResponse

# --- ED&I -----------------------------------------------------------------------------------


def visible_responses(user: Any) -> QuerySet[EdiResponse]:
    """Programme admins: every response. Partner staff: those linked to their partner."""
    if access.is_programme_admin(user):
        return EdiResponse.objects.all()
    partners = access.org_ids(user, Role.PARTNER_STAFF)
    return EdiResponse.objects.filter(partner_id__in=partners)


def _labelled(counts: Counter[str], choices: list[tuple[str, Any]]) -> dict[str, int]:
    return {str(label): counts.get(code, 0) for code, label in choices}


def edi_tables(responses: QuerySet[EdiResponse]) -> list[Table]:
    rows = list(responses.values_list("ethnicity_list", "ethnicity", "sex", "gender_same",
                                      "condition", "condition_impact", "age_band"))
    groups: Counter[str] = Counter()
    by_list: dict[str, Counter[str]] = {}
    for list_id, code, *_rest in rows:
        groups[edi.harmonised_group(list_id, code) or edi.PREFER_NOT] += 1
        by_list.setdefault(list_id, Counter())[code] += 1
    group_choices = [*edi.HARMONISED_GROUPS.items(), (edi.PREFER_NOT, edi.PREFER_NOT_LABEL)]
    tables = [disclose_breakdown("Ethnic group (harmonised five groups, all UK nations)",
                                 _labelled(groups, group_choices))]
    for list_id, counts in by_list.items():
        lst = edi.LISTS[list_id]
        choices = [(c.code, f"{lst.groups[c.group]}: {c.label}") for c in lst.categories]
        tables.append(disclose_breakdown(f"Ethnic group — {lst.name}",
                                         _labelled(counts, [*choices, (edi.PREFER_NOT,
                                                                       edi.PREFER_NOT_LABEL)])))
    sex = Counter(r[2] for r in rows)
    tables.append(disclose_breakdown("Sex", _labelled(sex, edi.SEX_CHOICES)))
    asked = [r for r in rows if r[3]]
    tables.append(disclose_breakdown(
        "Gender identity the same as sex registered at birth (asked of people aged 16+)",
        _labelled(Counter(r[3] for r in asked), edi.GENDER_SAME_CHOICES)))
    asked = [r for r in rows if r[4]]
    tables.append(disclose_breakdown(
        "Long-term physical or mental health condition (asked of people aged 16+)",
        _labelled(Counter(r[4] for r in asked), edi.CONDITION_CHOICES)))
    tables.append(disclose_breakdown(
        "Of those with a condition: reduces day-to-day activities",
        _labelled(Counter(r[5] for r in asked if r[4] == "yes"), edi.IMPACT_CHOICES)))
    tables.append(disclose_breakdown("Age", _labelled(Counter(r[6] for r in rows),
                                                      edi.AGE_BANDS)))
    return tables


# --- KPIs and targets -------------------------------------------------------------------------


@dataclass(frozen=True)
class KpiRow:
    kpi: KPI
    start: dt.date
    end: dt.date
    target: int
    target_is_default: bool
    value: int | None
    quarter_labels: list[str]
    quarter_values: list[int | None]
    cumulative: list[int | None]
    chart: str

    @property
    def percent_of_target(self) -> int | None:
        if self.value is None or not self.target:
            return None
        return round(100 * self.value / self.target)

    @property
    def quarters(self) -> list[tuple[str, int | None, int | None]]:
        return list(zip(self.quarter_labels, self.quarter_values, self.cumulative,
                        strict=True))


def kpi_row(kpi: KPI, day: dt.date) -> KpiRow:
    target = target_for(kpi.key, day)
    if target is not None:
        start, end, value, default = target.start, target.end, target.value, False
    else:
        start, end = financial_year(day)
        value, default = kpi.default_target, True
    today = timezone.localdate()
    labels, per_quarter, running = [], [], []
    total: int | None = 0
    for label, q_start, q_end in quarters(start, end):
        labels.append(label)
        if q_start > today:
            per_quarter.append(None)
            running.append(None)
            continue
        if kpi.cumulative or kpi.unit == "percent":
            v = kpi.count(start if kpi.unit == "percent" else q_start, q_end)
            per_quarter.append(kpi.count(q_start, q_end))
            running.append(v)
        else:
            v = kpi.count(q_start, q_end)
            per_quarter.append(v)
            total = None if v is None or total is None else total + v
            running.append(total)
    current = kpi.count(start, min(end, today)) if start <= today else 0
    unit = "%" if kpi.unit == "percent" else ""
    chart = trend_chart(f"chart-{kpi.key}", f"{kpi.label}: progress by quarter", labels,
                        running, value, unit) if kpi.available else ""
    return KpiRow(kpi, start, end, value, default, current, labels, per_quarter, running,
                  chart)


def dashboard_rows(day: dt.date | None = None) -> list[KpiRow]:
    day = day or timezone.localdate()
    return [kpi_row(kpi, day) for kpi in REGISTRY.values()]


# --- Public headline figures -------------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    label: str
    figure: Figure


def public_headlines(day: dt.date | None = None) -> list[Headline]:
    """Programme-to-date figures, each rounded by the disclosure function."""
    day = day or timezone.localdate()
    start = dt.date(2000, 1, 1)
    out = []
    for key in ("institutions_connected", "students_reached", "trainees_trained",
                "events_held", "simulation_sessions_completed"):
        kpi = REGISTRY[key]
        value = kpi.count(start, day)
        if value is not None:
            out.append(Headline(str(kpi.label), disclose(value)))
    return out


def edi_headlines() -> list[Headline]:
    """UK-wide shares for the public page (disclosure-controlled, with denominators)."""
    tables = edi_tables(EdiResponse.objects.all())
    groups = tables[0]
    return [Headline(row.label, row.figure) for row in groups.rows]


def respondents(responses: QuerySet[EdiResponse]) -> Figure:
    return disclose(responses.count())
