"""Sign-in, sign-out and joining a class."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from resilience.accounts import actions
from resilience.accounts.access import public, requires
from resilience.accounts.forms import JoinForm, PupilSignInForm, SignInForm
from resilience.accounts.models import SchoolClass
from resilience.accounts.ratelimit import client_address, count_failure, too_many


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return str(settings.LOGIN_REDIRECT_URL)


def locked_out(request: HttpRequest, credentials: Any = None, *args: Any,
               **kwargs: Any) -> HttpResponse:
    """django-axes calls this when an account is locked out."""
    minutes = settings.LOCKOUT_MINUTES_DISPLAY
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


@public
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, email=form.cleaned_data["email"],
                            password=form.cleaned_data["password"])
        if getattr(request, "axes_locked_out", False):
            return locked_out(request)
        if user is not None:
            login(request, user, backend="resilience.accounts.backends.EmailBackend")
            return redirect(_next_url(request))
        form.add_error(None, _("The email address or password is not right. Check them and "
                               "try again."))
    return render(request, "accounts/sign_in.html",
                  {"form": form, "next": request.GET.get("next", "")},
                  status=400 if form.errors else 200)


@public
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("You have signed out."))
    return redirect("core:landing")


def _join_blocked(request: HttpRequest) -> bool:
    return too_many("join", client_address(request), settings.JOIN_CODE_ATTEMPTS_PER_HOUR)


def _too_many_attempts(request: HttpRequest, template: str, form: Any) -> HttpResponse:
    form.add_error(None, _("Too many wrong class codes have been tried from this device. "
                           "Wait an hour, or ask your teacher for help."))
    return render(request, template, {"form": form}, status=429)


@public
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """A pupil joins a class with its code and a made-up name."""
    initial = {"class_code": request.GET.get("code", "")}
    form = JoinForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if _join_blocked(request):
            return _too_many_attempts(request, "accounts/join.html", form)
        if form.is_valid():
            school_class = SchoolClass.objects.filter(
                join_code=form.cleaned_data["class_code"], joining_open=True, archived=False
            ).select_related("organisation").first()
            if school_class is None:
                count_failure("join", client_address(request))
                # Same words whether the class is missing, closed or archived.
                form.add_error("class_code", _("That code does not match a class that is open "
                                               "for joining. Check it with your teacher."))
            else:
                try:
                    pupil, code = actions.join_class(school_class,
                                                     form.cleaned_data["pseudonym"])
                except actions.PseudonymTakenError:
                    form.add_error("pseudonym", _("Someone in this class already uses that "
                                                  "name. Choose another."))
                else:
                    login(request, pupil, backend="resilience.accounts.backends.PupilBackend")
                    request.session["new_sign_in_code"] = code
                    return redirect("accounts:joined")
    status = 400 if form.errors else 200
    return render(request, "accounts/join.html", {"form": form}, status=status)


@requires("learner.own")
def joined(request: HttpRequest) -> HttpResponse:
    code = request.session.pop("new_sign_in_code", None)
    if code is None:
        return redirect("core:home")
    enrolment = request.user.enrolments.select_related("school_class").first()
    return render(request, "accounts/joined.html", {"code": code, "enrolment": enrolment})


@public
@require_http_methods(["GET", "POST"])
def pupil_sign_in(request: HttpRequest) -> HttpResponse:
    form = PupilSignInForm(request.POST or None,
                           initial={"class_code": request.GET.get("code", "")})
    if request.method == "POST":
        if _join_blocked(request):
            return _too_many_attempts(request, "accounts/pupil_sign_in.html", form)
        if form.is_valid():
            pupil = authenticate(request, class_code=form.cleaned_data["class_code"],
                                 pseudonym=form.cleaned_data["pseudonym"],
                                 sign_in_code=form.cleaned_data["sign_in_code"])
            if getattr(request, "axes_locked_out", False):
                return locked_out(request)
            if pupil is not None:
                login(request, pupil, backend="resilience.accounts.backends.PupilBackend")
                return redirect("core:home")
            count_failure("join", client_address(request))
            form.add_error(None, _("Those details do not match. Check your class code, name "
                                   "and sign-in code, or ask your teacher for a new sign-in "
                                   "code."))
    status = 400 if form.errors else 200
    return render(request, "accounts/pupil_sign_in.html", {"form": form}, status=status)
