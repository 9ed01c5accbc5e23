"""Competency evidence and progress, read from the statement store.

Evidence is any statement whose actor is the person and which is tagged with a competency
activity (``contextActivities.category`` holding a competency IRI from our vocabulary) —
ours, written by :func:`record_result`, and any other application's that uses the same
IRIs (see docs/integrators.md). Each query is one grouped SQL query for a whole cohort.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import F

from resilience.accounts.models import Membership
from resilience.records import competencies as framework
from resilience.records.models import StatementTerm
from resilience.records.xapi.http import PEOPLE_HOME_PAGE

NOT_YET, PRACTISING, DEMONSTRATED, SECURE = "not-yet", "practising", "demonstrated", "secure"
LEVEL_ORDER = {NOT_YET: 0, PRACTISING: 1, DEMONSTRATED: 2, SECURE: 3}
LEVEL_LABELS = {NOT_YET: "Not yet", PRACTISING: "Practising", DEMONSTRATED: "Demonstrated",
                SECURE: "Secure"}


@dataclass
class Evidence:
    attempts: int = 0
    successes: int = 0
    last: datetime | None = None

    @property
    def level(self) -> str:
        """Secure: shown 3 times or more; demonstrated: at least once; practising: tried."""
        if self.successes >= 3:
            return SECURE
        if self.successes >= 1:
            return DEMONSTRATED
        if self.attempts:
            return PRACTISING
        return NOT_YET

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self.level]


def agent_keys(user: Any) -> list[str]:
    """The agent keys under which statements about ``user`` may be stored."""
    keys = [f"account:{PEOPLE_HOME_PAGE}|{user.pk}"]
    if getattr(user, "email", ""):
        keys.append(f"mbox:mailto:{user.email}")
    return keys


def evidence_for(users: Iterable[Any]) -> dict[int, dict[str, Evidence]]:
    """Per user id, per competency slug: attempts, successes and the latest date."""
    users = list(users)
    key_to_user: dict[str, int] = {}
    for user in users:
        for key in agent_keys(user):
            key_to_user[key] = user.pk
    out: dict[int, dict[str, Evidence]] = {u.pk: {} for u in users}
    if not key_to_user:
        return out
    # Evidence counts from the platform, programme-wide keys and the person's own session
    # (no organisation), or from keys of an organisation the person belongs to — not from
    # another organisation's key naming them.
    orgs: dict[int, set[int]] = defaultdict(set)
    for uid, org in Membership.objects.filter(
            user_id__in=[u.pk for u in users]).values_list("user_id", "organisation_id"):
        orgs[uid].add(org)
    known = set(framework.SLUGS)
    # One query for the whole cohort, through each person's AGENT lookup rows (an index
    # range per key); the actor check leaves out statements that name them as the object.
    rows = (StatementTerm.objects
            .filter(kind=StatementTerm.AGENT, value__in=list(key_to_user),
                    statement__actor_key=F("value"), statement__voided=False)
            .exclude(statement__competencies="")
            .values_list("value", "statement__organisation_id", "statement__success",
                         "stored", "statement__competencies"))
    for actor, org, success, stored, slugs in rows.iterator(chunk_size=5000):
        uid = key_to_user[actor]
        if org is not None and org not in orgs[uid]:
            continue
        for slug in slugs.split():
            if slug not in known:
                continue
            ev = out[uid].setdefault(slug, Evidence())
            ev.attempts += 1
            ev.successes += success is True
            if ev.last is None or stored > ev.last:
                ev.last = stored
    return out


def practise_next(evidence: dict[str, Evidence], limit: int = 2) -> list[framework.Competency]:
    """The weakest competencies that a scenario can give evidence for, weakest first."""
    ranked = sorted(
        (c for c in framework.FRAMEWORK if c.scenarios),
        key=lambda c: (LEVEL_ORDER[evidence.get(c.slug, Evidence()).level],
                       -evidence.get(c.slug, Evidence()).attempts),
    )
    return [c for c in ranked
            if evidence.get(c.slug, Evidence()).level != SECURE][:limit]


@dataclass
class Cell:
    competency: framework.Competency
    evidence: Evidence


@dataclass
class Row:
    person: str
    user_id: int
    cells: list[Cell]
    next_steps: list[framework.Competency]
    suggestions: list[tuple[Any, str]] | None = None


def heat_map(people: list[tuple[Any, str]], titles: dict[str, str] | None = None) -> list[Row]:
    """Rows of (display name, cells in framework order, what to practise next)."""
    evidence = evidence_for(user for user, _name in people)
    rows = []
    for user, name in people:
        ev = evidence.get(user.pk, {})
        steps = practise_next(ev)
        suggestions = [(c.title, (titles or {}).get(c.scenarios[0], c.scenarios[0]))
                       for c in steps]
        rows.append(Row(name, user.pk,
                        [Cell(c, ev.get(c.slug, Evidence())) for c in framework.FRAMEWORK],
                        steps, suggestions))
    return rows


def cohort_summary(rows: list[Row]) -> list[dict[str, Any]]:
    """Per competency: how many people reached each level."""
    summary = []
    for i, comp in enumerate(framework.FRAMEWORK):
        counts = dict.fromkeys(LEVEL_ORDER, 0)
        for row in rows:
            counts[row.cells[i].evidence.level] += 1
        summary.append({"competency": comp, "counts": counts, "not_yet": counts[NOT_YET],
                        "practising": counts[PRACTISING],
                        "shown": counts[DEMONSTRATED] + counts[SECURE], "total": len(rows)})
    return summary
