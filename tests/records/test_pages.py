"""Teachers' class results and skills gap, partner and programme overviews, affiliate
members, the public competency framework — each scoped to what the person may see."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from resilience.records.results import record_result
from tests.conftest import make_adult, make_pupil
from tests.records.test_results import assessment

WHEN = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def run(user: Any, scenario: str, school_class: Any = None, **extra: Any) -> None:
    record_result(user, scenario, assessment(**extra), session_id=None,
                  school_class=school_class, started=WHEN, ended=WHEN + timedelta(minutes=10))


def _row(page: str, name: str) -> str:
    match = re.search(rf"<tr><th scope=\"row\">{name}</th>(.*?)</tr>", page, re.S)
    assert match, f"no row for {name}"
    return match.group(1)


def test_a_teacher_sees_their_class_results(client: Any, world: Any) -> None:
    run(world.pupil_a, "tablet-line", world.class_a)
    run(world.pupil_a, "tablet-line", world.class_a, score=55, passed=False)
    client.force_login(world.teacher_a)
    page = client.get(f"/records/classes/{world.class_a.pk}/").content.decode()
    assert "best 85%, passed 1 of 2" in _row(page, "Nova")


def test_the_skills_gap_is_a_table_with_words_in_every_cell(client: Any, world: Any) -> None:
    make_pupil(world.class_a, "Pulsar")
    for _i in range(3):
        run(world.pupil_a, "grade-b-gowning", world.class_a)
    client.force_login(world.teacher_a)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/records/classes/{world.class_a.pk}/skills/").content.decode()
    nova, pulsar = _row(page, "Nova"), _row(page, "Pulsar")
    assert "Secure <span class=\"count\">(3/3)</span>" in nova  # gowning, three passes
    assert "Practising" in nova  # aseptic technique: the speed criterion failed
    cells = re.findall(r"<td class=\"level level-[a-z-]+\">([^<]+)", pulsar)
    assert cells and all(c.strip() == "Not yet" for c in cells)
    assert "Practise next" in page and "try" in nova
    assert len(queries) < 20  # one grouped query for the evidence, not one per person


def test_other_applications_statements_count_as_evidence(client: Any, world: Any,
                                                         make_lrs: Any) -> None:
    lrs = make_lrs(["statements/write"])
    lrs.post("statements", {
        "actor": {"objectType": "Agent", "mbox": f"mailto:{world.teacher_a.email}"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/passed"},
        "object": {"id": "http://partner.example/ai-quiz"},
        "result": {"success": True},
        "context": {"contextActivities": {"category": [
            {"id": "https://w3id.org/xapi/resilience/competencies/ai-literacy"}]}}})
    client.force_login(world.teacher_a)
    page = client.get("/progress/").content.decode()
    assert re.search(r"AI literacy</th>\s*<td class=\"level level-demonstrated\">", page)


def test_partners_see_their_own_schools_and_admins_see_all(client: Any, world: Any) -> None:
    run(world.pupil_a, "tablet-line", world.class_a)
    run(world.pupil_b, "grade-b-gowning", world.class_b)
    client.force_login(world.partner_a)
    page = client.get("/records/overview/").content.decode()
    assert "School A" in page and "School B" not in page
    client.force_login(world.admin)
    page = client.get("/records/overview/").content.decode()
    assert "School A" in page and "School B" in page
    assert re.search(r'id="total-runs">2<', page)


def test_an_affiliate_admin_sees_their_members(client: Any, world: Any) -> None:
    member = make_adult("member@affiliate.example", world.affiliate_org, "learner")
    run(member, "fed-batch-bioreactor")
    client.force_login(world.affiliate)
    page = client.get("/records/members/").content.decode()
    assert "Member" in page and "Demonstrated" in page
    assert "Nova" not in page


def test_the_competency_framework_is_public_and_mapped(client: Any, db: Any) -> None:
    page = client.get("/competencies/").content.decode()
    for words in ("Aseptic technique", "GMP documentation and data integrity", "AI literacy",
                  "ST1406 v1.0 (level 3)", "environmental sustainability", "gcse-at AT4"):
        assert words in page, words


def test_partners_see_a_schools_levels_as_counts_without_names(client: Any,
                                                               world: Any) -> None:
    run(world.pupil_a, "grade-b-gowning", world.class_a)
    client.force_login(world.partner_a)
    page = client.get(f"/records/organisations/{world.school_a.pk}/skills/").content.decode()
    assert "Nova" not in page and "1 learner." in page
    assert re.search(r"Gowning</th><td>1 / 1</td>", page)
    client.force_login(world.partner_b)
    assert client.get(f"/records/organisations/{world.school_a.pk}/skills/"
                      ).status_code == 404


def test_another_organisations_key_cannot_give_a_learner_evidence(client: Any, world: Any,
                                                                  make_lrs: Any) -> None:
    claim = {
        "actor": {"objectType": "Agent", "mbox": f"mailto:{world.teacher_a.email}"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/passed"},
        "object": {"id": "http://partner.example/ai-quiz"}, "result": {"success": True},
        "context": {"contextActivities": {"category": [
            {"id": "https://w3id.org/xapi/resilience/competencies/ai-literacy"}]}}}
    make_lrs(["statements/write"], org=world.school_b).post("statements", claim)
    client.force_login(world.teacher_a)
    page = client.get("/progress/").content.decode()
    assert re.search(r"AI literacy</th>\s*<td class=\"level level-not-yet\">", page)
    make_lrs(["statements/write"], org=world.school_a).post("statements", claim)
    page = client.get("/progress/").content.decode()
    assert re.search(r"AI literacy</th>\s*<td class=\"level level-demonstrated\">", page)


def test_a_statement_about_a_learner_is_not_their_evidence(client: Any, world: Any,
                                                          make_lrs: Any) -> None:
    """Progress counts what a person did (they are the actor), not what others said about
    them (an agent as the object)."""
    make_lrs(["statements/write"]).post("statements", {
        "actor": {"objectType": "Agent", "mbox": "mailto:assessor@partner.example"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/passed"},
        "object": {"objectType": "Agent", "mbox": f"mailto:{world.teacher_a.email}"},
        "result": {"success": True},
        "context": {"contextActivities": {"category": [
            {"id": "https://w3id.org/xapi/resilience/competencies/ai-literacy"}]}}})
    client.force_login(world.teacher_a)
    page = client.get("/progress/").content.decode()
    assert re.search(r"AI literacy</th>\s*<td class=\"level level-not-yet\">", page)
