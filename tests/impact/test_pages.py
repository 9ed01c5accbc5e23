"""Every impact page and export: ED&I figures only ever appear rounded and suppressed."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.urls import reverse

from tests.impact.conftest import RAW_TOTAL

EDI_CELL = re.compile(r'data-edi="(count|percent)">([^<]*)<')


def _check_cell(kind: str, text: str) -> None:
    if text in ("", ".."):
        return
    if kind == "count":
        assert int(text.replace(",", "")) % 5 == 0, f"unrounded count {text!r}"
    else:
        assert re.fullmatch(r"\d+%", text), f"odd percentage {text!r}"


PAGES = [("impact:public", None), ("impact:edi_report", "admin"),
         ("impact:edi_report", "partner_a"), ("impact:dashboard", "admin"),
         ("impact:carbon", "admin"), ("impact:targets", "admin")]


@pytest.mark.parametrize(("name", "persona"), PAGES)
def test_no_edi_figure_appears_unrounded(client: Any, world: Any, answers: None,
                                         name: str, persona: str | None) -> None:
    if persona:
        client.force_login(world.persona(persona))
    page = client.get(reverse(name))
    assert page.status_code == 200
    html = page.content.decode()
    cells = EDI_CELL.findall(html)
    for kind, text in cells:
        _check_cell(kind, text)
    if name in ("impact:public", "impact:edi_report"):
        assert cells, "the page shows ED&I figures"


def test_the_report_shows_what_was_worked_out_by_hand(client: Any, world: Any,
                                                      answers: None) -> None:
    client.force_login(world.admin)
    html = client.get(reverse("impact:edi_report")).content.decode()
    table = html[html.index("harmonised five groups"):]
    table = table[:table.index("</table>")]
    cells = EDI_CELL.findall(table)
    # White 13 → 15, 50% of 26 (denominator 25); Asian 7 → 5, 27%; Black 2 → 0, "..";
    # Other 1 → 0, ".."; Mixed 0 → 0, ".." too (0, 1 and 2 look the same);
    # prefer not to say 3 → 5, 12% (3/26 = 11.5%).
    # Total 26 → 25 (rounded from unrounded data), 100%.
    values = [text for _kind, text in cells]
    assert str(RAW_TOTAL) not in values
    assert values == ["15", "50%", "25", "0", "..", "25", "5", "27%", "25", "0", "..", "25",
                      "0", "..", "25", "5", "12%", "25", "25", "100%", "25"]


def test_partner_staff_see_only_their_partners_answers(client: Any, world: Any,
                                                       answers: None) -> None:
    client.force_login(world.partner_a)
    html = client.get(reverse("impact:edi_report")).content.decode()
    # 13 of the 26 answers are linked to partner A: fewer than 22.5 people, so every
    # percentage is suppressed; the total 13 shows as 15.
    table = html[html.index("harmonised five groups"):]
    table = table[:table.index("</table>")]
    percents = [t for k, t in EDI_CELL.findall(table) if k == "percent"]
    assert set(percents) == {".."}
    assert 'data-edi="count">15<' in table


def test_the_csv_export_is_rounded_too(client: Any, world: Any, answers: None) -> None:
    client.force_login(world.admin)
    body = client.get(reverse("impact:edi_report_csv")).content.decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows
    for row in rows:
        _check_cell("count", row["count_rounded"])
        _check_cell("count", row["denominator_rounded"])
        _check_cell("percent", row["percent"])
    assert {row["count_rounded"] for row in rows} <= {"0", "5", "10", "15", "20", "25"}


def test_public_headline_figures_are_rounded(client: Any, world: Any) -> None:
    html = client.get(reverse("impact:public")).content.decode()
    figures = re.findall(r'data-headline>([^<]*)<', html)
    assert figures
    for text in figures:
        assert int(text.replace(",", "")) % 5 == 0
    # 6 organisations in the world fixture, 2 of them schools → 0 shown (1–2 → 0).
    assert "Institutions connected" in html


def test_the_carbon_page_compares_and_states_its_method(client: Any, world: Any) -> None:
    client.force_login(world.admin)
    html = client.get(reverse("impact:carbon"), {
        "factor_set": "desnz-2025", "learners": 30, "headsets": 10, "staff_km": 40,
        "staff_mode": "car_average", "learner_km": 60, "learner_mode": "coach",
        "gowns_each": 1, "gloves_each": 2, "gown_kg": "0.9", "glove_pair_kg": "0.05",
        "car_occupancy": "1"}).content.decode()
    # VR 6.7779885, in person 79.968 (see test_carbon): saving 73.19 kg CO2e.
    assert "saves about 73.19 kg CO2e" in html
    assert "0.17700 kg CO2e per kWh (DESNZ 2025)" in html
    assert "assumption" in html
    bad = client.get(reverse("impact:carbon"), {"learners": "-3"}).content.decode()
    assert "There is a problem" in bad


def test_the_headline_tag_renders_rounded_figures_anywhere(world: Any) -> None:
    from django.template import Context, Template

    html = Template("{% load impact_tags %}{% impact_headlines %}").render(Context({}))
    figures = re.findall(r'data-headline>([^<]*)<', html)
    assert figures and all(int(f.replace(",", "")) % 5 == 0 for f in figures)


@pytest.mark.parametrize(("persona", "sees_impact"), [
    ("admin", True), ("partner_a", True), ("teacher_a", False), ("pupil_a", False)])
def test_the_impact_link_is_in_staff_navigation_only(client: Any, world: Any, persona: str,
                                                     sees_impact: bool) -> None:
    client.force_login(world.persona(persona))
    html = client.get(reverse("core:home")).content.decode()
    assert (f'href="{reverse("impact:dashboard")}"' in html) is sees_impact
    assert f'href="{reverse("impact:my_answers")}"' in html
