from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse


def test_the_landing_page_explains_the_programme_to_a_visitor(client: Any, world: Any) -> None:
    response = client.get("/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Practise making medicines" in text
    assert 'href="/join/"' in text and 'href="/sign-in/"' in text
    # Counts organisations, never people.
    assert "schools and colleges taking part" in text


def test_navigation_follows_the_role(client: Any, world: Any) -> None:
    client.force_login(world.teacher_a)
    nav = client.get(reverse("core:home")).content.decode()
    assert 'href="/classes/"' in nav and 'href="/audit/"' not in nav
    assert 'href="/admin/"' not in nav
    client.force_login(world.admin)
    nav = client.get(reverse("core:home")).content.decode()
    assert 'href="/audit/"' in nav and 'href="/admin/"' in nav
    client.force_login(world.pupil_a)
    nav = client.get(reverse("core:home")).content.decode()
    assert 'href="/my-work/"' in nav and 'href="/classes/"' not in nav


def test_security_headers_are_sent(client: Any, world: Any) -> None:
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_forms_refuse_posts_without_a_csrf_token(world: Any) -> None:
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/sign-in/", {"email": "teacher.a@example.org", "password": "x"})
    assert response.status_code == 403
    strict.force_login(world.teacher_a)
    before = world.class_a.join_code
    strict.post(reverse("accounts:class_new_code", kwargs={"pk": world.class_a.pk}))
    world.class_a.refresh_from_db()
    assert world.class_a.join_code == before


def test_english_and_welsh_are_both_offered(client: Any, world: Any) -> None:
    page = client.get("/").content.decode()
    assert '<option value="en-gb" selected>English</option>' in page
    assert '<option value="cy">Cymraeg</option>' in page
    client.post("/i18n/setlang/", {"language": "cy", "next": "/"})
    welsh = client.get("/").content.decode()
    assert 'lang="cy"' in welsh
    assert "Neidio i&#x27;r prif gynnwys" in welsh or "Neidio i'r prif gynnwys" in welsh
    assert "Ymuno â dosbarth" in welsh


def test_interface_uses_british_english(client: Any, world: Any) -> None:
    from tests.conftest import visible_text

    page = visible_text(client.get("/").content.decode()).lower()
    for american in ("organization", "color", "program ", "enroll"):
        assert american not in page


def test_health_check_reports_the_database(client: Any, db: Any) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"


def test_unknown_pages_get_a_plain_not_found_page(client: Any, db: Any) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_the_landing_page_shows_rounded_headline_figures(client: Any, world: Any) -> None:
    from resilience.live.models import LiveSession, Participant

    session = LiveSession.objects.create(scenario_id="tablet-line", mode="open")
    for i in range(7):  # 7 finished runs → shown as 5, never as 7
        Participant.objects.create(session=session, name=f"L{i}", seed=i + 1,
                                   finished="2026-01-05T10:00:00Z")
    page = client.get("/").content.decode()
    assert "What the programme has done so far" in page
    assert "Figures are rounded to the nearest 5." in page
    figures = [line for line in page.splitlines() if "data-headline" in line]
    assert any(">5</span>" in line and "imulation" in line for line in figures), figures
    assert not any(">7</span>" in line for line in figures)
