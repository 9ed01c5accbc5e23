"""Other pages: placements' safeguarding, cohorts, affiliates, partnerships, dashboard."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from resilience.outreach.models import (
    AffiliateMembership,
    Engagement,
    Placement,
    has_catalogue_access,
)
from resilience.outreach.reports import connected_institutions


def test_a_placement_cannot_be_confirmed_without_safeguarding(client: Any, world: Any) -> None:
    client.force_login(world.partner_a)
    data = {"partner": world.partner_org_a.pk, "host": world.affiliate_org.pk,
            "institution": world.school_a.pk, "student": "JB", "under_18": "on",
            "starts": "2027-07-01", "ends": "2027-07-05", "supervisor_name": "Dr Patel",
            "host_checks_done": "on", "status": "confirmed"}
    response = client.post(reverse("outreach:placement_create"), data)
    assert "An under-18 needs parental consent" in response.content.decode()
    assert not Placement.objects.exists()
    response = client.post(reverse("outreach:placement_create"),
                           {**data, "parental_consent": "on"})
    assert response.status_code == 302
    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.update(parental_consent=False)  # the database refuses it too


def test_affiliate_catalogue_access_follows_dates(world: Any) -> None:
    AffiliateMembership.objects.create(organisation=world.affiliate_org,
                                       partner=world.partner_org_a, tier="member",
                                       starts=dt.date(2026, 1, 1), renews=dt.date(2027, 1, 1))
    assert has_catalogue_access(world.affiliate_org, dt.date(2026, 6, 1))
    assert not has_catalogue_access(world.affiliate_org, dt.date(2027, 2, 1))


def test_every_kind_of_contact_counts_once_towards_institutions_connected(
        world: Any, event_a: Any, kit_a: Any) -> None:
    from resilience.outreach import actions
    from tests.outreach.conftest import book

    Engagement.objects.create(institution=world.school_a, partner=world.partner_org_a,
                              kind="visit", date=dt.date(2026, 10, 1))
    res = book(kit_a, world.school_a, dt.date(2026, 10, 5), dt.date(2026, 10, 9))
    actions.check_out(None, res, accepted_by="X", charged=True, content_installed=True,
                      kiosk_mode=True)
    start, end = dt.date(2026, 9, 1), dt.date(2027, 8, 31)
    assert connected_institutions(world.admin, start, end) == {world.school_a.pk}
    assert connected_institutions(world.partner_b, start, end) == set()


def test_cohort_pages_record_members_sessions_and_attendance(client: Any, world: Any) -> None:
    client.force_login(world.partner_a)
    client.post(reverse("outreach:cohort_create"), {"name": "Cohort 3",
                                                    "partner": world.partner_org_a.pk,
                                                    "starts": "2026-09-01",
                                                    "ends": "2027-03-01"})
    from resilience.outreach.models import Cohort

    cohort = Cohort.objects.get()
    client.post(reverse("outreach:cohort_member_add", args=[cohort.pk]), {
        "name": "Asha Patel", "organisation": world.school_a.pk, "progress": "on_track",
        "coach": "Dr Reid"})
    client.post(reverse("outreach:cohort_session_add", args=[cohort.pk]),
                {"title": "Leading change", "date": "2026-10-01"})
    session, member = cohort.sessions.get(), cohort.members.get()
    client.post(reverse("outreach:cohort_attendance", args=[cohort.pk, session.pk]),
                {"attended": [member.pk]})
    html = client.get(reverse("outreach:cohort_detail", args=[cohort.pk])).content.decode()
    assert "Asha Patel" in html and "1 / 1" in html and "Dr Reid" in html


def test_partner_school_target_and_duplicates(client: Any, world: Any) -> None:
    client.force_login(world.partner_a)
    data = {"institution": world.school_a.pk, "partner": world.partner_org_a.pk,
            "academic_year": "2026/27", "contact_name": "Ms Jones", "agreement": "signed"}
    assert client.post(reverse("outreach:partnership_create"), data).status_code == 302
    again = client.post(reverse("outreach:partnership_create"), data).content.decode()
    assert "already exists" in again
    bad = client.post(reverse("outreach:partnership_create"),
                      {**data, "academic_year": "2026/28"}).content.decode()
    assert "like 2025/26" in bad
    html = client.get(reverse("outreach:partnership_list") + "?year=2026/27").content.decode()
    assert "1 of 20 partner schools in 2026/27." in html


def test_dashboard_and_calendar_render(client: Any, world: Any, event_a: Any) -> None:
    client.force_login(world.partner_a)
    assert b"institutions connected" in client.get(reverse("outreach:dashboard")).content
    month = event_a.starts
    html = client.get(reverse("outreach:calendar") + f"?year={month.year}&month={month.month}"
                      ).content.decode()
    assert "Cleanroom careers day" in html


def test_upload_page_imports_and_reports(client: Any, world: Any, settings: Any,
                                         tmp_path: Any,
                                         django_capture_on_commit_callbacks: Any) -> None:
    from pathlib import Path

    settings.OUTREACH_IMPORTS_INLINE = True
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.admin)
    path = Path(__file__).parent / "files" / "edubasealldata20261120.csv"
    with path.open("rb") as fh, django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("outreach:import_list"), {"kind": "gias", "file": fh})
    response = client.get(response["Location"])
    html = response.content.decode()
    assert "URN “ABC” is missing or not a number" in html
    assert 'id="created">3<' in html


def test_institutions_filter_by_contact_this_year(client: Any, world: Any) -> None:
    from django.utils import timezone

    Engagement.objects.create(institution=world.school_a, partner=world.partner_org_a,
                              kind="visit", date=timezone.localdate())
    client.force_login(world.admin)
    url = reverse("outreach:institution_list")
    connected = client.get(url + "?connected=yes").content.decode()
    assert "School A" in connected and "School B" not in connected
    others = client.get(url + "?connected=no").content.decode()
    assert "School B" in others and "School A" not in others


def test_admin_pages_for_outreach_records_open(client: Any, world: Any, kit_a: Any) -> None:
    from django.contrib import admin

    client.force_login(world.admin)
    for model in admin.site._registry:
        if model._meta.app_label != "outreach":
            continue
        name = f"admin:outreach_{model._meta.model_name}"
        assert client.get(reverse(f"{name}_changelist")).status_code == 200, name
        assert client.get(reverse(f"{name}_add")).status_code == 200, name
    assert client.get(reverse("admin:outreach_kit_change", args=[kit_a.pk])).status_code == 200


def test_partner_staff_add_a_company_for_their_own_partner(client: Any, world: Any) -> None:
    from resilience.accounts.models import Organisation
    from resilience.outreach.models import DeprivationArea

    DeprivationArea.objects.create(index="iod", area_code="E01000001", decile=2)
    client.force_login(world.partner_a)
    response = client.post(reverse("outreach:institution_create"), {
        "name": "Northstar Biologics", "kind": "company", "nation": "england",
        "partner": world.partner_org_b.pk})  # not theirs
    assert "Select a valid choice" in response.content.decode()
    response = client.post(reverse("outreach:institution_create"), {
        "name": "Northstar Biologics", "kind": "company", "nation": "england",
        "partner": world.partner_org_a.pk, "profile-reference_scheme": "other",
        "profile-area_code": "E01000001"})
    org = Organisation.objects.get(name="Northstar Biologics")
    assert response.status_code == 302 and org.slug == "northstar-biologics"
    assert org.profile.deprivation_decile == 2
    client.force_login(world.partner_b)
    assert client.get(reverse("outreach:institution_edit", args=[org.pk])).status_code == 404


def test_other_apps_record_a_download_as_a_contact(world: Any) -> None:
    from resilience.outreach import actions

    engagement = actions.record_contact(world.teacher_a, world.school_a, "download",
                                        "Gowning teacher's guide")
    assert engagement is not None and engagement.partner == world.partner_org_a
    assert world.school_a.pk in connected_institutions(
        world.admin, dt.date(2000, 1, 1), dt.date(2100, 1, 1))
    world.hub.partner = None
    assert actions.record_contact(None, world.hub, "download") is None
