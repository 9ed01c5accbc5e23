"""Staff pages for outreach. Every view declares its capability; every object is fetched
through :mod:`resilience.outreach.scope`, so partner staff reach only their partner's."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import threading
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db import close_old_connections, connections, transaction
from django.db.models import Avg, Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resilience.accounts import audit
from resilience.accounts.access import can, public, requires
from resilience.accounts.models import Nation, Organisation
from resilience.outreach import actions, forms, imports, reports, scope
from resilience.outreach import models as m
from resilience.outreach.lists import Column, Filter, Listing

VIEW, MANAGE = "outreach.view", "outreach.manage"


def _d(value: Any) -> str:
    return f"{value:%d %b %Y}" if value else ""


def _dt(value: Any) -> str:
    return f"{timezone.localtime(value):%d %b %Y %H:%M}" if value else ""


def _form_page(request: HttpRequest, form: Any, title: str, submit: str,
               cancel: str, intro: str = "") -> HttpResponse:
    return render(request, "outreach/form.html", {"form": form, "title": title,
                                                  "submit": submit, "cancel": cancel,
                                                  "intro": intro})


def _save_form(request: HttpRequest, form: Any, action: str) -> Any:
    with transaction.atomic():
        obj = form.save()
        audit.record(request.user, action, obj)
    return obj


# --- Dashboard ----------------------------------------------------------------------------


@requires(VIEW)
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    year = m.academic_year(today)
    loans = scope.scoped(m.Reservation.objects.all(), user)
    partnerships = scope.scoped(m.Partnership.objects.filter(academic_year=year), user)
    upcoming = scope.scoped(m.Event.objects.filter(starts__gte=timezone.now()), user)[:5]
    return render(request, "outreach/dashboard.html", {
        "year": year,
        "connected": len(reports.connected_institutions(user, *m.academic_year_bounds(year))),
        "connected_target": m.CONNECTED_TARGET,
        "partner_schools": partnerships.count(), "partner_target": m.PARTNER_SCHOOL_TARGET,
        "out": loans.filter(status="out").count(),
        "overdue": loans.filter(actions.overdue_q()).count(),
        "audits_due": scope.scoped(m.Kit.objects.filter(
            next_audit_due__lte=today + dt.timedelta(days=14)), user).count(),
        "upcoming": upcoming,
        "can_import": can(user, "outreach.import"),
    })


# --- Institutions -------------------------------------------------------------------------

DECILES = [(str(n), str(n)) for n in range(1, 11)]


def _institution_listing() -> Listing:
    return Listing(
        title=gettext_lazy("Institutions"), slug="institutions",
        search=["name", "town", "postcode", "profile__reference", "profile__la_name"],
        search_label=gettext_lazy("Name, town, postcode, URN or local authority"),
        columns=[
            Column(gettext_lazy("Name"), lambda o: o.name,
                   lambda o: reverse("outreach:institution_detail", args=[o.pk])),
            Column(gettext_lazy("Type"), lambda o: o.get_kind_display()),
            Column(gettext_lazy("Nation"), lambda o: o.get_nation_display()),
            Column(gettext_lazy("Region"), lambda o: o.region),
            Column(gettext_lazy("Local authority"), lambda o: _p(o, "la_name")),
            Column(gettext_lazy("URN or SeedCode"), lambda o: _p(o, "reference")),
            Column(gettext_lazy("Phase"), lambda o: _p(o, "phase")),
            Column(gettext_lazy("Ages"), lambda o: _p(o, "age_range")),
            Column(gettext_lazy("Pupils"), lambda o: _p(o, "pupils"), num=True),
            Column(gettext_lazy("FSM %"), lambda o: _p(o, "fsm_percent"), num=True),
            Column(gettext_lazy("Urban or rural"), lambda o: _p(o, "get_urban_rural_display")),
            Column(gettext_lazy("Area code"), lambda o: _p(o, "area_code")),
            Column(gettext_lazy("Deprivation decile"), lambda o: _p(o, "deprivation_decile"),
                   num=True),
            Column(gettext_lazy("Postcode"), lambda o: o.postcode),
            Column(gettext_lazy("Delivery partner"), lambda o: o.partner.name if o.partner
                   else ""),
        ],
        filters=[
            Filter("kind", gettext_lazy("Type"),
                   [(k, v) for k, v in Organisation.Kind.choices if k in m.INSTITUTION_KINDS],
                   lambda qs, v: qs.filter(kind=v)),
            Filter("nation", gettext_lazy("Nation"), Nation.choices,
                   lambda qs, v: qs.filter(nation=v)),
            Filter("decile", gettext_lazy("Deprivation decile"), DECILES,
                   lambda qs, v: qs.filter(profile__deprivation_decile=int(v))),
        ],
        actions=[(gettext_lazy("Add an institution"), "outreach:institution_create")],
    )


def _p(org: Organisation, attr: str) -> Any:
    profile = getattr(org, "profile", None)
    if profile is None:
        return ""
    value = getattr(profile, attr)
    return value() if callable(value) else value


@requires(VIEW)
def institution_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    qs = scope.institutions(user).select_related("profile", "partner")
    listing = _institution_listing()
    year = m.academic_year(timezone.localdate())
    listing.filters += [
        Filter("setting", gettext_lazy("Urban or rural"),
               [("urban", gettext_lazy("Urban")), ("rural", gettext_lazy("Rural"))],
               lambda qs, v: qs.filter(profile__urban_rural=v)),
        Filter("connected", gettext_lazy("Contact this year"),
               [("yes", _("Connected in %(y)s") % {"y": year}),
                ("no", _("Not yet connected in %(y)s") % {"y": year})],
               lambda qs, v: (qs.filter if v == "yes" else qs.exclude)(
                   pk__in=reports.connected_institutions(user,
                                                         *m.academic_year_bounds(year)))),
    ]
    if can(user, "outreach.import"):
        listing.actions.append((gettext_lazy("Import a register or deprivation file"),
                                "outreach:import_list"))
    partners = scope.partners(user)
    if partners.count() > 1:
        listing.filters.append(Filter(
            "partner", gettext_lazy("Delivery partner"),
            [(str(p.pk), p.name) for p in partners],
            lambda qs, v: qs.filter(partner_id=int(v))))
    return listing.respond(request, qs)


def _institution_form(request: HttpRequest, org: Organisation | None) -> HttpResponse:
    from django.utils.text import slugify

    profile = getattr(org, "profile", None) if org else None
    form = forms.InstitutionForm(request.POST or None, instance=org, user=request.user)
    profile_form = forms.ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid() and profile_form.is_valid():
        with transaction.atomic():
            saved = form.save(commit=False)
            if not saved.slug:
                base = slugify(saved.name)[:70] or "institution"
                slug, n = base, 1
                while Organisation.objects.filter(slug=slug).exists():
                    n += 1
                    slug = f"{base}-{n}"
                saved.slug = slug
            saved.save()
            prof = profile_form.save(commit=False)
            prof.organisation = saved
            prof.deprivation_index, prof.deprivation_decile = imports.lookup_decile(
                saved.nation, prof.area_code)
            prof.save()
            audit.record(request.user, "outreach.institution_edit" if org
                         else "outreach.institution_create", saved)
        messages.success(request, _("Saved."))
        return redirect("outreach:institution_detail", pk=saved.pk)
    return render(request, "outreach/institution_form.html", {
        "form": form, "profile_form": profile_form, "org": org,
        "cancel": reverse("outreach:institution_detail", args=[org.pk]) if org
        else reverse("outreach:institution_list")})


@requires(MANAGE)
def institution_create(request: HttpRequest) -> HttpResponse:
    return _institution_form(request, None)


@requires(MANAGE)
def institution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _institution_form(request, scope.get_institution(request.user, pk))


@requires(VIEW)
def institution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = scope.get_institution(request.user, pk)
    user = request.user
    return render(request, "outreach/institution_detail.html", {
        "org": org, "profile": getattr(org, "profile", None),
        "contacts": reports.contacts_for(org, user),
        "engagement_form": forms.EngagementForm(user=user, initial={
            "date": timezone.localdate(), "partner": org.partner}),
        "partnerships": scope.scoped(org.partnerships.all(), user),
    })


@requires(MANAGE)
def engagement_add(request: HttpRequest, pk: int) -> HttpResponse:
    org = scope.get_institution(request.user, pk)
    form = forms.EngagementForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.instance.institution = org
        form.instance.by = request.user
        _save_form(request, form, "outreach.contact")
        messages.success(request, _("Contact recorded."))
        return redirect("outreach:institution_detail", pk=org.pk)
    return _form_page(request, form, _("Record a contact with %(org)s") % {"org": org.name},
                      _("Record contact"), reverse("outreach:institution_detail", args=[pk]))


# --- Imports ------------------------------------------------------------------------------


def _run_in_background(job_id: int) -> None:
    def run_and_remove_upload() -> None:
        job = m.ImportJob.objects.get(pk=job_id)
        try:
            imports.run(job)
        finally:
            # The report stays; the uploaded copy of the file is not kept.
            Path(job.path).unlink(missing_ok=True)

    def work() -> None:
        close_old_connections()
        try:
            run_and_remove_upload()
        finally:
            connections.close_all()  # this thread ends: do not leave its connection open

    if getattr(settings, "OUTREACH_IMPORTS_INLINE", False):
        run_and_remove_upload()
        return
    threading.Thread(target=work, name=f"import-{job_id}", daemon=True).start()


@requires("outreach.import")
def import_list(request: HttpRequest) -> HttpResponse:
    form = forms.UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        folder = Path(settings.MEDIA_ROOT) / "outreach-imports"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{uuid.uuid4().hex}.csv"
        with path.open("wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        job = imports.start(form.cleaned_data["kind"], path, Path(upload.name).name,
                            by=request.user, partner=form.cleaned_data["partner"])
        audit.record(request.user, "outreach.import", job, kind=job.kind)
        transaction.on_commit(lambda: _run_in_background(job.pk))
        return redirect("outreach:import_detail", pk=job.pk)
    jobs = m.ImportJob.objects.select_related("by")[:20]
    return render(request, "outreach/import_list.html", {"form": form, "jobs": jobs})


@requires("outreach.import")
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = m.ImportJob.objects.filter(pk=pk).first()
    if job is None:
        raise Http404("No such import")
    template = ("outreach/_import_progress.html" if request.headers.get("HX-Request")
                else "outreach/import_detail.html")
    return render(request, template, {"job": job})


# --- Kits ---------------------------------------------------------------------------------


@requires(VIEW)
def kit_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    util = reports.kit_utilisation(scope.scoped(m.Kit.objects.all(), request.user), today)
    qs = scope.scoped(m.Kit.objects.select_related("partner"), request.user).annotate(
        components_n=Count("components", distinct=True))
    listing = Listing(
        title=gettext_lazy("Headset kits"), slug="kits", search=["code", "name",
                                                                 "components__serial"],
        search_label=gettext_lazy("Kit code, name or serial number"),
        columns=[
            Column(gettext_lazy("Kit"), lambda k: f"{k.code} {k.name}",
                   lambda k: reverse("outreach:kit_detail", args=[k.pk])),
            Column(gettext_lazy("Status"), lambda k: k.get_status_display()),
            Column(gettext_lazy("Where now"), lambda k: util[k.pk]["where"]),
            Column(gettext_lazy("Components"), lambda k: k.components_n, num=True),
            Column(gettext_lazy("Days on loan, last 365"), lambda k: util[k.pk]["days"],
                   num=True),
            Column(gettext_lazy("Utilisation %"), lambda k: util[k.pk]["percent"], num=True),
            Column(gettext_lazy("Next audit"), lambda k: _d(k.next_audit_due)),
            Column(gettext_lazy("Delivery partner"), lambda k: k.partner.name),
        ],
        filters=[Filter("status", gettext_lazy("Status"), m.Kit.Status.choices,
                        lambda qs, v: qs.filter(status=v))],
        actions=[(gettext_lazy("Add a kit"), "outreach:kit_create"),
                 (gettext_lazy("Book a kit"), "outreach:reservation_create"),
                 (gettext_lazy("Utilisation by school"), "outreach:utilisation")],
    )
    return listing.respond(request, qs.distinct().order_by("code"))


@requires(MANAGE)
def kit_create(request: HttpRequest) -> HttpResponse:
    form = forms.KitForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        kit = _save_form(request, form, "outreach.kit_create")
        messages.success(request, _("Kit %(code)s added. Now add its components.")
                         % {"code": kit.code})
        return redirect("outreach:kit_detail", pk=kit.pk)
    return _form_page(request, form, _("Add a headset kit"), _("Add kit"),
                      reverse("outreach:kit_list"))


@requires(MANAGE)
def kit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    kit = scope.get_for_user(m.Kit.objects.all(), request.user, pk)
    url = reverse("outreach:kit_detail", args=[kit.pk])
    return _model_form_view(request, forms.KitForm, kit, _("Edit kit %(code)s") % {
        "code": kit.code}, _("Save kit"), url, url, "outreach.kit_edit")


@requires(VIEW)
def kit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    kit = scope.get_for_user(m.Kit.objects.select_related("partner"), request.user, pk)
    components = kit.components.prefetch_related(
        Prefetch("device_reports", queryset=m.DeviceStatus.objects.order_by("-received")))
    today = timezone.localdate()
    return render(request, "outreach/kit_detail.html", {
        "kit": kit, "components": components,
        "reservations": kit.reservations.select_related("institution").order_by("-start_date"),
        "audits": kit.audits.select_related("by")[:10],
        "component_form": forms.ComponentForm(),
        "audit_form": forms.AuditForm(initial={"next_audit": today + dt.timedelta(days=90),
                                               "all_present": True}),
        "utilisation": reports.kit_utilisation([kit], today)[kit.pk],
        "free_until": actions.lend_until(kit, today),
    })


@requires(MANAGE)
def kit_component_add(request: HttpRequest, pk: int) -> HttpResponse:
    kit = scope.get_for_user(m.Kit.objects.all(), request.user, pk)
    form = forms.ComponentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.kit = kit
        _save_form(request, form, "outreach.component_add")
        messages.success(request, _("Component added."))
        return redirect("outreach:kit_detail", pk=kit.pk)
    return _form_page(request, form, _("Add a component to %(kit)s") % {"kit": kit.code},
                      _("Add component"), reverse("outreach:kit_detail", args=[kit.pk]))


@requires(MANAGE)
def kit_audit(request: HttpRequest, pk: int) -> HttpResponse:
    kit = scope.get_for_user(m.Kit.objects.all(), request.user, pk)
    form = forms.AuditForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_kit_audit(request.user, kit, **form.cleaned_data)
        except actions.OutreachError as exc:
            form.add_error("next_audit", str(exc))
        else:
            messages.success(request, _("Audit recorded."))
            return redirect("outreach:kit_detail", pk=kit.pk)
    return _form_page(request, form, _("Audit kit %(kit)s") % {"kit": kit.code},
                      _("Record audit"), reverse("outreach:kit_detail", args=[kit.pk]))


@requires(MANAGE)
def device_import(request: HttpRequest) -> HttpResponse:
    """Upload a headset-management device report (the CSV adapter)."""
    form = forms.UploadForm(request.POST or None, request.FILES or None, user=request.user,
                            initial={"kind": "devices"})
    form.fields["kind"].choices = [("devices", m.ImportJob.Kind.DEVICES.label)]
    del form.fields["partner"]
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        folder = Path(settings.MEDIA_ROOT) / "outreach-imports"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{uuid.uuid4().hex}.csv"
        path.write_bytes(b"".join(upload.chunks()))
        # Partner staff update only their own partner's headsets.
        partner_ids = scope.partner_ids(request.user)
        partner = (None if partner_ids is None
                   else Organisation.objects.filter(pk__in=partner_ids).first())
        try:
            job = imports.run(imports.start("devices", path, upload.name, by=request.user,
                                            partner=partner))
        finally:
            path.unlink(missing_ok=True)
        messages.success(request, _(
            "Device report read: %(c)s new, %(u)s updated, %(n)s unchanged, %(r)s rejected.")
            % {"c": job.created_count, "u": job.updated_count, "n": job.unchanged_count,
               "r": job.rejected_count})
        for rejection in job.rejections[:20]:
            messages.warning(request, _("Line %(line)s: %(reason)s") % rejection)
        return redirect("outreach:kit_list")
    return _form_page(request, form, _("Import a device report"), _("Import"),
                      reverse("outreach:kit_list"),
                      _("A CSV export from a headset-management service: serial number, "
                        "model, battery, firmware, last sync, kiosk and offline mode."))


# --- Reservations and loans ---------------------------------------------------------------


def _reservation_listing() -> Listing:
    return Listing(
        title=gettext_lazy("Loans and bookings"), slug="loans",
        search=["kit__code", "institution__name", "contact_name", "location"],
        search_label=gettext_lazy("Kit, school, contact or location"),
        intro=gettext_lazy("Overdue loans come first, then kits out, then bookings by date."),
        columns=[
            Column(gettext_lazy("Kit"), lambda r: r.kit.code,
                   lambda r: reverse("outreach:reservation_detail", args=[r.pk])),
            Column(gettext_lazy("School or institution"), lambda r: r.institution.name),
            Column(gettext_lazy("Location"), lambda r: r.location),
            Column(gettext_lazy("Contact"), lambda r: r.contact_name),
            Column(gettext_lazy("From"), lambda r: r.start_date),
            Column(gettext_lazy("Due back"), lambda r: r.end_date),
            Column(gettext_lazy("Status"), lambda r: (_("Overdue") if r.overdue
                                                      else r.get_status_display())),
        ],
        filters=[
            Filter("status", gettext_lazy("Status"),
                   [("overdue", gettext_lazy("Overdue")), *m.Reservation.Status.choices],
                   lambda qs, v: qs.filter(actions.overdue_q()) if v == "overdue"
                   else qs.filter(status=v),
                   empty_label=gettext_lazy("Booked or on loan")),
        ],
        actions=[(gettext_lazy("Book a kit"), "outreach:reservation_create"),
                 (gettext_lazy("Calendar"), "outreach:calendar")],
    )


@requires(VIEW)
def loan_list(request: HttpRequest) -> HttpResponse:
    from django.db.models import Case, IntegerField, When

    today = timezone.localdate()
    qs = scope.scoped(m.Reservation.objects.select_related("kit", "institution"),
                      request.user).annotate(rank=Case(
                          When(status="out", end_date__lt=today, then=0),
                          When(status="out", then=1), When(status="booked", then=2),
                          default=3, output_field=IntegerField()))
    qs = qs.order_by("rank", "end_date", "id")
    if not request.GET.get("status"):
        qs = qs.filter(status__in=m.HOLDING_STATUSES)
    return _reservation_listing().respond(request, qs)


@requires(MANAGE)
def reservation_create(request: HttpRequest) -> HttpResponse:
    initial = {"start": timezone.localdate()}
    if request.GET.get("kit"):
        initial["kit"] = request.GET["kit"]
    if request.GET.get("institution"):
        initial["institution"] = request.GET["institution"]
    form = forms.BookingForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        end = data.get("end") or actions.lend_until(data["kit"], data["start"]) or (
            data["start"] + dt.timedelta(days=27))
        try:
            res = actions.book(request.user, data["kit"], data["institution"],
                               start=data["start"], end=end, location=data["location"],
                               contact_name=data["contact_name"],
                               contact_email=data["contact_email"], notes=data["notes"])
        except actions.OutreachError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Kit %(kit)s booked for %(org)s from %(start)s to "
                                        "%(end)s.") % {"kit": res.kit.code,
                                                       "org": res.institution.name,
                                                       "start": _d(res.start_date),
                                                       "end": _d(res.end_date)})
            return redirect("outreach:reservation_detail", pk=res.pk)
    return _form_page(request, form, _("Book a headset kit"), _("Book kit"),
                      reverse("outreach:loan_list"))


@requires(VIEW)
def reservation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    res = scope.get_for_user(m.Reservation.objects.select_related(
        "kit", "institution", "booked_by", "checked_out_by", "returned_by"), request.user, pk)
    return render(request, "outreach/reservation_detail.html", {
        "res": res, "checkout_form": forms.CheckOutForm(),
        "due_form": forms.DueDateForm(initial={"end": res.end_date}),
        "free_until": actions.lend_until(res.kit, res.end_date),
        "checkin_form": forms.CheckInForm(initial={"condition": "good"}),
        "components": res.kit.components.all(), "reminders": res.reminders.all(),
        "conditions": m.Condition.choices,
    })


def _reservation_action(request: HttpRequest, pk: int, form_class: Any, run: Any,
                        done: str) -> HttpResponse:
    res = scope.get_for_user(m.Reservation.objects.select_related("kit", "institution"),
                             request.user, pk)
    if request.method != "POST":
        return redirect("outreach:reservation_detail", pk=res.pk)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        messages.error(request, _("Check the form and try again."))
        return redirect("outreach:reservation_detail", pk=res.pk)
    try:
        run(res, form.cleaned_data if form else {})
    except actions.OutreachError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done % {"kit": res.kit.code})
    return redirect("outreach:reservation_detail", pk=res.pk)


@requires(MANAGE)
def reservation_checkout(request: HttpRequest, pk: int) -> HttpResponse:
    return _reservation_action(
        request, pk, forms.CheckOutForm,
        lambda res, data: actions.check_out(request.user, res, **data),
        _("Kit %(kit)s checked out."))


@requires(MANAGE)
def reservation_checkin(request: HttpRequest, pk: int) -> HttpResponse:
    def run(res: m.Reservation, data: dict[str, Any]) -> None:
        conditions = {}
        for comp in res.kit.components.all():
            value = request.POST.get(f"component_{comp.pk}")
            if value in m.Condition.values:
                conditions[comp.pk] = value
        actions.check_in(request.user, res, component_conditions=conditions, **data)

    return _reservation_action(request, pk, forms.CheckInForm, run,
                               _("Kit %(kit)s checked in."))


@requires(MANAGE)
def reservation_due_date(request: HttpRequest, pk: int) -> HttpResponse:
    return _reservation_action(
        request, pk, forms.DueDateForm,
        lambda res, data: actions.change_due_date(request.user, res, data["end"]),
        _("Kit %(kit)s: due-back date changed."))


@requires(MANAGE)
def reservation_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _reservation_action(request, pk, None,
                               lambda res, data: actions.cancel_reservation(request.user, res),
                               _("Booking of kit %(kit)s cancelled."))


@requires(VIEW)
def acceptance_form(request: HttpRequest, pk: int) -> HttpResponse:
    res = scope.get_for_user(m.Reservation.objects.select_related("kit", "institution"),
                             request.user, pk)
    return render(request, "outreach/acceptance_form.html", {
        "res": res, "components": res.kit.components.all()})


@requires(VIEW)
def utilisation(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = reports.school_utilisation(request.user, today)
    listing = Listing(
        title=gettext_lazy("Utilisation by school"), slug="utilisation-by-school",
        columns=[
            Column(gettext_lazy("School or institution"), lambda r: r["name"],
                   lambda r: reverse("outreach:institution_detail", args=[r["pk"]])),
            Column(gettext_lazy("Loans, last 365 days"), lambda r: r["loans"], num=True),
            Column(gettext_lazy("Kit-days on loan"), lambda r: r["days"], num=True),
        ])
    return listing.respond(request, reports.ListQuerySet(rows))


# --- Calendar -----------------------------------------------------------------------------


@requires(VIEW)
def calendar(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
        month = int(request.GET.get("month", today.month))
        first = dt.date(year, month, 1)
    except ValueError:
        first = today.replace(day=1)
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    start, end = weeks[0][0], weeks[-1][-1]
    user = request.user
    events = scope.scoped(m.Event.objects.filter(
        starts__date__lte=end, ends__date__gte=start), user)
    loans = scope.scoped(m.Reservation.objects.filter(
        status__in=m.HOLDING_STATUSES, start_date__lte=end, end_date__gte=start,
    ).select_related("kit", "institution"), user)
    days: dict[dt.date, dict[str, list[Any]]] = {}
    for week in weeks:
        for day in week:
            days[day] = {"events": [], "loans": []}
    for event in events:
        day = max(timezone.localtime(event.starts).date(), start)
        while day <= min(timezone.localtime(event.ends).date(), end):
            days[day]["events"].append(event)
            day += dt.timedelta(days=1)
    for loan in loans:
        for day in (loan.start_date, loan.end_date):
            if start <= day <= end and loan not in days[day]["loans"]:
                days[day]["loans"].append(loan)
    prev_month = (first - dt.timedelta(days=1)).replace(day=1)
    next_month = (first + dt.timedelta(days=32)).replace(day=1)
    context = {
        "first": first, "today": today, "prev": prev_month, "next": next_month,
        "weeks": [[(day, days[day]) for day in week] for week in weeks],
        "weekdays": [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"),
                     _("Saturday"), _("Sunday")],
    }
    template = ("outreach/_calendar.html" if request.headers.get("HX-Request")
                else "outreach/calendar.html")
    return render(request, template, context)


# --- Events -------------------------------------------------------------------------------


@requires(VIEW)
def event_list(request: HttpRequest) -> HttpResponse:
    qs = scope.scoped(m.Event.objects.select_related("partner", "host"), request.user)
    when = request.GET.get("when", "")
    if when == "":
        qs = qs.filter(ends__gte=timezone.now())
    elif when == "past":
        qs = qs.filter(ends__lt=timezone.now())
    from django.db.models import Sum

    taking = list(actions.TAKING_PLACES)
    qs = qs.annotate(
        taken=Sum("registrations__places", filter=Q(registrations__status__in=taking)),
        came=Sum("registrations__attended_count",
                 filter=Q(registrations__status="attended")))
    listing = Listing(
        title=gettext_lazy("Events"), slug="events", search=["title", "venue", "host__name"],
        search_label=gettext_lazy("Title, venue or host"),
        columns=[
            Column(gettext_lazy("Event"), lambda e: e.title,
                   lambda e: reverse("outreach:event_detail", args=[e.pk])),
            Column(gettext_lazy("Kind"), lambda e: e.get_kind_display()),
            Column(gettext_lazy("Starts"), lambda e: e.starts),
            Column(gettext_lazy("Where"), lambda e: _("Online") if e.online else e.venue),
            Column(gettext_lazy("Places taken"), lambda e: e.taken or 0, num=True),
            Column(gettext_lazy("Capacity"), lambda e: e.capacity, num=True),
            Column(gettext_lazy("Attended"), lambda e: e.came or 0, num=True),
            Column(gettext_lazy("Gatsby Benchmarks"),
                   lambda e: ", ".join(str(n) for n in e.gatsby)),
            Column(gettext_lazy("Delivery partner"), lambda e: e.partner.name),
        ],
        filters=[
            Filter("kind", gettext_lazy("Kind"), m.Event.Kind.choices,
                   lambda qs, v: qs.filter(kind=v)),
            Filter("when", gettext_lazy("When"),
                   [("past", gettext_lazy("Past events")),
                    ("all", gettext_lazy("Past and upcoming"))], lambda qs, v: qs,
                   empty_label=gettext_lazy("Upcoming")),
            Filter("gatsby", gettext_lazy("Gatsby Benchmark"), m.GatsbyBenchmark.choices,
                   # JSON containment is not portable to SQLite: match in Python.
                   lambda qs, v: qs.filter(pk__in=[
                       pk for pk, tags in qs.values_list("pk", "gatsby")
                       if int(v) in (tags or [])])),
        ],
        actions=[(gettext_lazy("Add an event"), "outreach:event_create"),
                 (gettext_lazy("Calendar"), "outreach:calendar"),
                 (gettext_lazy("Calendar feed (iCalendar)"), "outreach:event_ical"),
                 (gettext_lazy("Subscribe in a calendar program"), "outreach:feed_settings")],
    )
    return listing.respond(request, qs.order_by("starts", "id"))


@requires(MANAGE)
def event_create(request: HttpRequest) -> HttpResponse:
    form = forms.EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        event = _save_form(request, form, "outreach.event_create")
        messages.success(request, _("Event added."))
        return redirect("outreach:event_detail", pk=event.pk)
    return _form_page(request, form, _("Add an event"), _("Add event"),
                      reverse("outreach:event_list"))


@requires(MANAGE)
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = scope.get_for_user(m.Event.objects.all(), request.user, pk)
    form = forms.EventForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        _save_form(request, form, "outreach.event_edit")
        actions.promote_waiting_list(request.user, event)
        messages.success(request, _("Event saved."))
        return redirect("outreach:event_detail", pk=event.pk)
    return _form_page(request, form, _("Edit %(event)s") % {"event": event.title},
                      _("Save event"), reverse("outreach:event_detail", args=[pk]))


@requires(VIEW)
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = scope.get_for_user(m.Event.objects.select_related("partner", "host"),
                               request.user, pk)
    if request.GET.get("export") in ("csv", "xlsx"):
        return _registration_listing(event).respond(
            request, event.registrations.select_related("institution"))
    regs = list(event.registrations.select_related("institution"))
    survey = event.survey_responses.values("stage").annotate(
        n=Count("id"), interest=Avg("interest"), confidence=Avg("confidence"),
        awareness=Avg("awareness")).order_by("stage")
    return render(request, "outreach/event_detail.html", {
        "event": event, "registrations": regs, "totals": actions.attendance_totals(regs),
        "free": max(0, event.capacity - actions.places_taken(event)),
        "form": forms.RegistrationForm(user=request.user),
        "survey_form": forms.SurveyForm(), "survey": survey,
        "survey_links": _survey_links(request, event),
        "signup_url": request.build_absolute_uri(reverse("outreach:event_signup",
                                                         args=[event.uid]))
        if event.public_registration else "",
        "statuses": [("attended", _("Attended")), ("no_show", _("Did not attend")),
                     ("cancelled", _("Cancelled")), ("registered", _("Registered"))],
    })


def _registration_listing(event: m.Event) -> Listing:
    return Listing(
        title=gettext_lazy("Registrations"), slug=f"event-{event.pk}-registrations",
        columns=[
            Column(gettext_lazy("Name (or party leader)"), lambda r: r.contact_name),
            Column(gettext_lazy("School or institution"),
                   lambda r: r.institution.name if r.institution else r.organisation_name),
            Column(gettext_lazy("School party"), lambda r: _("Yes") if r.party else _("No")),
            Column(gettext_lazy("Email"), lambda r: r.contact_email),
            Column(gettext_lazy("Year groups"), lambda r: "; ".join(
                f"Y{y}: {n}" for y, n in r.year_counts.items())),
            Column(gettext_lazy("Places"), lambda r: r.places, num=True),
            Column(gettext_lazy("Status"), lambda r: r.get_status_display()),
            Column(gettext_lazy("Attended"), lambda r: r.attended_count, num=True),
            Column(gettext_lazy("Registered"), lambda r: r.created),
        ])


@requires(MANAGE)
def event_register(request: HttpRequest, pk: int) -> HttpResponse:
    event = scope.get_for_user(m.Event.objects.all(), request.user, pk)
    form = forms.RegistrationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        counts = form.year_counts()
        try:
            reg = actions.register(request.user, event, contact_name=data["contact_name"],
                                   contact_email=data["contact_email"],
                                   institution=data["institution"], year_counts=counts)
        except actions.OutreachError as exc:
            form.add_error(None, str(exc))
        else:
            if reg.status == m.Registration.Status.WAITLISTED:
                messages.warning(request, _("The event is full: %(who)s (%(n)s places) is on "
                                            "the waiting list.")
                                 % {"who": reg, "n": reg.places})
            else:
                messages.success(request, _("Registered %(n)s place(s) for %(who)s.")
                                 % {"n": reg.places, "who": data["institution"] or
                                    data["contact_name"]})
            return redirect("outreach:event_detail", pk=event.pk)
    return render(request, "outreach/register.html", {"event": event, "form": form})


@requires(MANAGE)
def registration_attendance(request: HttpRequest, pk: int, reg_pk: int) -> HttpResponse:
    event = scope.get_for_user(m.Event.objects.all(), request.user, pk)
    reg = event.registrations.filter(pk=reg_pk).select_related("institution").first()
    if reg is None:
        raise Http404("No such registration")
    if request.method != "POST":
        return redirect("outreach:event_detail", pk=event.pk)
    count_raw = request.POST.get("attended_count", "").strip()
    error = ""
    try:
        count = int(count_raw) if count_raw else None
        reg = actions.set_attendance(request.user, reg, request.POST.get("status", ""), count)
    except ValueError:
        error = _("Enter the number who attended as a whole number.")
    except actions.OutreachError as exc:
        error = str(exc)
    if request.headers.get("HX-Request"):
        reg.refresh_from_db()
        return render(request, "outreach/_registration_row.html", {
            "event": event, "r": reg, "error": error, "saved": not error,
            "statuses": [("attended", _("Attended")), ("no_show", _("Did not attend")),
                         ("cancelled", _("Cancelled")), ("registered", _("Registered"))]})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Attendance saved for %(who)s.") % {"who": reg})
    return redirect("outreach:event_detail", pk=event.pk)


@requires(MANAGE)
def event_survey(request: HttpRequest, pk: int) -> HttpResponse:
    event = scope.get_for_user(m.Event.objects.all(), request.user, pk)
    form = forms.SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.event = event
        form.save()
        messages.success(request, _("Survey response added."))
        return redirect("outreach:event_detail", pk=event.pk)
    return _form_page(request, form, _("Survey response for %(event)s") % {"event": event},
                      _("Add response"), reverse("outreach:event_detail", args=[pk]))


SIGN_UPS_PER_HOUR = 30


@public
def event_signup(request: HttpRequest, uid: str) -> HttpResponse:
    """An adult's own registration for an event that allows it (no account needed)."""
    from django.core.mail import send_mail

    from resilience.accounts import ratelimit

    event = m.Event.objects.filter(uid=uid, public_registration=True).first()
    if event is None:
        raise Http404("No such event")
    form = forms.SignUpForm(request.POST or None)
    address = ratelimit.client_address(request)
    if request.method == "POST" and form.is_valid():
        if ratelimit.too_many("outreach-signup", address, SIGN_UPS_PER_HOUR):
            form.add_error(None, _("Too many registrations have come from this network in "
                                   "the last hour. Please try again later."))
        elif event.ends < timezone.now():
            form.add_error(None, _("This event has finished."))
        else:
            data = form.cleaned_data
            try:
                reg = actions.register(None, event, contact_name=data["name"],
                                       contact_email=data["email"],
                                       organisation_name=data["organisation"],
                                       self_registered=True)
            except actions.OutreachError as exc:
                form.add_error("email", str(exc))
            else:
                ratelimit.count_failure("outreach-signup", address)
                waiting = reg.status == m.Registration.Status.WAITLISTED
                when = f"{timezone.localtime(event.starts):%A %d %B %Y, %H:%M}"
                where = event.online_url if event.online else event.venue
                send_mail(
                    (_("Waiting list: %(title)s") if waiting else _("You are registered: "
                                                                    "%(title)s"))
                    % {"title": event.title},
                    _("Dear %(name)s,\n\n%(state)s %(title)s on %(when)s at %(where)s.\n")
                    % {"name": reg.contact_name, "title": event.title, "when": when,
                       "where": where,
                       "state": _("You are on the waiting list for") if waiting
                       else _("You have a place at")},
                    None, [reg.contact_email])
                return render(request, "outreach/event_signup.html", {
                    "event": event, "done": True, "waiting": waiting})
    return render(request, "outreach/event_signup.html", {
        "event": event, "form": form,
        "free": max(0, event.capacity - actions.places_taken(event))},
        status=400 if form.errors else 200)


SURVEY_LIMIT_PER_HOUR = 300  # a whole school behind one address can answer


def _survey_links(request: HttpRequest, event: m.Event) -> list[dict[str, Any]]:
    import segno
    from django.utils.safestring import mark_safe

    links = []
    for stage, label in m.SurveyResponse.Stage.choices:
        url = request.build_absolute_uri(reverse("outreach:survey_public",
                                                 args=[event.uid, stage]))
        svg = segno.make(url, error="m").svg_inline(scale=3, dark="#000000",
                                                    light="#ffffff", omitsize=True)
        links.append({"stage": stage, "label": label, "url": url,
                      "qr": mark_safe(str(svg))})  # noqa: S308 - segno SVG of our own URL
    return links


@public
def survey_public(request: HttpRequest, uid: str, stage: str) -> HttpResponse:
    """The anonymous survey a participant answers on their own device (no sign-in, no
    personal data): its address is secret to the event."""
    from resilience.accounts import ratelimit

    event = m.Event.objects.filter(uid=uid).first()
    if event is None or stage not in m.SurveyResponse.Stage.values:
        raise Http404("No such survey")
    form = forms.PublicSurveyForm(request.POST or None)
    address = ratelimit.client_address(request)
    if request.method == "POST":
        if ratelimit.too_many("outreach-survey", address, SURVEY_LIMIT_PER_HOUR):
            form.add_error(None, _("Too many answers have come from this network in the last "
                                   "hour. Please try again later."))
        elif form.is_valid():
            form.instance.event = event
            form.instance.stage = stage
            form.save()
            ratelimit.count_failure("outreach-survey", address)
            return render(request, "outreach/survey_public.html", {"event": event,
                                                                   "thanks": True})
    return render(request, "outreach/survey_public.html", {
        "event": event, "form": form,
        "stage_label": m.SurveyResponse.Stage(stage).label},
        status=400 if form.errors else 200)


@requires(VIEW)
def event_ical(request: HttpRequest) -> HttpResponse:
    return _ical(request, request.user)


@public
def event_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The personal feed address: the token stands in for signing in."""
    feed = m.CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not can(feed.user, VIEW):
        raise Http404("No such feed")
    return _ical(request, feed.user)


@requires(VIEW)
def feed_settings(request: HttpRequest) -> HttpResponse:
    feed = m.CalendarFeed.objects.filter(user=request.user).first()
    if request.method == "POST":
        with transaction.atomic():
            if feed is not None:
                feed.delete()
            feed = m.CalendarFeed.objects.create(user=request.user)
            audit.record(request.user, "outreach.feed_address", feed)
        messages.success(request, _("Your calendar feed has a new address; the old one no "
                                    "longer works."))
        return redirect("outreach:feed_settings")
    url = (request.build_absolute_uri(reverse("outreach:event_feed", args=[feed.token]))
           if feed else "")
    return render(request, "outreach/feed_settings.html", {"url": url})


def _ical(request: HttpRequest, user: Any) -> HttpResponse:
    from icalendar import Calendar, vText
    from icalendar import Event as IcsEvent

    cal = Calendar()
    cal.add("prodid", "-//Resilience//Outreach events//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("Resilience outreach events"))
    since = timezone.now() - dt.timedelta(days=90)
    for event in scope.scoped(m.Event.objects.filter(ends__gte=since), user):
        item = IcsEvent()
        item.add("uid", f"{event.uid}@resilience")
        item.add("summary", event.title)
        item.add("dtstart", event.starts)
        item.add("dtend", event.ends)
        item.add("dtstamp", event.created)
        item["location"] = vText(event.online_url if event.online else event.venue)
        item.add("description", f"{event.get_kind_display()}. {event.description}".strip())
        item.add("url", request.build_absolute_uri(
            reverse("outreach:event_detail", args=[event.pk])))
        cal.add_component(item)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="resilience-events.ics"'
    return response


# --- Placements, cohorts, affiliates, partnerships ----------------------------------------


@requires(VIEW)
def placement_list(request: HttpRequest) -> HttpResponse:
    qs = scope.scoped(m.Placement.objects.select_related("host", "institution"), request.user)
    listing = Listing(
        title=gettext_lazy("Placements"), slug="placements",
        search=["student", "host__name", "institution__name", "supervisor_name"],
        columns=[
            Column(gettext_lazy("Student"), lambda p: p.student,
                   lambda p: reverse("outreach:placement_edit", args=[p.pk])),
            Column(gettext_lazy("Host"), lambda p: p.host.name),
            Column(gettext_lazy("School or college"), lambda p: p.institution.name),
            Column(gettext_lazy("First day"), lambda p: p.starts),
            Column(gettext_lazy("Last day"), lambda p: p.ends),
            Column(gettext_lazy("Supervisor"), lambda p: p.supervisor_name),
            Column(gettext_lazy("Host checks"), lambda p: _("Yes") if p.host_checks_done
                   else _("No")),
            Column(gettext_lazy("Parental consent"), lambda p: (
                _("Not needed") if not p.under_18 else _("Yes") if p.parental_consent
                else _("No"))),
            Column(gettext_lazy("Status"), lambda p: p.get_status_display()),
            Column(gettext_lazy("Outcome"), lambda p: p.outcome),
        ],
        filters=[Filter("status", gettext_lazy("Status"), m.Placement.Status.choices,
                        lambda qs, v: qs.filter(status=v))],
        actions=[(gettext_lazy("Add a placement"), "outreach:placement_create")])
    return listing.respond(request, qs)


def _model_form_view(request: HttpRequest, form_class: Any, instance: Any, title: str,
                     submit: str, cancel: str, success: str, action: str) -> HttpResponse:
    form = form_class(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        _save_form(request, form, action)
        messages.success(request, _("Saved."))
        return redirect(success)
    return _form_page(request, form, title, submit, cancel)


@requires(MANAGE)
def placement_create(request: HttpRequest) -> HttpResponse:
    return _model_form_view(request, forms.PlacementForm, None, _("Add a placement"),
                            _("Add placement"), reverse("outreach:placement_list"),
                            reverse("outreach:placement_list"), "outreach.placement_create")


@requires(MANAGE)
def placement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    obj = scope.get_for_user(m.Placement.objects.all(), request.user, pk)
    return _model_form_view(request, forms.PlacementForm, obj, _("Edit placement"),
                            _("Save placement"), reverse("outreach:placement_list"),
                            reverse("outreach:placement_list"), "outreach.placement_edit")


@requires(VIEW)
def cohort_list(request: HttpRequest) -> HttpResponse:
    qs = scope.scoped(m.Cohort.objects.all(), request.user).annotate(
        members_n=Count("members", distinct=True),
        organisations_n=Count("members__organisation", distinct=True),
    ).order_by("-starts", "name")
    listing = Listing(
        title=gettext_lazy("Leadership accelerator cohorts"), slug="cohorts", search=["name"],
        columns=[
            Column(gettext_lazy("Cohort"), lambda c: c.name,
                   lambda c: reverse("outreach:cohort_detail", args=[c.pk])),
            Column(gettext_lazy("Starts"), lambda c: c.starts),
            Column(gettext_lazy("Ends"), lambda c: c.ends),
            Column(gettext_lazy("Members"), lambda c: c.members_n, num=True),
            Column(gettext_lazy("Organisations"), lambda c: c.organisations_n, num=True),
        ],
        actions=[(gettext_lazy("Add a cohort"), "outreach:cohort_create")])
    return listing.respond(request, qs)


@requires(MANAGE)
def cohort_create(request: HttpRequest) -> HttpResponse:
    return _model_form_view(request, forms.CohortForm, None, _("Add a cohort"),
                            _("Add cohort"), reverse("outreach:cohort_list"),
                            reverse("outreach:cohort_list"), "outreach.cohort_create")


@requires(VIEW)
def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = scope.get_for_user(m.Cohort.objects.all(), request.user, pk)
    sessions = list(cohort.sessions.prefetch_related("attendees"))
    members = list(cohort.members.select_related("organisation"))
    for member in members:
        member.attended_n = sum(1 for s in sessions if member in s.attendees.all())
    return render(request, "outreach/cohort_detail.html", {
        "cohort": cohort, "members": members, "sessions": sessions,
        "member_form": forms.CohortMemberForm(user=request.user),
        "session_form": forms.CohortSessionForm(user=request.user),
    })


@requires(MANAGE)
def cohort_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = scope.get_for_user(m.Cohort.objects.all(), request.user, pk)
    form = forms.CohortMemberForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.instance.cohort = cohort
        _save_form(request, form, "outreach.cohort_member_add")
        messages.success(request, _("Member added."))
        return redirect("outreach:cohort_detail", pk=cohort.pk)
    return _form_page(request, form, _("Add a member to %(c)s") % {"c": cohort.name},
                      _("Add member"), reverse("outreach:cohort_detail", args=[pk]))


@requires(MANAGE)
def cohort_member_edit(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    cohort = scope.get_for_user(m.Cohort.objects.all(), request.user, pk)
    member = cohort.members.filter(pk=member_pk).first()
    if member is None:
        raise Http404("No such member")
    url = reverse("outreach:cohort_detail", args=[pk])
    return _model_form_view(request, forms.CohortMemberForm, member,
                            _("Coaching and progress: %(name)s") % {"name": member.name},
                            _("Save"), url, url, "outreach.cohort_member_edit")


@requires(MANAGE)
def cohort_session_add(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = scope.get_for_user(m.Cohort.objects.all(), request.user, pk)
    form = forms.CohortSessionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.instance.cohort = cohort
        _save_form(request, form, "outreach.cohort_session_add")
        return redirect("outreach:cohort_detail", pk=cohort.pk)
    return _form_page(request, form, _("Add a session"), _("Add session"),
                      reverse("outreach:cohort_detail", args=[pk]))


@requires(MANAGE)
def cohort_attendance(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    cohort = scope.get_for_user(m.Cohort.objects.all(), request.user, pk)
    session = cohort.sessions.filter(pk=session_pk).first()
    if session is None:
        raise Http404("No such session")
    if request.method == "POST":
        ids = {int(x) for x in request.POST.getlist("attended") if x.isdigit()}
        with transaction.atomic():
            session.attendees.set(cohort.members.filter(pk__in=ids))
            audit.record(request.user, "outreach.cohort_attendance", session, n=len(ids))
        messages.success(request, _("Attendance saved for %(s)s.") % {"s": session.title})
        return redirect("outreach:cohort_detail", pk=cohort.pk)
    return render(request, "outreach/cohort_attendance.html", {
        "cohort": cohort, "session": session, "members": cohort.members.all(),
        "present": set(session.attendees.values_list("pk", flat=True))})


@requires(VIEW)
def affiliate_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    qs = scope.scoped(m.AffiliateMembership.objects.select_related("organisation"),
                      request.user).prefetch_related("admins")
    listing = Listing(
        title=gettext_lazy("Affiliate members"), slug="affiliates",
        search=["organisation__name"],
        columns=[
            Column(gettext_lazy("Organisation"), lambda a: a.organisation.name,
                   lambda a: reverse("outreach:affiliate_edit", args=[a.pk])),
            Column(gettext_lazy("Tier"), lambda a: a.get_tier_display()),
            Column(gettext_lazy("Member since"), lambda a: a.starts),
            Column(gettext_lazy("Renewal date"), lambda a: a.renews),
            Column(gettext_lazy("Active"), lambda a: _("Yes") if a.active_on(today)
                   else _("No")),
            Column(gettext_lazy("Catalogue access"), lambda a: _("Yes") if a.catalogue_access
                   else _("No")),
            Column(gettext_lazy("Named admins"),
                   lambda a: ", ".join(str(u) for u in a.admins.all())),
        ],
        filters=[Filter("tier", gettext_lazy("Tier"), m.AffiliateMembership.Tier.choices,
                        lambda qs, v: qs.filter(tier=v))],
        actions=[(gettext_lazy("Add an affiliate"), "outreach:affiliate_create")])
    return listing.respond(request, qs)


@requires(MANAGE)
def affiliate_create(request: HttpRequest) -> HttpResponse:
    return _model_form_view(request, forms.AffiliateForm, None, _("Add an affiliate"),
                            _("Add affiliate"), reverse("outreach:affiliate_list"),
                            reverse("outreach:affiliate_list"), "outreach.affiliate_create")


@requires(MANAGE)
def affiliate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    obj = scope.get_for_user(m.AffiliateMembership.objects.all(), request.user, pk)
    return _model_form_view(request, forms.AffiliateForm, obj, _("Edit affiliate"),
                            _("Save affiliate"), reverse("outreach:affiliate_list"),
                            reverse("outreach:affiliate_list"), "outreach.affiliate_edit")


@requires(VIEW)
def partnership_list(request: HttpRequest) -> HttpResponse:
    qs = scope.scoped(m.Partnership.objects.select_related("institution", "partner"),
                      request.user)
    year = request.GET.get("year") or m.academic_year(timezone.localdate())
    years = sorted({*qs.values_list("academic_year", flat=True), year}, reverse=True)
    listing = Listing(
        title=gettext_lazy("Partner schools"), slug="partner-schools",
        search=["institution__name", "contact_name"],
        intro=gettext_lazy("The programme partners with %(n)s schools and colleges a year.")
        % {"n": m.PARTNER_SCHOOL_TARGET},
        columns=[
            Column(gettext_lazy("School or college"), lambda p: p.institution.name,
                   lambda p: reverse("outreach:partnership_edit", args=[p.pk])),
            Column(gettext_lazy("Academic year"), lambda p: p.academic_year),
            Column(gettext_lazy("Contact"), lambda p: p.contact_name),
            Column(gettext_lazy("Agreement"), lambda p: p.get_agreement_display()),
            Column(gettext_lazy("Signed on"), lambda p: p.agreement_signed_on),
            Column(gettext_lazy("What they received"), lambda p: p.received),
            Column(gettext_lazy("Delivery partner"), lambda p: p.partner.name),
        ],
        filters=[Filter("year", gettext_lazy("Academic year"), [(y, y) for y in years],
                        lambda qs, v: qs.filter(academic_year=v))],
        actions=[(gettext_lazy("Add a partner school"), "outreach:partnership_create")])
    count = qs.filter(academic_year=year).count()
    return listing.respond(request, qs, {"summary": _(
        "%(n)s of %(target)s partner schools in %(year)s.") % {
            "n": count, "target": m.PARTNER_SCHOOL_TARGET, "year": year}})


@requires(MANAGE)
def partnership_create(request: HttpRequest) -> HttpResponse:
    form_class = forms.PartnershipForm
    form = form_class(request.POST or None, user=request.user,
                      initial={"academic_year": m.academic_year(timezone.localdate())})
    if request.method == "POST" and form.is_valid():
        from django.db import IntegrityError

        try:
            _save_form(request, form, "outreach.partnership_create")
        except IntegrityError:
            form.add_error("institution", _("That school is already a partner in that year."))
        else:
            messages.success(request, _("Partner school added."))
            return redirect("outreach:partnership_list")
    return _form_page(request, form, _("Add a partner school"), _("Add partner school"),
                      reverse("outreach:partnership_list"))


@requires(MANAGE)
def partnership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    obj = scope.get_for_user(m.Partnership.objects.all(), request.user, pk)
    return _model_form_view(request, forms.PartnershipForm, obj, _("Edit partner school"),
                            _("Save"), reverse("outreach:partnership_list"),
                            reverse("outreach:partnership_list"), "outreach.partnership_edit")
