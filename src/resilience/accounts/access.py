"""The one place that decides what a role in an organisation may see and do.

Every view is marked with :func:`public` or :func:`requires`; the
:class:`DenyByDefaultMiddleware` refuses any view that is not marked, so a view that
forgets its rule is closed rather than open. Guarded objects are fetched only through
the ``get_<thing>_for_user`` functions here, which answer 404 for anything the person may
not see (so the answer does not reveal that it exists).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from resilience.accounts.models import Membership, Organisation, Role, SchoolClass, User

log = logging.getLogger("resilience.access")

#: What each capability needs. A person has the capability when any of their
#: memberships has one of these roles. Programme admins are listed explicitly.
CAPABILITIES: dict[str, frozenset[str]] = {
    "home": frozenset(Role.values),
    "classes.view": frozenset({Role.TEACHER, Role.PROGRAMME_ADMIN}),
    "classes.manage": frozenset({Role.TEACHER}),
    "organisations.view": frozenset(
        {Role.PARTNER_STAFF, Role.PROGRAMME_ADMIN, Role.AFFILIATE_ADMIN}
    ),
    "audit.view": frozenset({Role.PROGRAMME_ADMIN}),
    "learner.own": frozenset({Role.LEARNER}),
    # Live sessions (live/): teachers host; teachers and programme admins watch.
    "live.host": frozenset({Role.TEACHER}),
    "live.watch": frozenset({Role.TEACHER, Role.PROGRAMME_ADMIN}),
    # Learning records (records/).
    "records.own": frozenset({Role.LEARNER, Role.TEACHER}),
    "records.aggregate": frozenset({Role.PARTNER_STAFF, Role.PROGRAMME_ADMIN}),
    "records.members": frozenset({Role.AFFILIATE_ADMIN}),
    "lrs.credentials": frozenset({Role.PROGRAMME_ADMIN}),
    # Outreach operations (outreach/): partner staff work on their own partner's records.
    "outreach.view": frozenset({Role.PARTNER_STAFF, Role.PROGRAMME_ADMIN}),
    "outreach.manage": frozenset({Role.PARTNER_STAFF, Role.PROGRAMME_ADMIN}),
    "outreach.import": frozenset({Role.PROGRAMME_ADMIN}),
    # Impact reporting (impact/): aggregate figures for staff; anyone may give (and see and
    # delete) their own optional ED&I answers, subject to the age rules in impact/edi.py.
    "impact.view": frozenset({Role.PARTNER_STAFF, Role.PROGRAMME_ADMIN}),
    "impact.manage": frozenset({Role.PROGRAMME_ADMIN}),
    "impact.edi_own": frozenset(Role.values),
}


def _roles(user: User) -> dict[str, set[int]]:
    """Map role → organisation ids, cached on the user object for one request."""
    cached: dict[str, set[int]] | None = getattr(user, "_resilience_roles", None)
    if cached is not None:
        return cached
    roles: dict[str, set[int]] = {}
    if user.is_authenticated and user.is_active:
        for role, org_id in Membership.objects.filter(user=user).values_list(
            "role", "organisation_id"
        ):
            roles.setdefault(role, set()).add(org_id)
    user._resilience_roles = roles  # type: ignore[attr-defined]
    return roles


def org_ids(user: User, role: str) -> set[int]:
    return set(_roles(user).get(role, set()))


def is_programme_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (
        bool(user.is_superuser) or Role.PROGRAMME_ADMIN in _roles(user)
    )


def can(user: Any, capability: str) -> bool:
    """True if ``user`` has ``capability`` through any membership."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    allowed = CAPABILITIES[capability]
    if user.is_superuser and Role.PROGRAMME_ADMIN in allowed:
        return True
    return any(role in allowed for role in _roles(user))


# --- Scoped querysets and guarded fetches ---------------------------------------------


def visible_organisations(user: User) -> QuerySet[Organisation]:
    if is_programme_admin(user):
        return Organisation.objects.all()
    partners = org_ids(user, Role.PARTNER_STAFF)
    affiliates = org_ids(user, Role.AFFILIATE_ADMIN)
    if not partners and not affiliates:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        Q(id__in=partners) | Q(partner_id__in=partners) | Q(id__in=affiliates)
    )


def get_organisation_for_user(user: User, pk: int) -> Organisation:
    try:
        return visible_organisations(user).get(pk=pk)
    except Organisation.DoesNotExist:
        raise Http404("No such organisation") from None


def visible_classes(user: User) -> QuerySet[SchoolClass]:
    base = SchoolClass.objects.select_related("organisation", "teacher")
    if is_programme_admin(user):
        return base.all()
    schools = org_ids(user, Role.TEACHER)
    return base.filter(organisation_id__in=schools) if schools else base.none()


def get_class_for_user(user: User, pk: int, *, manage: bool = False) -> SchoolClass:
    """A class the user may see (or, with ``manage``, change); 404 otherwise.

    Teachers see and manage the classes of the schools where they teach. Programme
    admins see every class but manage none through these pages (they use the admin).
    """
    qs = visible_classes(user)
    if manage:
        schools = org_ids(user, Role.TEACHER)
        qs = qs.filter(organisation_id__in=schools)
    try:
        return qs.get(pk=pk)
    except SchoolClass.DoesNotExist:
        raise Http404("No such class") from None


def teachable_organisations(user: User) -> QuerySet[Organisation]:
    """Schools and colleges where ``user`` may create a class."""
    return Organisation.objects.filter(
        id__in=org_ids(user, Role.TEACHER),
        kind__in=[Organisation.Kind.SCHOOL, Organisation.Kind.COLLEGE],
    )


# --- View decorators and the deny-by-default middleware --------------------------------

View = Callable[..., HttpResponse]


def public(view: View) -> View:
    """Anyone, signed in or not, may use this view."""
    view.access_rule = "public"  # type: ignore[attr-defined]
    return view


def requires(capability: str) -> Callable[[View], View]:
    """Only people with ``capability`` may use this view; others are refused."""
    if capability not in CAPABILITIES:
        raise ValueError(f"Unknown capability {capability!r}")

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can(request.user, capability):
                log.warning("refused %s to user %s", request.path, request.user.pk)
                return forbidden(request)
            return view(request, *args, **kwargs)

        guarded.access_rule = capability  # type: ignore[attr-defined]
        return guarded

    return decorate


def forbidden(request: HttpRequest) -> HttpResponse:
    return render(request, "core/forbidden.html", status=403)


class DenyByDefaultMiddleware:
    """Refuse any view that does not declare an access rule."""

    #: URL namespaces that enforce their own rules (the Django admin checks
    #: ``AdminSite.has_permission``, which we restrict to programme admins).
    SELF_GUARDED_NAMESPACES = frozenset({"admin"})

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is not None and match.namespace in self.SELF_GUARDED_NAMESPACES:
            return None
        if getattr(view_func, "access_rule", None) is None:
            log.error("view %s has no access rule: refused", getattr(view_func, "__name__", "?"))
            return forbidden(request)
        return None
