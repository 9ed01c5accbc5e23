"""Events: party registration, waiting list, attendance, surveys, iCalendar, scoping."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from resilience.outreach import actions
from resilience.outreach.models import Registration


def test_a_party_that_does_not_fit_waits_and_moves_up_when_a_place_frees(
        world: Any, event_a: Any) -> None:
    first = actions.register(None, event_a, contact_name="Mr Khan", institution=world.school_a,
                             year_counts={"9": 12, "10": 10})
    second = actions.register(None, event_a, contact_name="Ms Lee", institution=world.school_a,
                              year_counts={"11": 10})
    assert (first.status, first.places, first.year_counts) == ("registered", 22,
                                                               {"9": 12, "10": 10})
    assert second.status == "waitlisted"
    actions.set_attendance(None, first, "cancelled")
    second.refresh_from_db()
    assert second.status == "registered"


def test_attendance_counts_for_a_party(world: Any, event_a: Any) -> None:
    reg = actions.register(None, event_a, contact_name="Mr Khan", institution=world.school_a,
                           year_counts={"9": 12})
    with pytest.raises(actions.OutreachError, match="between 1 and 12"):
        actions.set_attendance(None, reg, "attended", 13)
    actions.set_attendance(None, reg, "attended", 11)
    totals = actions.attendance_totals(Registration.objects.all())
    assert totals["attended"] == 11 and totals["by_year"] == [(9, 12)]


def test_attendance_by_htmx_returns_the_updated_row(client: Any, world: Any,
                                                    event_a: Any) -> None:
    reg = actions.register(None, event_a, contact_name="Mr Khan", institution=world.school_a,
                           year_counts={"9": 5})
    client.force_login(world.partner_a)
    response = client.post(reverse("outreach:registration_attendance",
                                   args=[event_a.pk, reg.pk]),
                           {"status": "attended", "attended_count": "4"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and html.startswith("<tr")
    assert "Attended (4)" in html


def test_ical_feed_lists_only_the_partners_events(client: Any, world: Any, event_a: Any,
                                                  event_b: Any) -> None:
    client.force_login(world.partner_a)
    body = client.get(reverse("outreach:event_ical")).content.decode()
    assert "BEGIN:VCALENDAR" in body and "SUMMARY:Cleanroom careers day" in body
    assert "Welsh STEM festival" not in body
    client.force_login(world.admin)
    assert "Welsh STEM festival" in client.get(reverse("outreach:event_ical")).content.decode()


def test_event_list_is_scoped_and_searchable(client: Any, world: Any, event_a: Any,
                                             event_b: Any) -> None:
    client.force_login(world.partner_b)
    html = client.get(reverse("outreach:event_list")).content.decode()
    assert "Welsh STEM festival" in html and "Cleanroom careers day" not in html
    client.force_login(world.admin)
    html = client.get(reverse("outreach:event_list") + "?q=cleanroom",
                      HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results").content.decode()
    assert "Cleanroom careers day" in html and "Welsh" not in html
    assert "<html" not in html  # the partial, for htmx


def test_survey_responses_are_summarised(client: Any, world: Any, event_a: Any) -> None:
    client.force_login(world.partner_a)
    url = reverse("outreach:event_survey", args=[event_a.pk])
    for interest in (2, 4):
        assert client.post(url, {"stage": "post", "interest": interest, "confidence": 3,
                                 "awareness": 5}).status_code == 302
    html = client.get(reverse("outreach:event_detail", args=[event_a.pk])).content.decode()
    assert "3.0" in html and "5.0" in html


def test_registration_page_requires_a_year_group_for_a_party(client: Any, world: Any,
                                                             event_a: Any) -> None:
    client.force_login(world.partner_a)
    response = client.post(reverse("outreach:event_register", args=[event_a.pk]), {
        "party": "party", "institution": world.school_a.pk, "contact_name": "Mr Khan"})
    assert "Enter how many pupils are coming" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_personal_feed_address_works_without_signing_in_until_replaced(
        client: Any, world: Any, event_a: Any, event_b: Any) -> None:
    from resilience.outreach.models import CalendarFeed

    client.force_login(world.partner_a)
    client.post(reverse("outreach:feed_settings"))
    token = CalendarFeed.objects.get(user=world.partner_a).token
    assert token in client.get(reverse("outreach:feed_settings")).content.decode()
    client.logout()
    feed = client.get(reverse("outreach:event_feed", args=[token])).content.decode()
    assert "Cleanroom careers day" in feed and "Welsh STEM festival" not in feed
    client.force_login(world.partner_a)
    client.post(reverse("outreach:feed_settings"))
    client.logout()
    assert client.get(reverse("outreach:event_feed", args=[token])).status_code == 404


def test_registrations_export_with_year_groups(client: Any, world: Any, event_a: Any) -> None:
    actions.register(None, event_a, contact_name="Mr Khan", institution=world.school_a,
                     year_counts={"9": 12, "10": 3})
    client.force_login(world.partner_a)
    response = client.get(reverse("outreach:event_detail", args=[event_a.pk]) + "?export=csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Mr Khan,School A,Yes,,Y9: 12; Y10: 3,15,Registered" in body


def test_participants_answer_the_survey_anonymously_from_the_events_link(
        client: Any, world: Any, event_a: Any) -> None:
    from resilience.outreach.models import SurveyResponse

    url = reverse("outreach:survey_public", args=[event_a.uid, "pre"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"interest": "4", "confidence": "2", "awareness": "3"})
    assert "Your answers have been saved" in response.content.decode()
    answer = SurveyResponse.objects.get()
    assert (answer.stage, answer.interest, answer.event) == ("pre", 4, event_a)
    assert client.post(url, {"interest": "9"}).status_code == 400
    assert client.get(reverse("outreach:survey_public",
                              args=["not-the-uid", "pre"])).status_code == 404
    client.force_login(world.partner_a)
    html = client.get(reverse("outreach:event_detail", args=[event_a.pk])).content.decode()
    assert url in html and "<svg" in html


def test_adults_sign_up_themselves_once_and_the_waiting_list_is_told_of_a_place(
        client: Any, world: Any, event_a: Any, django_capture_on_commit_callbacks: Any) -> None:
    from django.core import mail

    url = reverse("outreach:event_signup", args=[event_a.uid])
    assert client.get(url).status_code == 404  # not open to self-registration
    event_a.public_registration = True
    event_a.capacity = 1
    event_a.save()
    data = {"name": "Dr Ana Costa", "email": "ana@nhs.example", "organisation": "Trent NHS",
            "agree": "on"}
    assert "You are registered" in client.post(url, data).content.decode()
    assert mail.outbox[-1].to == ["ana@nhs.example"]
    again = client.post(url, {**data, "email": "ANA@nhs.example"})
    assert "ANA@nhs.example is already registered" in again.content.decode()
    html = client.post(url, {**data, "name": "Sam", "email": "sam@example.org"}
                       ).content.decode()
    assert "you are on the waiting list" in html
    first = Registration.objects.get(contact_email="ana@nhs.example")
    assert first.self_registered and first.organisation_name == "Trent NHS"
    with django_capture_on_commit_callbacks(execute=True):
        actions.set_attendance(None, first, "cancelled")
    assert Registration.objects.get(contact_email="sam@example.org").status == "registered"
    assert mail.outbox[-1].to == ["sam@example.org"]
    assert "A place has come free" in mail.outbox[-1].subject


def test_events_filter_by_gatsby_benchmark(client: Any, world: Any, event_a: Any,
                                           event_b: Any) -> None:
    client.force_login(world.admin)
    html = client.get(reverse("outreach:event_list") + "?gatsby=7").content.decode()
    assert "Cleanroom careers day" in html and "Welsh STEM festival" not in html
