"""State changes for impact data: targets (audited) and ED&I answers (deliberately not)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from resilience.accounts import audit
from resilience.impact import edi
from resilience.impact.kpis import REGISTRY
from resilience.impact.models import EdiResponse, Target

# --- Targets --------------------------------------------------------------------------------


def overlap_message(kpi: str, clash: Target) -> str:
    return _("The %(kpi)s target for %(start)s to %(end)s overlaps this period: a KPI can "
             "have only one target for any day. Change that target or pick other dates.") % {
        "kpi": REGISTRY[kpi].label if kpi in REGISTRY else kpi,
        "start": clash.start.strftime("%d %b %Y"), "end": clash.end.strftime("%d %b %Y")}


def save_target(actor: Any, *, kpi: str, start: dt.date, end: dt.date, value: int,
                note: str = "", target: Target | None = None) -> Target:
    """Create or change a target. Overlapping periods for one KPI are refused with a
    clear message (checked here in the transaction, and by an exclusion constraint on
    PostgreSQL so two concurrent requests cannot both succeed)."""
    if kpi not in REGISTRY:
        raise ValidationError(_("Unknown KPI."))
    if end < start:
        raise ValidationError(_("The period must end on or after the day it starts."))
    with transaction.atomic():
        clash = (Target.objects.select_for_update().filter(kpi=kpi, start__lte=end,
                                                           end__gte=start)
                 .exclude(pk=target.pk if target else None).first())
        if clash is not None:
            raise ValidationError(overlap_message(kpi, clash))
        obj = target or Target(created_by=actor)
        obj.kpi, obj.start, obj.end, obj.value, obj.note = kpi, start, end, value, note
        try:
            with transaction.atomic():
                obj.save()
        except IntegrityError:
            clash = Target.objects.filter(kpi=kpi, start__lte=end, end__gte=start).first()
            raise ValidationError(overlap_message(kpi, clash) if clash else
                                  _("That target overlaps another one.")) from None
        audit.record(actor, "impact.target.save", obj, kpi=kpi, start=str(start),
                     end=str(end), value=value)
    return obj


def delete_target(actor: Any, target: Target) -> None:
    with transaction.atomic():
        audit.record(actor, "impact.target.delete", target, kpi=target.kpi,
                     start=str(target.start), end=str(target.end), value=target.value)
        target.delete()


def target_for(kpi: str, day: dt.date) -> Target | None:
    return Target.objects.filter(kpi=kpi, start__lte=day, end__gte=day).first()


# --- ED&I answers ---------------------------------------------------------------------------
# No audit entries: an entry naming the person would link them to having answered.


def find_answers(user: Any) -> EdiResponse | None:
    return EdiResponse.objects.filter(subject_key__in=edi.subject_keys(user.pk)).first()


def _partner_for(user: Any) -> Any:
    from resilience.accounts.models import Enrolment, Membership

    for enrolment in Enrolment.objects.filter(pupil=user).select_related(
            "school_class__organisation"):
        org = enrolment.school_class.organisation
        return org if org.kind == "partner" else org.partner
    for membership in Membership.objects.filter(user=user).select_related("organisation"):
        org = membership.organisation
        if org.kind == "partner":
            return org
        if org.partner_id:
            return org.partner
    return None


def save_answers(user: Any, answers: dict[str, str]) -> EdiResponse:
    """Store (or replace) the person's answers, already checked by the form."""
    eligibility = edi.eligibility(user)
    if not eligibility.offered:
        raise PermissionError("ED&I monitoring is not offered to this person")
    today = timezone.localdate()
    with transaction.atomic():
        EdiResponse.objects.filter(subject_key__in=edi.subject_keys(user.pk)[1:]).delete()
        response, _created = EdiResponse.objects.update_or_create(
            subject_key=edi.subject_key(user.pk),
            defaults={
                "respondent": (EdiResponse.Respondent.PUPIL if eligibility.is_pupil
                               else EdiResponse.Respondent.ADULT),
                "partner": _partner_for(user),
                "ethnicity_list": answers["ethnicity_list"],
                "ethnicity": answers["ethnicity"],
                "sex": answers["sex"],
                "gender_same": answers.get("gender_same", ""),
                "condition": answers.get("condition", ""),
                "condition_impact": answers.get("condition_impact", ""),
                "age_band": answers["age_band"],
                "month": today.replace(day=1),
            },
        )
    return response


def delete_answers(user: Any) -> bool:
    """Delete the person's answers (under the current and any previous secret)."""
    deleted, _rows = EdiResponse.objects.filter(
        subject_key__in=edi.subject_keys(user.pk)).delete()
    return bool(deleted)
