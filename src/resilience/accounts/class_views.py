"""Teachers' class pages: list, create, join code and QR code, reissue a pupil's sign-in."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from resilience.accounts import actions
from resilience.accounts.access import (
    can,
    get_class_for_user,
    requires,
    teachable_organisations,
    visible_classes,
)
from resilience.accounts.forms import ClassForm


@requires("classes.view")
def class_list(request: HttpRequest) -> HttpResponse:
    classes = visible_classes(request.user).filter(archived=False).annotate(
        pupils=Count("enrolments")
    ).order_by("organisation__name", "name")
    page = Paginator(classes, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/class_list.html",
                  {"page": page, "can_create": can(request.user, "classes.manage")})


@requires("classes.manage")
@require_http_methods(["GET", "POST"])
def class_create(request: HttpRequest) -> HttpResponse:
    organisations = teachable_organisations(request.user)
    form = ClassForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        school_class = actions.create_class(
            request.user, form.cleaned_data["organisation"], form.cleaned_data["name"],
            form.cleaned_data["year_group"],
        )
        messages.success(request, _("Class created. Share the class code with your pupils."))
        return redirect("accounts:class_detail", pk=school_class.pk)
    return render(request, "accounts/class_form.html", {"form": form},
                  status=400 if form.errors else 200)


def _qr_svg(url: str) -> str:
    qr = segno.make(url, error="m")
    return str(qr.svg_inline(scale=5, dark="#000000", light="#ffffff", omitsize=True))


@requires("classes.view")
def class_detail(request: HttpRequest, pk: int) -> HttpResponse:
    school_class = get_class_for_user(request.user, pk)
    can_manage = school_class.organisation_id in _managed_org_ids(request)
    join_url = (request.build_absolute_uri(reverse("accounts:join"))
                + f"?code={school_class.join_code}")
    return render(request, "accounts/class_detail.html", {
        "school_class": school_class,
        "enrolments": school_class.enrolments.all(),
        "can_manage": can_manage,
        "join_url": join_url,
        "qr_svg": mark_safe(_qr_svg(join_url)),  # noqa: S308 - SVG made by segno from our own URL
        "display_code": f"{school_class.join_code[:3]}-{school_class.join_code[3:]}",
    })


def _managed_org_ids(request: HttpRequest) -> set[int]:
    from resilience.accounts.access import org_ids
    from resilience.accounts.models import Role

    return org_ids(request.user, Role.TEACHER)


@requires("classes.manage")
@require_POST
def class_new_code(request: HttpRequest, pk: int) -> HttpResponse:
    school_class = get_class_for_user(request.user, pk, manage=True)
    actions.reissue_join_code(request.user, school_class)
    messages.success(request, _("The class has a new code. The old code no longer works."))
    return redirect("accounts:class_detail", pk=pk)


@requires("classes.manage")
@require_POST
def class_joining(request: HttpRequest, pk: int) -> HttpResponse:
    school_class = get_class_for_user(request.user, pk, manage=True)
    is_open = request.POST.get("open") == "1"
    actions.set_joining_open(request.user, school_class, is_open)
    messages.success(request, _("Joining is now open.") if is_open else _("Joining is now closed."))
    return redirect("accounts:class_detail", pk=pk)


@requires("classes.manage")
@require_POST
def pupil_reissue(request: HttpRequest, pk: int, enrolment_id: int) -> HttpResponse:
    school_class = get_class_for_user(request.user, pk, manage=True)
    enrolment = get_object_or_404(school_class.enrolments, pk=enrolment_id)
    code = actions.reissue_pupil_sign_in(request.user, enrolment)
    messages.success(request, _("New sign-in code for %(name)s: %(code)s — give it to them "
                                "privately. Their old code no longer works.")
                     % {"name": enrolment.pseudonym, "code": code})
    return redirect("accounts:class_detail", pk=pk)
