"""Every outreach page, filled with the demo data, passes axe (WCAG 2.2 AA) in Chromium."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_every_outreach_page_is_accessible_with_the_demo_data(page: Any,
                                                              transactional_db: Any) -> None:
    from django.urls import reverse

    from resilience.core import demo as core_demo
    from resilience.outreach import demo
    from resilience.outreach import models as m

    core_demo.load()
    demo.load()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(f"{page.url}: {msg.text}")
            if msg.type == "error" and "favicon" not in str(msg.location) else None)
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill("admin@demo.resilience.test")
    page.get_by_label("Password").fill(core_demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/home/")

    kit = m.Kit.objects.get(code="RES-KIT-01")
    loan = m.Reservation.objects.filter(status="out").first()
    booked = m.Reservation.objects.filter(status="booked").first()
    event = m.Event.objects.get(title="Aseptic technique workshop")
    cohort = m.Cohort.objects.get()
    member = cohort.members.first()
    session = cohort.sessions.first()
    school = m.InstitutionProfile.objects.get(reference="990001").organisation
    urls = [reverse(name) for name in (
        "outreach:dashboard", "outreach:institution_list", "outreach:import_list",
        "outreach:kit_list", "outreach:kit_create", "outreach:device_import",
        "outreach:utilisation", "outreach:loan_list", "outreach:reservation_create",
        "outreach:calendar", "outreach:event_list", "outreach:event_create",
        "outreach:placement_list", "outreach:placement_create", "outreach:cohort_list",
        "outreach:cohort_create", "outreach:affiliate_list", "outreach:affiliate_create",
        "outreach:partnership_list", "outreach:partnership_create",
        "outreach:feed_settings", "outreach:institution_create")]
    urls += [
        reverse("outreach:institution_detail", args=[school.pk]),
        reverse("outreach:engagement_add", args=[school.pk]),
        reverse("outreach:institution_edit", args=[school.pk]),
        reverse("outreach:kit_detail", args=[kit.pk]),
        reverse("outreach:kit_edit", args=[kit.pk]),
        reverse("outreach:kit_component_add", args=[kit.pk]),
        reverse("outreach:kit_audit", args=[kit.pk]),
        reverse("outreach:reservation_detail", args=[loan.pk]),
        reverse("outreach:reservation_detail", args=[booked.pk]),
        reverse("outreach:acceptance_form", args=[loan.pk]),
        reverse("outreach:event_detail", args=[event.pk]),
        reverse("outreach:event_edit", args=[event.pk]),
        reverse("outreach:event_register", args=[event.pk]),
        reverse("outreach:event_survey", args=[event.pk]),
        reverse("outreach:placement_edit", args=[m.Placement.objects.first().pk]),
        reverse("outreach:cohort_detail", args=[cohort.pk]),
        reverse("outreach:cohort_member_add", args=[cohort.pk]),
        reverse("outreach:cohort_member_edit", args=[cohort.pk, member.pk]),
        reverse("outreach:cohort_session_add", args=[cohort.pk]),
        reverse("outreach:cohort_attendance", args=[cohort.pk, session.pk]),
        reverse("outreach:affiliate_edit", args=[m.AffiliateMembership.objects.get().pk]),
        reverse("outreach:partnership_edit", args=[m.Partnership.objects.first().pk]),
    ]
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, url
        assert_accessible(page)
    # An adult signs up for a CPD session themselves.
    cpd = m.Event.objects.get(kind="cpd")
    page.goto(reverse("outreach:event_signup", args=[cpd.uid]))
    assert_accessible(page)
    page.get_by_label("Your name").fill("Ms Ada Lovelace")
    page.get_by_label("Your email address").fill("ada@school.example")
    page.get_by_label("I am 16 or over").check()
    page.get_by_role("button", name="Register").click()
    assert "You are registered" in page.get_by_role("status").first.inner_text()
    assert_accessible(page)
    # A participant answers the anonymous survey from the event's link.
    page.goto(reverse("outreach:survey_public", args=[event.uid, "post"]))
    assert_accessible(page)
    page.get_by_role("group", name="How interested are you").get_by_label("4").check()
    page.get_by_role("group", name="How confident").get_by_label("3").check()
    page.get_by_role("group", name="How much do you know").get_by_label("5").check()
    page.get_by_role("button", name="Send my answers").click()
    assert "Your answers have been saved" in page.get_by_role("status").first.inner_text()
    assert_accessible(page)
    # The personal feed address, once made, is shown in a labelled field.
    page.goto(reverse("outreach:feed_settings"))
    page.get_by_role("button", name="Make my calendar feed address").click()
    assert "/outreach/events/feed/" in page.get_by_label("Your calendar feed address").input_value()
    assert_accessible(page)
    # The calendar moves month by month in place.
    page.goto(reverse("outreach:calendar"))
    import datetime as dt

    from django.utils import timezone

    following = (timezone.localdate().replace(day=1) + dt.timedelta(days=32))
    page.get_by_role("link", name="Next:").click()
    page.get_by_role("heading", name=following.strftime("%B %Y")).wait_for()
    assert "month=" in page.url
    assert_accessible(page)
    assert not errors, errors
