"""Catalogue entries: the scenarios' own metadata and teaching material, for the web.

Scenarios are Python (``resilience.sim``); the catalogue reads them and never copies them
into the database, so a new scenario appears as soon as it is registered.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import markdown
import nh3

from resilience.sim.engine import Scenario
from resilience.sim.registry import UnknownScenarioError, all_scenarios, get_scenario

AUDIENCE_LABELS = {
    "ks3": "Key stage 3 (11–14)", "ks4": "Key stage 4 (14–16)", "post-16": "Post-16",
    "he": "Higher education", "nhs": "NHS trainees", "industry": "Industry staff",
}
DEVICE_LABELS = {"vr": "VR headset", "desktop": "Laptop or Chromebook", "touch": "Tablet or phone",
                 "screen-reader": "Screen reader and keyboard"}
FRAMEWORK_LABELS = {
    "gcse-biology-rp": "England: GCSE biology required practical",
    "gcse-chemistry-rp": "England: GCSE chemistry required practical",
    "gcse-at": "England: GCSE apparatus and techniques",
    "a-level-cpac": "England: A level CPAC", "t-level-science": "England: T Level Science",
    "btec-applied-science": "BTEC Applied Science",
    "cfe": "Scotland: Curriculum for Excellence", "wales-sci-tech": "Wales: Science and Technology",
    "ni-ks3-sci-tech": "Northern Ireland: KS3 Science and Technology",
}
FRAMEWORK_NATION = {
    "gcse-biology-rp": "england", "gcse-chemistry-rp": "england", "gcse-at": "england",
    "a-level-cpac": "england", "t-level-science": "england", "btec-applied-science": "england",
    "cfe": "scotland", "wales-sci-tech": "wales", "ni-ks3-sci-tech": "northern_ireland",
}
MATERIALS = {
    "objectives": ("objectives.md", "Learning objectives"),
    "teacher-guide": ("teacher_guide.md", "Teacher's guide"),
    "worksheet": ("worksheet.md", "Learner worksheet"),
}
_ALLOWED_TAGS = {"h1", "h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "code", "pre",
                 "blockquote", "table", "thead", "tbody", "tr", "th", "td", "hr", "br", "a",
                 "sup", "sub"}


@dataclass(frozen=True)
class Entry:
    scenario: Scenario[Any]

    @property
    def meta(self) -> Any:
        return self.scenario.meta

    @property
    def id(self) -> str:
        return str(self.meta.id)

    @property
    def audiences(self) -> list[str]:
        return [AUDIENCE_LABELS.get(a, a) for a in self.meta.audiences]

    @property
    def devices(self) -> list[str]:
        return [DEVICE_LABELS.get(d, d) for d in self.meta.devices]

    @property
    def curriculum(self) -> list[dict[str, str]]:
        return [{"framework": FRAMEWORK_LABELS.get(c.framework, c.framework), "code": c.code,
                 "title": c.title} for c in self.meta.curriculum]

    def materials(self) -> list[tuple[str, str]]:
        return [(slug, title) for slug, (name, title) in MATERIALS.items()
                if _material_text(self.scenario, name) is not None]

    def matches(self, audience: str, area: str, nation: str, standard: str, query: str) -> bool:
        meta = self.meta
        if audience and audience not in meta.audiences:
            return False
        if area and area not in meta.priority_areas:
            return False
        if nation and nation not in {FRAMEWORK_NATION.get(c.framework) for c in meta.curriculum}:
            return False
        if standard and standard not in {a.code for a in meta.apprenticeships}:
            return False
        if query:
            haystack = " ".join([
                meta.title, meta.summary, *meta.competencies,
                *(f"{FRAMEWORK_LABELS.get(c.framework, c.framework)} {c.code} {c.title}"
                  for c in meta.curriculum),
                *(f"{a.code} {a.title}" for a in meta.apprenticeships),
            ]).lower()
            return all(word in haystack for word in query.lower().split())
        return True


def entries() -> list[Entry]:
    return [Entry(s) for s in all_scenarios()]


def get_entry(scenario_id: str) -> Entry | None:
    try:
        return Entry(get_scenario(scenario_id))
    except UnknownScenarioError:
        return None


def _material_text(scenario: Scenario[Any], filename: str) -> str | None:
    package = type(scenario).__module__.rpartition(".")[0]
    try:
        resource = resources.files(package).joinpath(filename)
        return resource.read_text(encoding="utf-8") if resource.is_file() else None
    except (ModuleNotFoundError, FileNotFoundError):
        return None


@cache
def render_material(scenario_id: str, slug: str) -> tuple[str, str] | None:
    """Return (title, safe HTML) of a scenario's teaching material, or None."""
    entry = get_entry(scenario_id)
    if entry is None or slug not in MATERIALS:
        return None
    filename, title = MATERIALS[slug]
    text = _material_text(entry.scenario, filename)
    if text is None:
        return None
    html = markdown.markdown(text, extensions=["tables", "sane_lists"])
    return title, nh3.clean(html, tags=_ALLOWED_TAGS)
