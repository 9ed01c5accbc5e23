"""The competency framework: what a learner can show, and where it counts.

Each competency is mapped to the programme's four priority areas, to apprenticeship
standards (England, Institute for Apprenticeships and Technical Education: the standard's
code, version and level, and the duty or knowledge/skill area of the standard it serves)
and to curriculum tags (the same scheme/code pairs the catalogue uses), and names the
scenarios that give evidence for it — which is also what the skills-gap view suggests to
practise next.

The apprenticeship references name the standard and the area of it; check the exact KSB
numbers against the published standard before using a mapping as end-point-assessment
evidence (see docs/xapi-profile.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

PRIORITY_AREAS = ("digital technology", "artificial intelligence", "data analysis",
                  "environmental sustainability")


@dataclass(frozen=True)
class StandardRef:
    code: str  # ST1406
    version: str
    level: int
    area: str  # the duty / KSB area of the standard, in words

    def __str__(self) -> str:
        return f"{self.code} v{self.version} (level {self.level}): {self.area}"


@dataclass(frozen=True)
class Competency:
    slug: str
    title: object
    summary: object
    priority_areas: tuple[str, ...]
    standards: tuple[StandardRef, ...] = ()
    curriculum: tuple[tuple[str, str], ...] = ()  # (scheme, code)
    scenarios: tuple[str, ...] = ()  # scenario ids that give evidence
    practice: object = ""  # what to practise next, in words
    extra: dict[str, str] = field(default_factory=dict)


ST1406 = ("ST1406", "1.0", 3)
ST0422 = ("ST0422", "1.0", 2)
ST0248 = ("ST0248", "1.0", 3)


def _std(ref: tuple[str, str, int], area: str) -> StandardRef:
    return StandardRef(ref[0], ref[1], ref[2], area)


FRAMEWORK: tuple[Competency, ...] = (
    Competency(
        "aseptic-technique", _("Aseptic technique"),
        _("Works so that product and samples are not contaminated: first air, slow "
          "deliberate movement, disinfection, glove and sleeve practice."),
        ("digital technology",),
        (_std(ST1406, "aseptic pharmaceuticals option: aseptic processing in a grade A/B "
               "environment"),
         _std(ST0422, "work safely in a controlled environment")),
        (("gcse-biology-rp", "microbiology"), ("gcse-at", "AT4"), ("cfe", "SCN 4-13c")),
        ("grade-b-gowning",),
        _("Run the grade B gowning scenario and keep movement slow at the grade A cabinet."),
    ),
    Competency(
        "gowning", _("Gowning"),
        _("Puts on cleanroom garments in the right order without touching outer surfaces, "
          "and checks the result."),
        ("digital technology",),
        (_std(ST1406, "aseptic pharmaceuticals option: cleanroom behaviours and gowning"),
         _std(ST0422, "follow gowning procedures for controlled areas")),
        (("gcse-biology-rp", "microbiology"), ("t-level-science", "core")),
        ("grade-b-gowning",),
        _("Gown up again in the Annex 1 order; check the mirror step before entry."),
    ),
    Competency(
        "gmp-documentation", _("GMP documentation and data integrity"),
        _("Records what was done when it was done, attributable and accurate (ALCOA+); "
          "raises deviations."),
        ("data analysis", "digital technology"),
        (_std(ST1406, "core: complete records and documentation to GMP"),
         _std(ST0422, "complete batch records accurately"),
         _std(ST0248, "record and report results")),
        (("a-level-cpac", "CPAC 4"), ("btec-applied-science", "quality")),
        ("tablet-line",),
        _("In the tablet line, record each in-process check as you make it."),
    ),
    Competency(
        "process-control", _("Process control"),
        _("Keeps a process within its operating limits, reads control charts and acts on "
          "drift before it becomes a failure."),
        ("digital technology", "data analysis"),
        (_std(ST1406, "core: run and monitor the process to operational parameters"),
         _std(ST0422, "operate and monitor process equipment")),
        (("a-level-cpac", "CPAC 2"), ("t-level-science", "core")),
        ("tablet-line", "fed-batch-bioreactor"),
        _("Run the tablet line and correct tablet weight from the X̄–R chart."),
    ),
    Competency(
        "quality-testing", _("Quality testing"),
        _("Samples and tests to a specification and decides whether a batch can be "
          "released."),
        ("data analysis",),
        (_std(ST1406, "core: conduct quality assurance, resolve or escalate issues"),
         _std(ST0248, "carry out tests and analyses to standard procedures")),
        (("btec-applied-science", "quality"), ("gcse-chemistry-rp", "rates")),
        ("tablet-line", "fed-batch-bioreactor"),
        _("Finish a tablet-line batch and read the release tests' reasons."),
    ),
    Competency(
        "bioprocess-operation", _("Bioprocess operation"),
        _("Runs a cell culture: feeding, dissolved oxygen, pH and temperature, harvest and "
          "capture."),
        ("digital technology", "environmental sustainability"),
        (_std(ST1406, "biotechnology option: operate upstream and downstream bioprocesses"),),
        (("btec-applied-science", "biotech"), ("cfe", "SCN 4-13c")),
        ("fed-batch-bioreactor",),
        _("Run the fed-batch bioreactor and hold dissolved oxygen above its set point."),
    ),
    Competency(
        "data-analysis", _("Data analysis"),
        _("Reads trends, charts and counts, and draws a justified conclusion from data."),
        ("data analysis",),
        (_std(ST1406, "core: interpret process data"),
         _std(ST0248, "analyse and interpret data")),
        (("a-level-cpac", "CPAC 4"), ("t-level-science", "core")),
        ("tablet-line", "grade-b-gowning", "fed-batch-bioreactor"),
        _("Use the particle-count trace or the control chart to explain one decision."),
    ),
    Competency(
        "environmental-monitoring", _("Environmental monitoring"),
        _("Reads particle counts, settle plates and glove prints against grade limits and "
          "knows what an excursion means."),
        ("data analysis",),
        (_std(ST1406, "aseptic pharmaceuticals option: environmental monitoring of clean "
               "areas"),),
        (("gcse-biology-rp", "microbiology"),),
        ("grade-b-gowning",),
        _("Watch the particle counter in the gowning scenario and keep it under the limit."),
    ),
    Competency(
        "deviation-handling", _("Deviation handling"),
        _("Notices when something goes wrong, acts safely and reports it as a deviation."),
        ("data analysis", "digital technology"),
        (_std(ST1406, "core: resolve or escalate issues"),
         _std(ST0422, "report and respond to process deviations")),
        (("a-level-cpac", "CPAC 3"),),
        ("tablet-line", "grade-b-gowning", "fed-batch-bioreactor"),
        _("Ask your teacher to inject a fault and report it before the batch ends."),
    ),
    Competency(
        "ai-literacy", _("AI literacy"),
        _("Knows what a model's prediction rests on, when to trust it and when to check it."),
        ("artificial intelligence",),
        (_std(ST1406, "core: use digital and automated systems in manufacturing"),),
        (("t-level-science", "core"),),
        (),
        _("No scenario gives evidence yet: statements from partner applications tagged with "
          "this competency count."),
    ),
    Competency(
        "sustainability", _("Sustainability"),
        _("Weighs energy, water, waste and carbon in a manufacturing decision."),
        ("environmental sustainability",),
        (_std(ST1406, "core: work sustainably, minimise waste and energy use"),
         _std(ST0422, "work in a way that minimises environmental impact")),
        (("cfe", "SCN 4-20a"),),
        ("fed-batch-bioreactor",),
        _("Run the bioreactor and compare the batch's yield with its energy use."),
    ),
)

BY_SLUG: dict[str, Competency] = {c.slug: c for c in FRAMEWORK}
SLUGS: tuple[str, ...] = tuple(BY_SLUG)


def get(slug: str) -> Competency | None:
    return BY_SLUG.get(slug)
