"""The KPI registry: each KPI is a function that counts from the data for a period.

KPIs read committed apps directly (accounts, live). KPIs that need the outreach or records
apps look their models up when called, so this app works whether or not those apps are
installed: a KPI whose data source is missing reports ``None`` ("not available") and
:func:`wired` says which are live.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldError
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

log = logging.getLogger("resilience.impact")

Counter = Callable[[dt.date, dt.date], int | None]


@dataclass(frozen=True)
class KPI:
    key: str
    label: Any
    description: Any
    default_target: int
    default_period: str  # "year" (per financial year) or "programme" (cumulative)
    unit: str  # "count" or "percent"
    needs: tuple[str, ...]  # app labels whose models the counter reads
    counter: Counter
    cumulative: bool = False  # counts everything up to the end, not only in the period

    def count(self, start: dt.date, end: dt.date) -> int | None:
        if not self.available:
            return None
        try:
            return self.counter(start, end)
        except (LookupError, FieldError):
            log.warning("KPI %s: its data source is not available", self.key)
            return None

    @property
    def available(self) -> bool:
        return all(apps.is_installed(f"resilience.{label}") for label in self.needs)


def _model(app_label: str, name: str) -> Any:
    """The model, or LookupError if its app is not installed (or it does not exist yet)."""
    return apps.get_model(app_label, name)


def _day_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    from django.utils import timezone

    tz = timezone.get_current_timezone()
    return (dt.datetime.combine(start, dt.time.min, tzinfo=tz),
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz))


# --- Counters -------------------------------------------------------------------------------

EDUCATIONAL = ("school", "college", "university")


def simulation_sessions_completed(start: dt.date, end: dt.date) -> int:
    """Learner runs of a simulation finished in the period (live.Participant.finished)."""
    Participant = _model("live", "Participant")
    lo, hi = _day_bounds(start, end)
    return Participant.objects.filter(finished__gte=lo, finished__lt=hi).count()


def institutions_connected(start: dt.date, end: dt.date) -> int:
    """Schools, colleges and universities the programme has been in contact with by the
    end of the period, each counted once (cumulative: the 150 target is over the
    programme).

    A contact is anything outreach records (an event, a visit, a resource download, a
    loan that went out, a placement: :func:`resilience.outreach.reports.connected_ids`)
    or a live class session run with one of the institution's classes. Being in the
    register is not a contact.
    """
    from functools import reduce
    from operator import or_

    from resilience.outreach.reports import connected_querysets

    Organisation = _model("accounts", "Organisation")
    LiveSession = _model("live", "LiveSession")
    _lo, hi = _day_bounds(start, end)
    contacts = [*connected_querysets(dt.date(1990, 1, 1), end),
                LiveSession.objects.filter(mode="class", created__lt=hi,
                                           organisation__isnull=False)
                .values_list("organisation_id", flat=True)]
    # One query: the database counts, nothing is pulled into Python.
    return Organisation.objects.filter(kind__in=EDUCATIONAL).filter(
        reduce(or_, (Q(id__in=qs) for qs in contacts))).count()


def partner_schools(start: dt.date, end: dt.date) -> int:
    """Schools and colleges with a signed partnership agreement signed in the period."""
    Partnership = _model("outreach", "Partnership")
    return Partnership.objects.filter(
        agreement__in=["signed", "ended"], agreement_signed_on__gte=start,
        agreement_signed_on__lte=end,
        institution__kind__in=["school", "college"],
    ).values("institution").distinct().count()


def _attended(start: dt.date, end: dt.date, kinds: list[str], exclude: bool) -> int:
    Registration = _model("outreach", "Registration")
    lo, hi = _day_bounds(start, end)
    kind_q = Q(event__kind__in=kinds)
    qs = Registration.objects.filter(status="attended", event__starts__gte=lo,
                                     event__starts__lt=hi)
    qs = qs.exclude(kind_q) if exclude else qs.filter(kind_q)
    with_count = qs.filter(attended_count__isnull=False).aggregate(n=Sum("attended_count"))
    without = qs.filter(attended_count__isnull=True).aggregate(n=Sum("places"))
    return int(with_count["n"] or 0) + int(without["n"] or 0)


ADULT_EVENT_KINDS = ["training", "cpd", "accelerator"]


def students_reached(start: dt.date, end: dt.date) -> int:
    """People who attended school-facing outreach events in the period (an attended
    party counts its number who attended, else its places)."""
    return _attended(start, end, ADULT_EVENT_KINDS, exclude=True)


def trainees_trained(start: dt.date, end: dt.date) -> int:
    """People who attended NHS or industry training events in the period."""
    return _attended(start, end, ["training"], exclude=False)


def events_held(start: dt.date, end: dt.date) -> int:
    """Outreach events that started in the period and have ended."""
    from django.utils import timezone

    Event = _model("outreach", "Event")
    lo, hi = _day_bounds(start, end)
    return Event.objects.filter(starts__gte=lo, starts__lt=hi,
                                ends__lte=timezone.now()).count()


def leaders_developed(start: dt.date, end: dt.date) -> int:
    """Leadership-accelerator members who completed, in cohorts that ended in the period."""
    CohortMember = _model("outreach", "CohortMember")
    return CohortMember.objects.filter(progress="completed", cohort__ends__gte=start,
                                       cohort__ends__lte=end).count()


def headset_loan_utilisation(start: dt.date, end: dt.date) -> int:
    """Per cent of kit-days in the period (to today) that kits in service were out on loan."""
    from django.utils import timezone

    Kit = _model("outreach", "Kit")
    Reservation = _model("outreach", "Reservation")
    today = timezone.localdate()
    stop = min(end, today)
    if stop < start:
        return 0
    days = (stop - start).days + 1
    kits = Kit.objects.exclude(status="retired").count()
    if not kits:
        return 0
    on_loan = 0
    for out_date, back, due in Reservation.objects.filter(
            checked_out_at__isnull=False, start_date__lte=stop).values_list(
            "checked_out_at", "returned_at", "end_date"):
        first = max(timezone.localtime(out_date).date(), start)
        last = min(timezone.localtime(back).date() if back else max(due, today), stop)
        if last >= first:
            on_loan += (last - first).days + 1
    return round(100 * on_loan / (kits * days))


REGISTRY: dict[str, KPI] = {k.key: k for k in (
    KPI("partner_schools", _("Partner schools and colleges"),
        _("Schools and colleges whose partnership agreement was signed in the period."),
        20, "year", "count", ("outreach",), partner_schools),
    KPI("institutions_connected", _("Institutions connected"),
        _("Schools, colleges and universities connected with the programme (cumulative)."),
        150, "programme", "count", ("accounts", "outreach", "live"), institutions_connected,
        cumulative=True),
    KPI("students_reached", _("Students reached"),
        _("Attendance at school-facing outreach events."),
        7500, "year", "count", ("outreach",), students_reached),
    KPI("trainees_trained", _("Trainees trained"),
        _("Attendance at NHS and industry training events."),
        750, "year", "count", ("outreach",), trainees_trained),
    KPI("events_held", _("Events held"), _("Outreach events held."),
        85, "year", "count", ("outreach",), events_held),
    KPI("leaders_developed", _("Leaders developed"),
        _("Leadership-accelerator members who completed their cohort."),
        40, "year", "count", ("outreach",), leaders_developed),
    KPI("headset_loan_utilisation", _("Headset-loan utilisation"),
        _("Share of kit-days on loan (per cent)."),
        70, "year", "percent", ("outreach",), headset_loan_utilisation),
    KPI("simulation_sessions_completed", _("Simulation sessions completed"),
        _("Learner runs of a simulation that finished."),
        5000, "year", "count", ("live",), simulation_sessions_completed),
)}


def wired() -> dict[str, bool]:
    """Which KPIs count from live data on this install."""
    return {key: kpi.available for key, kpi in REGISTRY.items()}


# --- Periods --------------------------------------------------------------------------------


def financial_year(day: dt.date) -> tuple[dt.date, dt.date]:
    """The UK financial year (1 April – 31 March) containing ``day``."""
    first = day.year if day.month >= 4 else day.year - 1
    return dt.date(first, 4, 1), dt.date(first + 1, 3, 31)


def quarters(start: dt.date, end: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """Three-month quarters from ``start`` to ``end`` (the last may be short)."""
    out = []
    q_start = start
    n = 1
    while q_start <= end:
        month = q_start.month + 3
        year = q_start.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        next_start = dt.date(year, month, min(q_start.day, 28)) if q_start.day > 28 \
            else dt.date(year, month, q_start.day)
        q_end = min(next_start - dt.timedelta(days=1), end)
        out.append((f"Q{n}", q_start, q_end))
        q_start = next_start
        n += 1
    return out
