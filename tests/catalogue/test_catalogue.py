from __future__ import annotations

from typing import Any

from django.test import Client

from resilience.catalogue.entries import render_material
from tests.conftest import visible_text


def titles(response: Any) -> list[str]:
    return [e.meta.title for e in response.context["entries"]]


def test_the_first_five_minutes_filter_finds_the_gowning_scenario(client: Client,
                                                                   db: Any) -> None:
    response = client.get("/simulations/", {"audience": "ks4", "nation": "england",
                                             "q": "aseptic GCSE microbiology"})
    assert response.status_code == 200
    assert [t for t in titles(response) if "gowning" in t.lower()]
    assert not [t for t in titles(response) if "bioreactor" in t.lower()]


def test_filters_narrow_the_list_and_say_how_many(client: Client, db: Any) -> None:
    everything = titles(client.get("/simulations/"))
    assert len(everything) == 3
    post16_only = titles(client.get("/simulations/", {"audience": "ks3"}))
    assert post16_only == []
    page = client.get("/simulations/", {"audience": "ks3"}).content.decode()
    assert "0 of 3 simulations" in page and "No simulation matches these filters." in page
    by_standard = titles(client.get("/simulations/", {"standard": "ST1406"}))
    assert by_standard and set(by_standard) <= set(everything)


def test_a_scenario_page_shows_what_a_teacher_needs(client: Client, db: Any) -> None:
    page = client.get("/simulations/tablet-line/").content.decode()
    for words in ("minutes", "VR headset", "Screen reader and keyboard", "Comfort notes",
                  "Learner worksheet", "Faults a teacher can inject", "ST1406"):
        assert words in page, words
    assert client.get("/simulations/no-such-thing/").status_code == 404


def test_only_teachers_are_offered_a_live_session(client: Client, world: Any) -> None:
    assert "Start a live session" not in client.get("/simulations/tablet-line/").content.decode()
    client.force_login(world.teacher_a)
    page = visible_text(client.get("/simulations/tablet-line/").content.decode())
    assert "Start a live session" in page and "10A — School A" in page
    assert "11B" not in page  # another school's class is never offered


def test_teaching_material_is_rendered_and_sanitised(client: Client, db: Any) -> None:
    for slug in ("objectives", "teacher-guide", "worksheet"):
        response = client.get(f"/simulations/grade-b-gowning/{slug}/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "<h1>" in html or "<h2>" in html
        assert "<script" not in html.split('<article class="material">')[1]
    title, html = render_material("fed-batch-bioreactor", "worksheet")
    assert title == "Learner worksheet" and html
    assert client.get("/simulations/grade-b-gowning/answers/").status_code == 404


def test_material_prints_without_the_site_navigation(client: Client, db: Any) -> None:
    css = b"".join(client.get("/static/catalogue/catalogue.css").streaming_content)
    assert b"@media print" in css and b".site-header" in css
