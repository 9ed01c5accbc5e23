"""Figures for staff pages: institutions connected, contacts, kit utilisation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from resilience.outreach import models as m
from resilience.outreach import scope


def connected_institutions(user: Any, start: dt.date, end: dt.date) -> set[int]:
    """:func:`connected_ids` within what ``user`` may see."""
    return connected_ids(start, end, scope.partner_ids(user))


def connected_ids(start: dt.date, end: dt.date,
                  partners: set[int] | None = None) -> set[int]:
    """Institutions with any contact between ``start`` and ``end``: an event (registered
    or attended), a visit or download, a loan that went out, or a placement (the student's
    school and the host). Each counts once, however many contacts it had ("institutions
    connected"). ``partners`` limits it to those partners' records; None means all.

    For the impact reports: ``len(connected_ids(programme_start, today))``.
    """

    ids: set[int] = set()
    for contacts in connected_querysets(start, end, partners):
        ids |= set(contacts)
    return ids


def connected_querysets(start: dt.date, end: dt.date,
                        partners: set[int] | None = None) -> list[Any]:
    """The institution ids of :func:`connected_ids` as unevaluated querysets (one per kind
    of contact), so a caller can count in the database: ``filter(Q(id__in=qs) | …)``."""

    def limit(qs: Any, field: str) -> Any:
        return qs if partners is None else qs.filter(**{f"{field}__in": partners})

    tz = timezone.get_current_timezone()
    lo = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    placements = limit(m.Placement.objects.filter(
        starts__range=(start, end)).exclude(status="withdrawn"), "partner")
    return [
        limit(m.Engagement.objects.filter(date__range=(start, end)), "partner")
        .values_list("institution_id", flat=True),
        limit(m.Registration.objects.filter(
            institution__isnull=False, event__starts__gte=lo, event__starts__lt=hi,
            status__in=["registered", "attended"]), "event__partner")
        .values_list("institution_id", flat=True),
        limit(m.Reservation.objects.filter(
            status__in=["out", "returned"], start_date__range=(start, end)), "kit__partner")
        .values_list("institution_id", flat=True),
        placements.values_list("institution_id", flat=True),
        placements.values_list("host_id", flat=True),
    ]


def contacts_for(org: Any, user: Any) -> list[dict[str, Any]]:
    """Every contact with ``org``, newest first, for its page."""
    rows: list[dict[str, Any]] = []
    for e in scope.scoped(org.engagements.all(), user):
        rows.append({"date": e.date, "kind": e.get_kind_display(), "what": e.note})
    for r in scope.scoped(org.event_registrations.select_related("event"), user):
        rows.append({"date": timezone.localtime(r.event.starts).date(),
                     "kind": r.get_status_display(), "what": r.event.title,
                     "url": ("outreach:event_detail", r.event_id)})
    for loan in scope.scoped(org.kit_reservations.select_related("kit"), user):
        rows.append({"date": loan.start_date, "kind": loan.get_status_display(),
                     "what": f"{loan.kit.code} {loan.start_date:%d %b}–{loan.end_date:%d %b %Y}",
                     "url": ("outreach:reservation_detail", loan.pk)})
    for p in scope.scoped(org.placements.select_related("host"), user):
        rows.append({"date": p.starts, "kind": p.get_status_display(),
                     "what": _("Placement at %(host)s") % {"host": p.host.name}})
    return sorted(rows, key=lambda r: r["date"], reverse=True)


def _loan_days(res: m.Reservation, start: dt.date, end: dt.date, today: dt.date) -> int:
    out = res.start_date
    if res.status == "out":
        back = today
    elif res.returned_at:
        back = timezone.localtime(res.returned_at).date()
    else:
        back = res.end_date
    first, last = max(out, start), min(back, end)
    return max(0, (last - first).days + 1)


def kit_utilisation(kits: Iterable[m.Kit], today: dt.date) -> dict[int, dict[str, Any]]:
    """For each kit: where it is now and its days on loan in the last 365 days."""
    start = today - dt.timedelta(days=364)
    result: dict[int, dict[str, Any]] = {}
    kit_ids = [k.pk for k in kits]
    for pk in kit_ids:
        result[pk] = {"days": 0, "loans": 0, "where": "", "percent": 0}
    for res in m.Reservation.objects.filter(
            kit_id__in=kit_ids, status__in=["out", "returned"],
            start_date__lte=today).select_related("institution"):
        days = _loan_days(res, start, today, today)
        if days:
            result[res.kit_id]["days"] += days
            result[res.kit_id]["loans"] += 1
        if res.status == "out":
            result[res.kit_id]["where"] = res.institution.name
    for pk in kit_ids:
        result[pk]["percent"] = round(100 * result[pk]["days"] / 365)
        result[pk]["where"] = result[pk]["where"] or _("At base")
    return result


def school_utilisation(user: Any, today: dt.date) -> list[dict[str, Any]]:
    start = today - dt.timedelta(days=364)
    rows: dict[int, dict[str, Any]] = {}
    for res in scope.scoped(m.Reservation.objects.filter(
            status__in=["out", "returned"], start_date__lte=today,
            end_date__gte=start), user).select_related("institution"):
        row = rows.setdefault(res.institution_id, {"pk": res.institution_id,
                                                   "name": res.institution.name,
                                                   "loans": 0, "days": 0})
        row["loans"] += 1
        row["days"] += _loan_days(res, start, today, today)
    return sorted(rows.values(), key=lambda r: (-r["days"], r["name"]))


class ListQuerySet(list):
    """A list that lists and exports accept in place of a queryset."""

    model = None

    def iterator(self, chunk_size: int = 0) -> Iterator[Any]:
        return iter(self)
