"""Who sees which outreach records: partner staff their own partner's, programme admins all.

Every guarded object is fetched through :func:`get_for_user`, which answers 404 for a
record out of the person's scope, so the answer does not reveal that it exists.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from resilience.accounts.access import is_programme_admin, org_ids, visible_organisations
from resilience.accounts.models import Organisation, Role
from resilience.outreach import models as m

M = TypeVar("M", bound=Model)

#: The field that names each model's delivery partner.
PARTNER_FIELD: dict[type[Model], str] = {
    m.Kit: "partner",
    m.Reservation: "kit__partner",
    m.Event: "partner",
    m.Registration: "event__partner",
    m.Placement: "partner",
    m.Cohort: "partner",
    m.CohortMember: "cohort__partner",
    m.CohortSession: "cohort__partner",
    m.AffiliateMembership: "partner",
    m.Partnership: "partner",
    m.Engagement: "partner",
    m.SurveyResponse: "event__partner",
    m.KitAudit: "kit__partner",
}


def partner_ids(user: Any) -> set[int] | None:
    """The partners whose records ``user`` works on; ``None`` means all (programme admin)."""
    if is_programme_admin(user):
        return None
    return org_ids(user, Role.PARTNER_STAFF)


def scoped(qs: QuerySet[M], user: Any) -> QuerySet[M]:
    partners = partner_ids(user)
    if partners is None:
        return qs
    return qs.filter(**{f"{PARTNER_FIELD[qs.model]}__in": partners})


def get_for_user(qs: QuerySet[M], user: Any, pk: Any) -> M:
    try:
        return scoped(qs, user).get(pk=pk)
    except (qs.model.DoesNotExist, ValueError):
        raise Http404("Not found") from None


def institutions(user: Any) -> QuerySet[Organisation]:
    """Institutions ``user`` may see: those assigned to their partner, or all for admins."""
    qs = visible_organisations(user).filter(kind__in=m.INSTITUTION_KINDS)
    partners = partner_ids(user)
    if partners is not None:
        qs = qs.filter(partner_id__in=partners)
    return qs


def get_institution(user: Any, pk: Any) -> Organisation:
    try:
        return institutions(user).get(pk=pk)
    except (Organisation.DoesNotExist, ValueError):
        raise Http404("Not found") from None


def partners(user: Any) -> QuerySet[Organisation]:
    """Delivery partners ``user`` may assign records to."""
    qs = Organisation.objects.filter(kind=Organisation.Kind.PARTNER)
    ids = partner_ids(user)
    return qs if ids is None else qs.filter(id__in=ids)


def any_organisation_q(user: Any) -> Q:
    ids = partner_ids(user)
    return Q() if ids is None else Q(partner_id__in=ids)
