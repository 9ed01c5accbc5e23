"""Access rows for outreach pages. Records are created on demand by the kwargs functions,
each belonging to partner A, so partner B gets 404 (out of scope) and others 403."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.access.rows import PERSONAS, Row, no_args, only

STAFF = {"admin": 200, "partner_a": 200, "partner_b": 200}
OWN = {"admin": 200, "partner_a": 200, "partner_b": 404}
OWN_POST = {"admin": 302, "partner_a": 302, "partner_b": 404}
ADMIN_ONLY = {"admin": 200}


def _kit(w: Any) -> Any:
    from resilience.outreach.models import Kit

    return Kit.objects.get_or_create(code="ACC-1", defaults={
        "name": "Access kit", "partner": w.partner_org_a})[0]


def _res(w: Any) -> Any:
    from resilience.outreach.models import Reservation

    return Reservation.objects.get_or_create(kit=_kit(w), defaults={
        "institution": w.school_a, "location": "Lab", "contact_name": "A",
        "contact_email": "a@example.org", "start_date": dt.date(2030, 1, 1),
        "end_date": dt.date(2030, 1, 5)})[0]


def _event(w: Any) -> Any:
    from django.utils import timezone

    from resilience.outreach.models import Event

    now = timezone.now()
    return Event.objects.get_or_create(title="Access event", defaults={
        "kind": "careers", "partner": w.partner_org_a, "starts": now, "ends": now,
        "venue": "Hall", "capacity": 10, "public_registration": True})[0]


def _reg(w: Any) -> dict[str, int]:
    from resilience.outreach.models import Registration

    event = _event(w)
    reg = Registration.objects.get_or_create(event=event, contact_name="P")[0]
    return {"pk": event.pk, "reg_pk": reg.pk}


def _cohort(w: Any) -> Any:
    from resilience.outreach.models import Cohort

    return Cohort.objects.get_or_create(name="Access cohort", defaults={
        "partner": w.partner_org_a, "starts": dt.date(2026, 1, 1),
        "ends": dt.date(2026, 6, 1)})[0]


def _member(w: Any) -> dict[str, int]:
    from resilience.outreach.models import CohortMember

    cohort = _cohort(w)
    member = CohortMember.objects.get_or_create(cohort=cohort, name="M", defaults={
        "organisation": w.school_a})[0]
    return {"pk": cohort.pk, "member_pk": member.pk}


def _session(w: Any) -> dict[str, int]:
    from resilience.outreach.models import CohortSession

    cohort = _cohort(w)
    session = CohortSession.objects.get_or_create(cohort=cohort, title="S", defaults={
        "date": dt.date(2026, 2, 1)})[0]
    return {"pk": cohort.pk, "session_pk": session.pk}


def _placement(w: Any) -> dict[str, int]:
    from resilience.outreach.models import Placement

    p = Placement.objects.get_or_create(student="AB", defaults={
        "partner": w.partner_org_a, "host": w.affiliate_org, "institution": w.school_a,
        "starts": dt.date(2026, 7, 1), "ends": dt.date(2026, 7, 5), "supervisor_name": "S"})[0]
    return {"pk": p.pk}


def _affiliate(w: Any) -> dict[str, int]:
    from resilience.outreach.models import AffiliateMembership

    a = AffiliateMembership.objects.get_or_create(organisation=w.affiliate_org, defaults={
        "partner": w.partner_org_a, "tier": "member", "starts": dt.date(2026, 1, 1),
        "renews": dt.date(2027, 1, 1)})[0]
    return {"pk": a.pk}


def _partnership(w: Any) -> dict[str, int]:
    from resilience.outreach.models import Partnership

    p = Partnership.objects.get_or_create(institution=w.school_a, academic_year="2026/27",
                                          defaults={"partner": w.partner_org_a,
                                                    "contact_name": "C"})[0]
    return {"pk": p.pk}


def _import(w: Any) -> dict[str, int]:
    from resilience.outreach.models import ImportJob

    return {"pk": ImportJob.objects.get_or_create(kind="gias", filename="x.csv")[0].pk}


ROWS: list[Row] = [
    ("outreach:dashboard", no_args, "get", only(STAFF)),
    ("outreach:institution_list", no_args, "get", only(STAFF)),
    ("outreach:institution_detail", lambda w: {"pk": w.school_a.pk}, "get", only(OWN)),
    ("outreach:institution_create", no_args, "get", only(STAFF)),
    ("outreach:institution_edit", lambda w: {"pk": w.school_a.pk}, "get", only(OWN)),
    ("outreach:engagement_add", lambda w: {"pk": w.school_a.pk}, "get", only(OWN)),
    ("outreach:import_list", no_args, "get", only(ADMIN_ONLY)),
    ("outreach:import_detail", _import, "get", only(ADMIN_ONLY)),
    ("outreach:kit_list", no_args, "get", only(STAFF)),
    ("outreach:kit_create", no_args, "get", only(STAFF)),
    ("outreach:device_import", no_args, "get", only(STAFF)),
    ("outreach:utilisation", no_args, "get", only(STAFF)),
    ("outreach:kit_detail", lambda w: {"pk": _kit(w).pk}, "get", only(OWN)),
    ("outreach:kit_edit", lambda w: {"pk": _kit(w).pk}, "get", only(OWN)),
    ("outreach:kit_component_add", lambda w: {"pk": _kit(w).pk}, "get", only(OWN)),
    ("outreach:kit_audit", lambda w: {"pk": _kit(w).pk}, "get", only(OWN)),
    ("outreach:loan_list", no_args, "get", only(STAFF)),
    ("outreach:reservation_create", no_args, "get", only(STAFF)),
    ("outreach:reservation_detail", lambda w: {"pk": _res(w).pk}, "get", only(OWN)),
    ("outreach:reservation_checkout", lambda w: {"pk": _res(w).pk}, "post", only(OWN_POST)),
    ("outreach:reservation_checkin", lambda w: {"pk": _res(w).pk}, "post", only(OWN_POST)),
    ("outreach:reservation_due_date", lambda w: {"pk": _res(w).pk}, "post",
     only(OWN_POST)),
    ("outreach:reservation_cancel", lambda w: {"pk": _res(w).pk}, "post", only(OWN_POST)),
    ("outreach:acceptance_form", lambda w: {"pk": _res(w).pk}, "get", only(OWN)),
    ("outreach:calendar", no_args, "get", only(STAFF)),
    ("outreach:event_list", no_args, "get", only(STAFF)),
    ("outreach:event_create", no_args, "get", only(STAFF)),
    ("outreach:event_ical", no_args, "get", only(STAFF)),
    ("outreach:feed_settings", no_args, "get", only(STAFF)),
    # A made-up feed address is not found, whoever asks.
    ("outreach:event_feed", lambda w: {"token": "not-a-real-token"}, "get",
     dict.fromkeys(PERSONAS, 404)),
    ("outreach:event_detail", lambda w: {"pk": _event(w).pk}, "get", only(OWN)),
    ("outreach:event_edit", lambda w: {"pk": _event(w).pk}, "get", only(OWN)),
    ("outreach:event_register", lambda w: {"pk": _event(w).pk}, "get", only(OWN)),
    ("outreach:registration_attendance", _reg, "post", only(OWN_POST)),
    ("outreach:event_survey", lambda w: {"pk": _event(w).pk}, "get", only(OWN)),
    # The sign-up page of an event open to self-registration: anyone with its address.
    ("outreach:event_signup", lambda w: {"uid": _event(w).uid}, "get",
     dict.fromkeys(PERSONAS, 200)),
    # The anonymous survey: anyone with the event's secret address.
    ("outreach:survey_public", lambda w: {"uid": _event(w).uid, "stage": "post"}, "get",
     dict.fromkeys(PERSONAS, 200)),
    ("outreach:placement_list", no_args, "get", only(STAFF)),
    ("outreach:placement_create", no_args, "get", only(STAFF)),
    ("outreach:placement_edit", _placement, "get", only(OWN)),
    ("outreach:cohort_list", no_args, "get", only(STAFF)),
    ("outreach:cohort_create", no_args, "get", only(STAFF)),
    ("outreach:cohort_detail", lambda w: {"pk": _cohort(w).pk}, "get", only(OWN)),
    ("outreach:cohort_member_add", lambda w: {"pk": _cohort(w).pk}, "get", only(OWN)),
    ("outreach:cohort_member_edit", _member, "get", only(OWN)),
    ("outreach:cohort_session_add", lambda w: {"pk": _cohort(w).pk}, "get", only(OWN)),
    ("outreach:cohort_attendance", _session, "get", only(OWN)),
    ("outreach:affiliate_list", no_args, "get", only(STAFF)),
    ("outreach:affiliate_create", no_args, "get", only(STAFF)),
    ("outreach:affiliate_edit", _affiliate, "get", only(OWN)),
    ("outreach:partnership_list", no_args, "get", only(STAFF)),
    ("outreach:partnership_create", no_args, "get", only(STAFF)),
    ("outreach:partnership_edit", _partnership, "get", only(OWN)),
]
