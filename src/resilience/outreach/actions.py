"""State changes in outreach. Each runs in one transaction and writes the audit log, so a
change either happens completely (with its audit entry) or not at all."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from resilience.accounts import audit
from resilience.accounts.models import Organisation, Role, User
from resilience.outreach.models import (
    HOLDING_STATUSES,
    Engagement,
    Event,
    Kit,
    KitAudit,
    KitComponent,
    Registration,
    Reminder,
    Reservation,
    new_claim,
)


def reminder_days_before() -> int:
    return int(getattr(settings, "OUTREACH_REMINDER_DAYS_BEFORE", 3))


def escalate_after_days() -> int:
    return int(getattr(settings, "OUTREACH_ESCALATE_AFTER_DAYS", 7))


class OutreachError(Exception):
    """A request that cannot be carried out; the message says why, for the person."""


class BookingClash(OutreachError):  # noqa: N818 - reads as what it is
    def __init__(self, clash: Reservation | None) -> None:
        self.clash = clash
        if clash is None:
            super().__init__(_("That kit was booked by someone else for those dates a moment "
                               "ago. Choose other dates or another kit."))
        else:
            super().__init__(_(
                "Kit %(kit)s is already %(status)s for %(who)s from %(start)s to %(end)s."
            ) % {"kit": clash.kit.code, "status": clash.get_status_display().lower(),
                 "who": clash.institution.name, "start": f"{clash.start_date:%d %b %Y}",
                 "end": f"{clash.end_date:%d %b %Y}"})


# --- Contacts ----------------------------------------------------------------------------------


def record_contact(actor: User | None, institution: Organisation, kind: str,
                   note: str = "", day: dt.date | None = None) -> Engagement | None:
    """Count a contact with ``institution`` (a visit, a resource download…) towards
    "institutions connected". Other apps call this, for example the catalogue when a
    teacher downloads material. Returns None if the institution has no delivery partner
    yet (contacts belong to a partner)."""
    if institution.partner_id is None:
        return None
    with transaction.atomic():
        engagement = Engagement.objects.create(
            institution=institution, partner_id=institution.partner_id, kind=kind,
            date=day or timezone.localdate(), note=note[:300],
            by=actor if actor is not None and actor.is_authenticated else None)
        audit.record(actor, "outreach.contact", engagement, kind=kind)
    return engagement


# --- Kits and loans -------------------------------------------------------------------------


def holding(kit: Kit) -> Any:
    return Reservation.objects.filter(kit=kit, status__in=HOLDING_STATUSES)


def first_clash(kit: Kit, start: dt.date, end: dt.date,
                exclude: int | None = None) -> Reservation | None:
    qs = holding(kit).filter(start_date__lte=end, end_date__gte=start)
    if exclude:
        qs = qs.exclude(pk=exclude)
    return qs.select_related("institution", "kit").order_by("start_date").first()


def lend_until(kit: Kit, start: dt.date) -> dt.date | None:
    """The last day ``kit`` is free from ``start``: the day before its next reservation."""
    nxt = holding(kit).filter(start_date__gt=start).order_by("start_date").first()
    return nxt.start_date - dt.timedelta(days=1) if nxt else None


def _lock_kit(kit: Kit) -> None:
    # PostgreSQL: bookers of one kit queue on this row lock, and the exclusion constraint
    # is the backstop. SQLite: a no-op; IMMEDIATE transactions already serialise writers
    # and a trigger is the backstop.
    Kit.objects.select_for_update().filter(pk=kit.pk).exists()


def book(actor: User | None, kit: Kit, institution: Organisation, *, start: dt.date,
         end: dt.date, location: str, contact_name: str, contact_email: str,
         notes: str = "") -> Reservation:
    """Reserve ``kit`` for ``institution``; raise :class:`BookingClash` if it is held."""
    if end < start:
        raise OutreachError(_("The kit must be due back on or after the day it goes out."))
    if kit.status != Kit.Status.IN_SERVICE:
        raise OutreachError(_("Kit %(kit)s is %(status)s and cannot be booked.")
                            % {"kit": kit.code, "status": kit.get_status_display().lower()})
    with transaction.atomic():
        _lock_kit(kit)
        clash = first_clash(kit, start, end)
        if clash is not None:
            raise BookingClash(clash)
        try:
            with transaction.atomic():
                reservation = Reservation.objects.create(
                    kit=kit, institution=institution, start_date=start, end_date=end,
                    location=location, contact_name=contact_name, contact_email=contact_email,
                    notes=notes, booked_by=actor)
        except IntegrityError:
            raise BookingClash(first_clash(kit, start, end)) from None
        audit.record(actor, "outreach.book", reservation, kit=kit.code,
                     institution=institution.name, start=str(start), end=str(end))
    return reservation


def change_due_date(actor: User | None, reservation: Reservation, end: dt.date) -> Reservation:
    """Extend (or shorten) a booking or loan; refused if it would run into another booking."""
    with transaction.atomic():
        _lock_kit(reservation.kit)
        reservation = Reservation.objects.select_for_update().select_related("kit").get(
            pk=reservation.pk)
        if reservation.status not in HOLDING_STATUSES:
            raise OutreachError(_("This booking is %(status)s; its dates can no longer "
                                  "change.")
                                % {"status": reservation.get_status_display().lower()})
        if end < reservation.start_date:
            raise OutreachError(_("The kit must be due back on or after the day it goes "
                                  "out."))
        clash = first_clash(reservation.kit, reservation.start_date, end,
                            exclude=reservation.pk)
        if clash is not None:
            raise BookingClash(clash)
        previous = reservation.end_date
        reservation.end_date = end
        try:
            with transaction.atomic():
                reservation.save(update_fields=["end_date"])
        except IntegrityError:
            raise BookingClash(first_clash(reservation.kit, reservation.start_date, end,
                                           exclude=reservation.pk)) from None
        if reservation.status == Reservation.Status.OUT:
            schedule_reminders(reservation)
        audit.record(actor, "outreach.change_due_date", reservation, previous=str(previous),
                     due=str(end))
    return reservation


def cancel_reservation(actor: User | None, reservation: Reservation) -> None:
    with transaction.atomic():
        reservation = Reservation.objects.select_for_update().get(pk=reservation.pk)
        if reservation.status != Reservation.Status.BOOKED:
            raise OutreachError(_("Only a booking that has not gone out can be cancelled; "
                                  "this one is %(status)s.")
                                % {"status": reservation.get_status_display().lower()})
        reservation.status = Reservation.Status.CANCELLED
        reservation.save(update_fields=["status"])
        audit.record(actor, "outreach.cancel_booking", reservation)


def check_out(actor: User | None, reservation: Reservation, *, accepted_by: str,
              charged: bool, content_installed: bool, kiosk_mode: bool) -> Reservation:
    """Hand the kit over: the checklist must be complete and the contact must accept."""
    missing = [label for ok, label in ((charged, _("charged")),
                                       (content_installed, _("content installed")),
                                       (kiosk_mode, _("offline and kiosk mode on"))) if not ok]
    if missing:
        raise OutreachError(_("The pre-dispatch checklist is not complete: %(items)s.")
                            % {"items": ", ".join(str(x) for x in missing)})
    if not accepted_by.strip():
        raise OutreachError(_("Enter the name of the person accepting the kit."))
    with transaction.atomic():
        reservation = Reservation.objects.select_for_update().get(pk=reservation.pk)
        if reservation.status != Reservation.Status.BOOKED:
            raise OutreachError(_("Kit %(kit)s cannot be checked out: this booking is "
                                  "%(status)s.")
                                % {"kit": reservation.kit.code,
                                   "status": reservation.get_status_display().lower()})
        now = timezone.now()
        reservation.status = Reservation.Status.OUT
        reservation.checked_out_at = now
        reservation.checked_out_by = actor
        reservation.charged = charged
        reservation.content_installed = content_installed
        reservation.kiosk_mode = kiosk_mode
        reservation.accepted_by = accepted_by.strip()
        reservation.accepted_at = now
        reservation.save()
        schedule_reminders(reservation)
        audit.record(actor, "outreach.check_out", reservation, accepted_by=accepted_by)
    return reservation


def check_in(actor: User | None, reservation: Reservation, *, condition: str, cleaned: bool,
             wiped: bool, damage_notes: str = "",
             component_conditions: dict[int, str] | None = None) -> Reservation:
    with transaction.atomic():
        reservation = Reservation.objects.select_for_update().get(pk=reservation.pk)
        if reservation.status != Reservation.Status.OUT:
            raise OutreachError(_("Kit %(kit)s is not out on loan (this booking is "
                                  "%(status)s), so it cannot be checked in.")
                                % {"kit": reservation.kit.code,
                                   "status": reservation.get_status_display().lower()})
        if not (cleaned and wiped):
            raise OutreachError(_("Clean the kit and wipe its user data before checking it "
                                  "in."))
        if condition in ("damaged", "missing") and not damage_notes.strip():
            raise OutreachError(_("Describe the damage or what is missing."))
        reservation.status = Reservation.Status.RETURNED
        reservation.returned_at = timezone.now()
        reservation.returned_by = actor
        reservation.return_condition = condition
        reservation.cleaned = cleaned
        reservation.wiped = wiped
        reservation.damage_notes = damage_notes
        reservation.save()
        for component_id, comp_condition in (component_conditions or {}).items():
            KitComponent.objects.filter(pk=component_id, kit=reservation.kit_id).update(
                condition=comp_condition)
        reservation.reminders.filter(sent_at__isnull=True).delete()
        audit.record(actor, "outreach.check_in", reservation, condition=condition,
                     damage=damage_notes)
    return reservation


def record_kit_audit(actor: User | None, kit: Kit, *, date: dt.date, all_present: bool,
                     findings: str, next_audit: dt.date) -> KitAudit:
    if next_audit <= date:
        raise OutreachError(_("The next audit must be after this one."))
    with transaction.atomic():
        entry = KitAudit.objects.create(kit=kit, date=date, by=actor, all_present=all_present,
                                        findings=findings, next_audit=next_audit)
        Kit.objects.filter(pk=kit.pk).update(next_audit_due=next_audit)
        audit.record(actor, "outreach.kit_audit", kit, all_present=all_present)
    return entry


# --- Reminders ---------------------------------------------------------------------------------


def schedule_reminders(reservation: Reservation) -> None:
    today = timezone.localdate()
    due = reservation.end_date
    plan = {
        Reminder.Kind.DUE_SOON: max(today, due - dt.timedelta(days=reminder_days_before())),
        Reminder.Kind.OVERDUE: due + dt.timedelta(days=1),
        Reminder.Kind.ESCALATION: due + dt.timedelta(days=escalate_after_days()),
    }
    for kind, send_on in plan.items():
        Reminder.objects.update_or_create(reservation=reservation, kind=kind,
                                          defaults={"send_on": send_on, "claim": "",
                                                    "claimed_at": None, "sent_at": None})


def _partner_staff_emails(partner_id: int) -> list[str]:
    return list(User.objects.filter(
        memberships__organisation_id=partner_id, memberships__role=Role.PARTNER_STAFF,
        is_active=True).exclude(email="").values_list("email", flat=True))


def claim_due_reminders(today: dt.date | None = None, limit: int = 500) -> str:
    """Mark the reminders due by ``today`` as ours and return the claim token.

    One UPDATE claims them, so two senders running at once never send one reminder twice.
    """
    today = today or timezone.localdate()
    token = new_claim()
    ids = list(Reminder.objects.filter(
        claim="", sent_at__isnull=True, send_on__lte=today,
        reservation__status=Reservation.Status.OUT,
    ).values_list("id", flat=True)[:limit])
    Reminder.objects.filter(id__in=ids, claim="").update(claim=token, claimed_at=timezone.now())
    return token


def send_due_reminders(today: dt.date | None = None) -> int:
    """Send every reminder due by ``today`` for kits still out; return how many were sent."""
    token = claim_due_reminders(today)
    sent = 0
    for reminder in Reminder.objects.filter(claim=token).select_related(
            "reservation__kit", "reservation__institution"):
        res = reservation = reminder.reservation
        recipients = [res.contact_email]
        if reminder.kind == Reminder.Kind.DUE_SOON:
            subject = _("Headset kit %(kit)s is due back on %(date)s")
        elif reminder.kind == Reminder.Kind.OVERDUE:
            subject = _("Headset kit %(kit)s was due back on %(date)s: please return it")
            recipients += _partner_staff_emails(res.kit.partner_id)
        else:
            subject = _("Escalation: headset kit %(kit)s is overdue since %(date)s")
            recipients = [*_partner_staff_emails(res.kit.partner_id), res.contact_email]
        subject = subject % {"kit": res.kit.code, "date": f"{res.end_date:%d %B %Y}"}
        body = _(
            "Dear %(name)s,\n\nKit %(kit)s (%(kitname)s), lent to %(school)s at %(location)s, "
            "is due back on %(date)s.\nPlease contact the programme team to arrange its "
            "return.\n"
        ) % {"name": res.contact_name, "kit": res.kit.code, "kitname": res.kit.name,
             "school": res.institution.name, "location": res.location,
             "date": f"{res.end_date:%d %B %Y}"}
        recipients = list(dict.fromkeys(r for r in recipients if r))
        send_mail(subject, body, None, recipients)
        Reminder.objects.filter(pk=reminder.pk).update(sent_at=timezone.now(),
                                                       recipients=recipients)
        audit.record(None, f"outreach.reminder.{reminder.kind}", reservation,
                     recipients=recipients)
        sent += 1
    return sent


# --- Events ------------------------------------------------------------------------------------

TAKING_PLACES = (Registration.Status.REGISTERED, Registration.Status.ATTENDED,
                 Registration.Status.NO_SHOW)


def places_taken(event: Event) -> int:
    return event.registrations.filter(status__in=TAKING_PLACES).aggregate(
        n=Sum("places"))["n"] or 0


def _clean_year_counts(year_counts: dict[str, int]) -> dict[str, int]:
    return {str(k): int(v) for k, v in sorted(year_counts.items(), key=lambda kv: int(kv[0]))
            if int(v) > 0}


def register(actor: User | None, event: Event, *, contact_name: str, contact_email: str = "",
             institution: Organisation | None = None,
             year_counts: dict[str, int] | None = None, organisation_name: str = "",
             self_registered: bool = False) -> Registration:
    """Register a person, or a school party when ``year_counts`` is given.

    Places are counted under a lock on the event, so two registrations at once cannot
    overfill it; a registration that does not fit goes on the waiting list.
    """
    party = year_counts is not None
    counts = _clean_year_counts(year_counts or {})
    places = sum(counts.values()) if party else 1
    if party and (institution is None or places == 0):
        raise OutreachError(_("A school party needs its school and at least one pupil."))
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if not party and contact_email and event.registrations.filter(
                party=False, contact_email__iexact=contact_email).exclude(
                status=Registration.Status.CANCELLED).exists():
            raise OutreachError(_("%(email)s is already registered for this event.")
                                % {"email": contact_email})
        fits = places_taken(event) + places <= event.capacity
        reg = Registration.objects.create(
            event=event, party=party, institution=institution, contact_name=contact_name,
            contact_email=contact_email, organisation_name=organisation_name,
            self_registered=self_registered, year_counts=counts, places=places,
            status=Registration.Status.REGISTERED if fits else Registration.Status.WAITLISTED)
        audit.record(actor, "outreach.register", reg, places=places, status=reg.status)
    return reg


def set_attendance(actor: User | None, registration: Registration, status: str,
                   attended_count: int | None = None) -> Registration:
    if status not in (Registration.Status.ATTENDED, Registration.Status.NO_SHOW,
                      Registration.Status.CANCELLED, Registration.Status.REGISTERED):
        raise OutreachError(_("Choose attended, did not attend or cancelled."))
    with transaction.atomic():
        reg = Registration.objects.select_for_update().get(pk=registration.pk)
        if reg.status == Registration.Status.WAITLISTED and status != "cancelled":
            raise OutreachError(_("%(who)s is on the waiting list; give them a place first.")
                                % {"who": reg.contact_name})
        if status == Registration.Status.ATTENDED and reg.party:
            count = reg.places if attended_count is None else attended_count
            if not 0 < count <= reg.places:
                raise OutreachError(_("The number who attended must be between 1 and %(n)s.")
                                    % {"n": reg.places})
            reg.attended_count = count
        elif status == Registration.Status.ATTENDED:
            reg.attended_count = 1
        else:
            reg.attended_count = 0 if status == Registration.Status.NO_SHOW else None
        previous = reg.status
        reg.status = status
        reg.save(update_fields=["status", "attended_count"])
        audit.record(actor, "outreach.attendance", reg, status=status, previous=previous)
        if status == Registration.Status.CANCELLED:
            promote_waiting_list(actor, reg.event)
    return reg


def promote_waiting_list(actor: User | None, event: Event) -> list[Registration]:
    """Give freed places to the waiting list, first come first served, while they fit."""
    promoted = []
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        free = event.capacity - places_taken(event)
        for reg in event.registrations.filter(status=Registration.Status.WAITLISTED):
            if reg.places <= free:
                reg.status = Registration.Status.REGISTERED
                reg.save(update_fields=["status"])
                free -= reg.places
                audit.record(actor, "outreach.promote", reg)
                promoted.append(reg)
        for reg in promoted:
            if reg.contact_email:
                transaction.on_commit(lambda reg=reg: _tell_promoted(reg))
    return promoted


def _tell_promoted(reg: Registration) -> None:
    event = reg.event
    send_mail(_("A place has come free: %(title)s") % {"title": event.title},
              _("Dear %(name)s,\n\nA place has come free at %(title)s on %(when)s, and it "
                "is yours (%(n)s place(s)). If you can no longer come, please tell us.\n")
              % {"name": reg.contact_name, "title": event.title, "n": reg.places,
                 "when": f"{timezone.localtime(event.starts):%A %d %B %Y, %H:%M}"},
              None, [reg.contact_email])


def attendance_totals(regs: Iterable[Registration]) -> dict[str, Any]:
    totals: dict[str, Any] = {"registered": 0, "waitlisted": 0, "attended": 0, "no_show": 0}
    by_year: dict[int, int] = {}
    for reg in regs:
        if reg.status in TAKING_PLACES:
            for year, n in reg.year_counts.items():
                by_year[int(year)] = by_year.get(int(year), 0) + int(n)
        if reg.status in (Registration.Status.REGISTERED, Registration.Status.ATTENDED,
                          Registration.Status.NO_SHOW):
            totals["registered"] += reg.places
        if reg.status == Registration.Status.WAITLISTED:
            totals["waitlisted"] += reg.places
        if reg.status == Registration.Status.ATTENDED:
            totals["attended"] += reg.attended_count or 0
        if reg.status == Registration.Status.NO_SHOW:
            totals["no_show"] += reg.places
    totals["by_year"] = sorted(by_year.items())
    return totals


def overdue_q() -> Q:
    return Q(status=Reservation.Status.OUT, end_date__lt=timezone.localdate())
