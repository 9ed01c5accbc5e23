"""Scenario contract, sessions, the event log and assessments.

A scenario is a class (see :class:`Scenario`) that holds no per-learner data: all of a
learner's state lives in a state object returned by :meth:`Scenario.start`, including the
seeded random number generator, so that the same seed and the same inputs always give the
same outcome, headless or live. A :class:`Session` runs one scenario for one learner,
records every input in an append-only log, and turns scenes into full descriptions and
compact patches for the wire.

Inputs are of four kinds, and only these change a session:

* ``tick`` — simulation time advances by ``dt`` [s];
* ``action`` — the learner acts on a scene node (:class:`Action`);
* ``pose`` — the learner's head and hands moved (:class:`Pose`);
* ``fault`` — an instructor (or a script) injects one of the scenario's declared faults.

:meth:`Session.replay` rebuilds a session from its log, exactly.
"""

from __future__ import annotations

import abc
import json
import math
import random
from array import array
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Final, Generic, Literal, TypeAlias, TypeVar

from resilience.sim.scene import (
    PROTOCOL_VERSION,
    JSONDict,
    Node,
    Scene,
    diff_nodes,
    quantise,
)

__all__ = [
    "AUDIENCES",
    "PRIORITY_AREAS",
    "Action",
    "ActionError",
    "ApprenticeshipTag",
    "Assessment",
    "BaseState",
    "Criterion",
    "CurriculumTag",
    "Event",
    "FaultSpec",
    "ParamError",
    "ParamSpec",
    "Pose",
    "Scenario",
    "ScenarioMeta",
    "Session",
    "SimError",
    "validate_action",
    "validate_params",
]

PRIORITY_AREAS: Final = frozenset(
    {
        "digital technology",
        "artificial intelligence",
        "data analysis",
        "environmental sustainability",
    }
)
"""The programme's four priority areas."""

AUDIENCES: Final = frozenset({"ks3", "ks4", "post-16", "he", "nhs", "industry"})
"""Audience slugs: school key stages 3 and 4, post-16 (A level, T Level, BTEC, Highers),
higher education, NHS aseptic and pharmacy trainees, industry staff."""

ParamValue: TypeAlias = float | int | bool | str


class SimError(ValueError):
    """Bad input to the simulation library; the message names the field and valid range."""


class ParamError(SimError):
    """A scenario parameter is unknown, of the wrong type or out of range."""


class ActionError(SimError):
    """A learner action names an unknown node or verb, or a value out of range."""


# ---------------------------------------------------------------------------------------
# Metadata
# ---------------------------------------------------------------------------------------


def _fmt(x: float) -> str:
    return f"{x:g}"


@dataclass(frozen=True, slots=True)
class ParamSpec:
    """Declaration of one scenario parameter.

    Parameters
    ----------
    name : str
        Parameter name (snake case, unit suffix where it has one: ``force_kn``).
    kind : {"float", "int", "bool", "choice"}
        Type of the value.
    default : float, int, bool or str
        Value used when the parameter is not given.
    min, max : float, optional
        Inclusive range for numbers [``unit``].
    unit : str
        Unit of the value (SI or the unit used on the shop floor, e.g. ``"kN"``).
    description : str
        One sentence for teachers.
    choices : tuple of str
        Allowed values when ``kind == "choice"``.
    """

    name: str
    kind: Literal["float", "int", "bool", "choice"]
    default: ParamValue
    min: float | None = None
    max: float | None = None
    unit: str = ""
    description: str = ""
    choices: tuple[str, ...] = ()

    def range_text(self) -> str:
        """Return the valid range in words, e.g. ``"between 6.5 and 7.6"``."""
        unit = f" {self.unit}" if self.unit else ""
        if self.kind == "choice":
            return "one of " + ", ".join(self.choices)
        if self.kind == "bool":
            return "true or false"
        if self.min is not None and self.max is not None:
            return f"between {_fmt(self.min)} and {_fmt(self.max)}{unit}"
        if self.min is not None:
            return f"at least {_fmt(self.min)}{unit}"
        if self.max is not None:
            return f"at most {_fmt(self.max)}{unit}"
        return "a number"

    def validate(self, value: object) -> ParamValue:
        """Return ``value`` converted to this parameter's type.

        Raises
        ------
        ParamError
            With a message such as ``"ph must be between 6.5 and 7.6, got 15"``.
        """
        if self.kind == "bool":
            if isinstance(value, bool):
                return value
            raise ParamError(f"{self.name} must be true or false, got {value!r}")
        if self.kind == "choice":
            if isinstance(value, str) and value in self.choices:
                return value
            raise ParamError(f"{self.name} must be {self.range_text()}, got {value!r}")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ParamError(f"{self.name} must be a number {self.range_text()}, got {value!r}")
        if not math.isfinite(value):
            raise ParamError(f"{self.name} must be {self.range_text()}, got {value!r}")
        if self.kind == "int" and value != int(value):
            raise ParamError(f"{self.name} must be a whole number, got {value!r}")
        if (self.min is not None and value < self.min) or (
            self.max is not None and value > self.max
        ):
            raise ParamError(f"{self.name} must be {self.range_text()}, got {_fmt(value)}")
        return int(value) if self.kind == "int" else float(value)

    def to_json(self) -> JSONDict:
        """Return the spec as a plain dict."""
        d: JSONDict = {
            "name": self.name,
            "kind": self.kind,
            "default": self.default,
            "unit": self.unit,
            "description": self.description,
        }
        if self.min is not None:
            d["min"] = self.min
        if self.max is not None:
            d["max"] = self.max
        if self.choices:
            d["choices"] = list(self.choices)
        return d


def validate_params(
    specs: Sequence[ParamSpec], params: Mapping[str, object] | None
) -> dict[str, ParamValue]:
    """Validate ``params`` against ``specs`` and fill in defaults.

    Raises
    ------
    ParamError
        For an unknown name (the message lists the valid names) or a bad value.
    """
    by_name = {s.name: s for s in specs}
    given = dict(params or {})
    for name in given:
        if name not in by_name:
            valid = ", ".join(sorted(by_name)) or "none"
            raise ParamError(f"unknown parameter {name!r}; valid parameters: {valid}")
    return {s.name: s.validate(given[s.name]) if s.name in given else s.default for s in specs}


@dataclass(frozen=True, slots=True)
class FaultSpec:
    """A fault an instructor can inject.

    Parameters
    ----------
    id : str
        Stable slug (e.g. ``"hvac-air-change-loss"``).
    title : str
        Short title for the instructor's menu.
    description : str
        What happens, what the learner should notice and what they should do.
    """

    id: str
    title: str
    description: str

    def to_json(self) -> JSONDict:
        """Return the spec as a plain dict."""
        return {"id": self.id, "title": self.title, "description": self.description}


@dataclass(frozen=True, slots=True)
class CurriculumTag:
    """A curriculum reference, e.g. ``CurriculumTag("gcse-biology-rp", "RP2", "…")``.

    ``framework`` is one of ``gcse-biology-rp``, ``gcse-chemistry-rp``, ``gcse-at``,
    ``a-level-cpac``, ``t-level-science``, ``btec-applied-science``, ``cfe`` (Scotland,
    codes ``SCN 4-..``), ``wales-sci-tech``, ``ni-ks3-sci-tech``.
    """

    framework: str
    code: str
    title: str

    def to_json(self) -> JSONDict:
        """Return the tag as a plain dict."""
        return {"framework": self.framework, "code": self.code, "title": self.title}


@dataclass(frozen=True, slots=True)
class ApprenticeshipTag:
    """An apprenticeship standard (England) with its version, e.g. ST1406 v1.0."""

    code: str
    version: str
    title: str
    level: int

    def to_json(self) -> JSONDict:
        """Return the tag as a plain dict."""
        return {"code": self.code, "version": self.version, "title": self.title,
                "level": self.level}


@dataclass(frozen=True, slots=True)
class ScenarioMeta:
    """Catalogue metadata of a scenario.

    Parameters
    ----------
    id, title, summary : str
        Stable slug, title and a one-paragraph summary.
    audiences : tuple of str
        Slugs from :data:`AUDIENCES`.
    priority_areas : tuple of str
        From :data:`PRIORITY_AREAS`.
    curriculum : tuple of CurriculumTag
    apprenticeships : tuple of ApprenticeshipTag
    competencies : tuple of str
        Stable competency slugs (``gowning``, ``aseptic-technique``, ...).
    duration_min : int
        Typical duration [min].
    comfort_notes : tuple of str
        Motion, standing, reach and other comfort notes for VR users.
    devices : tuple of str
        Supported modes: ``vr``, ``desktop``, ``touch``, ``screen-reader``.
    params : tuple of ParamSpec
    faults : tuple of FaultSpec
    """

    id: str
    title: str
    summary: str
    audiences: tuple[str, ...]
    priority_areas: tuple[str, ...]
    curriculum: tuple[CurriculumTag, ...]
    apprenticeships: tuple[ApprenticeshipTag, ...]
    competencies: tuple[str, ...]
    duration_min: int
    comfort_notes: tuple[str, ...]
    devices: tuple[str, ...]
    params: tuple[ParamSpec, ...]
    faults: tuple[FaultSpec, ...]

    def __post_init__(self) -> None:
        bad = [a for a in self.priority_areas if a not in PRIORITY_AREAS]
        if bad:
            raise ValueError(f"{self.id}: unknown priority areas {bad}")
        bad = [a for a in self.audiences if a not in AUDIENCES]
        if bad:
            raise ValueError(f"{self.id}: unknown audiences {bad}")

    def fault(self, fault_id: str) -> FaultSpec:
        """Return the fault ``fault_id``.

        Raises
        ------
        SimError
            If the scenario declares no such fault (the message lists the valid ids).
        """
        for f in self.faults:
            if f.id == fault_id:
                return f
        valid = ", ".join(f.id for f in self.faults)
        raise SimError(f"unknown fault {fault_id!r} for {self.id}; valid faults: {valid}")

    def to_json(self) -> JSONDict:
        """Return the metadata as a plain dict."""
        return {
            "id": self.id,
            "title": self.title,
            "summary": self.summary,
            "audiences": list(self.audiences),
            "priority_areas": list(self.priority_areas),
            "curriculum": [c.to_json() for c in self.curriculum],
            "apprenticeships": [a.to_json() for a in self.apprenticeships],
            "competencies": list(self.competencies),
            "duration_min": self.duration_min,
            "comfort_notes": list(self.comfort_notes),
            "devices": list(self.devices),
            "params": [p.to_json() for p in self.params],
            "faults": [f.to_json() for f in self.faults],
        }


# ---------------------------------------------------------------------------------------
# Inputs, events and results
# ---------------------------------------------------------------------------------------

ActionValue: TypeAlias = float | str | None
Vec3: TypeAlias = tuple[float, float, float]

VERB_TO_AFFORDANCE: Final[Mapping[str, str]] = {
    "press": "press",
    "grab": "grab",
    "place": "place",
    "set": "*",  # dial or slider
    "enter": "zone",
    "leave": "zone",
}


@dataclass(frozen=True, slots=True)
class Action:
    """A learner's action on a scene node.

    Parameters
    ----------
    node_id : str
        Id of the node acted on.
    verb : {"press", "grab", "place", "set", "enter", "leave"}
        ``set`` turns a dial or moves a slider to ``value``; ``grab`` takes ``value`` =
        grip point; ``place`` takes ``value`` = target node id.
    value : float or str, optional
        See ``verb``.
    """

    node_id: str
    verb: str
    value: ActionValue = None

    def __post_init__(self) -> None:
        v = self.value
        if isinstance(v, int) and not isinstance(v, bool):
            object.__setattr__(self, "value", float(v))

    def to_json(self) -> JSONDict:
        """Return the action as a plain dict."""
        return {"node": self.node_id, "verb": self.verb, "value": self.value}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Action:
        """Build an action from ``{"node": ..., "verb": ..., "value": ...}``.

        Raises
        ------
        ActionError
            If a field is missing or of the wrong type.
        """
        node = d.get("node", d.get("node_id"))
        verb = d.get("verb")
        value = d.get("value")
        if not isinstance(node, str) or not node:
            raise ActionError("action needs a 'node' (a node id string)")
        if not isinstance(verb, str) or verb not in VERB_TO_AFFORDANCE:
            raise ActionError(
                f"action verb must be one of {', '.join(VERB_TO_AFFORDANCE)}, got {verb!r}"
            )
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int | float | str)
        ):
            raise ActionError(f"action value must be a number or a string, got {value!r}")
        if isinstance(value, int):
            value = float(value)
        return cls(node, verb, value)


def _q3(v: Iterable[float]) -> Vec3:
    a, b, c = (round(float(x), 3) for x in v)
    return (a, b, c)


@dataclass(frozen=True, slots=True)
class Pose:
    """Learner pose sample from the headset or the desktop camera.

    Parameters
    ----------
    t : float
        Client timestamp [s]; only differences between samples are used.
    head : tuple of float
        Head position (x, y, z) [m], y up, floor at y = 0.
    left, right : tuple of float, optional
        Hand (controller) positions [m].

    Notes
    -----
    Positions are quantised to 1 mm and times to 1 ms on construction, so a pose that
    goes through the log and back is identical to the one applied.
    """

    t: float
    head: Vec3
    left: Vec3 | None = None
    right: Vec3 | None = None

    def __post_init__(self) -> None:
        for name in ("head", "left", "right"):
            v = getattr(self, name)
            if v is None:
                continue
            if len(v) != 3 or not all(
                isinstance(c, int | float) and not isinstance(c, bool) and math.isfinite(c)
                for c in v
            ):
                raise ActionError(f"pose {name} must be three finite numbers in metres")
            object.__setattr__(self, name, _q3(v))
        if not math.isfinite(self.t):
            raise ActionError("pose t must be a finite time in seconds")
        object.__setattr__(self, "t", round(float(self.t), 3))

    def to_json(self) -> JSONDict:
        """Return the pose as a plain dict."""
        return {
            "t": self.t,
            "head": list(self.head),
            "left": list(self.left) if self.left else None,
            "right": list(self.right) if self.right else None,
        }

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Pose:
        """Build a pose from its dict form.

        Raises
        ------
        ActionError
            If ``t`` or ``head`` is missing or malformed.
        """
        t = d.get("t")
        head = d.get("head")
        if isinstance(t, bool) or not isinstance(t, int | float):
            raise ActionError("pose needs 't', a time in seconds")
        if not isinstance(head, list | tuple):
            raise ActionError("pose needs 'head', three numbers in metres")
        left = d.get("left")
        right = d.get("right")
        try:
            return cls(
                float(t),
                tuple(head),
                tuple(left) if isinstance(left, list | tuple) else None,
                tuple(right) if isinstance(right, list | tuple) else None,
            )
        except TypeError as exc:
            raise ActionError(f"malformed pose: {exc}") from None


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened, in plain words.

    Parameters
    ----------
    t : float
        Simulation time [s].
    kind : str
        ``caption`` (an instruction), ``info``, ``error`` (a learner error that
        matters), ``excursion`` (a limit was exceeded), ``alert`` (a rule fired),
        ``fault`` (a fault was injected), ``result`` (a test result), ``done``.
    code : str
        Stable slug for machines (e.g. ``"wrong-order"``).
    message : str
        The same in plain words for people.
    data : dict
        Extra numbers and strings (JSON-serialisable).
    """

    t: float
    kind: str
    code: str
    message: str
    data: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> JSONDict:
        """Return the event as a plain dict."""
        d: JSONDict = {
            "t": quantise(self.t, 6),
            "kind": self.kind,
            "code": self.code,
            "message": self.message,
        }
        if self.data:
            d["data"] = dict(self.data)
        return d


@dataclass(frozen=True, slots=True)
class Criterion:
    """One assessment criterion.

    Parameters
    ----------
    id : str
        Stable slug.
    title : str
        What is judged, in words.
    passed : bool
    reason : str
        Why it passed or failed, in plain words.
    weight : float
        Share of the score (weights are normalised).
    critical : bool
        If a critical criterion fails, the run fails whatever the score.
    competencies : tuple of str
        Competencies evidenced when it passes.
    """

    id: str
    title: str
    passed: bool
    reason: str
    weight: float = 1.0
    critical: bool = False
    competencies: tuple[str, ...] = ()

    def to_json(self) -> JSONDict:
        """Return the criterion as a plain dict."""
        return {
            "id": self.id,
            "title": self.title,
            "passed": self.passed,
            "reason": self.reason,
            "weight": self.weight,
            "critical": self.critical,
            "competencies": list(self.competencies),
        }


@dataclass(frozen=True, slots=True)
class Assessment:
    """Result of a run.

    Parameters
    ----------
    scenario : str
    score : int
        0–100, the weighted share of criteria passed.
    passed : bool
        All critical criteria passed and ``score >= pass_mark``.
    criteria : tuple of Criterion
    strengths, improvements : tuple of str
        Named in plain words (from the criteria that passed and failed).
    competencies : tuple of str
        Competencies evidenced (from the criteria that passed).
    time_taken_s : float
        Simulation time used [s].
    pass_mark : int
    details : dict
        Scenario-specific figures (JSON-serialisable).
    """

    scenario: str
    score: int
    passed: bool
    criteria: tuple[Criterion, ...]
    strengths: tuple[str, ...]
    improvements: tuple[str, ...]
    competencies: tuple[str, ...]
    time_taken_s: float
    pass_mark: int = 70
    details: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_criteria(
        cls,
        scenario: str,
        criteria: Sequence[Criterion],
        time_taken_s: float,
        pass_mark: int = 70,
        details: Mapping[str, Any] | None = None,
    ) -> Assessment:
        """Score ``criteria`` and name strengths, improvements and competencies."""
        total = sum(c.weight for c in criteria) or 1.0
        got = sum(c.weight for c in criteria if c.passed)
        score = round(100 * got / total)
        critical_ok = all(c.passed for c in criteria if c.critical)
        evidenced: list[str] = []
        for c in criteria:
            if c.passed:
                for comp in c.competencies:
                    if comp not in evidenced:
                        evidenced.append(comp)
        # A competency is only evidenced if no failed criterion also claims it.
        failed_comps = {comp for c in criteria if not c.passed for comp in c.competencies}
        evidenced = [c for c in evidenced if c not in failed_comps]
        return cls(
            scenario=scenario,
            score=score,
            passed=critical_ok and score >= pass_mark,
            criteria=tuple(criteria),
            strengths=tuple(f"{c.title}: {c.reason}" for c in criteria if c.passed),
            improvements=tuple(f"{c.title}: {c.reason}" for c in criteria if not c.passed),
            competencies=tuple(evidenced),
            time_taken_s=time_taken_s,
            pass_mark=pass_mark,
            details=dict(details or {}),
        )

    def criterion(self, criterion_id: str) -> Criterion:
        """Return the criterion ``criterion_id`` (KeyError if absent)."""
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        raise KeyError(criterion_id)

    def failed_ids(self) -> list[str]:
        """Return the ids of the failed criteria."""
        return [c.id for c in self.criteria if not c.passed]

    def to_json(self) -> JSONDict:
        """Return the assessment as a plain dict."""
        return {
            "scenario": self.scenario,
            "score": self.score,
            "passed": self.passed,
            "pass_mark": self.pass_mark,
            "criteria": [c.to_json() for c in self.criteria],
            "strengths": list(self.strengths),
            "improvements": list(self.improvements),
            "competencies": list(self.competencies),
            "time_taken_s": quantise(self.time_taken_s, 6),
            "details": _jsonable(self.details),
        }


def _jsonable(x: Any) -> Any:
    if isinstance(x, float):
        return quantise(x, 6)
    if isinstance(x, Mapping):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_jsonable(v) for v in x]
    return x


# ---------------------------------------------------------------------------------------
# Scenario contract
# ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class BaseState:
    """State every scenario keeps; scenario states subclass it.

    Parameters
    ----------
    seed : int
        Seed of ``rng``.
    params : dict
        Validated parameters.
    rng : random.Random
        The only source of randomness (Mersenne Twister, reproducible across platforms).
    t : float
        Simulation time since start [s] (wall-clock seconds of the learner's run).
    faults : dict of str to float
        Active faults → time injected [s].
    finished : bool
        The run is over (no more steps change anything).
    errors : list of Event
        Learner errors recorded so far.
    """

    seed: int
    params: dict[str, ParamValue]
    rng: random.Random
    t: float = 0.0
    faults: dict[str, float] = field(default_factory=dict)
    finished: bool = False
    errors: list[Event] = field(default_factory=list)
    caption: str = ""


S = TypeVar("S", bound=BaseState)


class Scenario(abc.ABC, Generic[S]):
    """Base class of every scenario.

    Subclasses set :attr:`meta` and implement the five methods of the contract. A
    scenario object is stateless and may be shared by any number of sessions.
    """

    meta: ClassVar[ScenarioMeta]

    @abc.abstractmethod
    def start(self, seed: int, params: Mapping[str, object] | None = None) -> S:
        """Return a fresh state for ``seed`` and validated ``params``."""

    @abc.abstractmethod
    def step(self, state: S, dt: float) -> list[Event]:
        """Advance ``state`` by ``dt`` [s] and return what happened."""

    @abc.abstractmethod
    def act(self, state: S, action: Action) -> list[Event]:
        """Apply a (validated) learner action."""

    @abc.abstractmethod
    def scene(self, state: S) -> Scene:
        """Return the full scene for ``state``."""

    @abc.abstractmethod
    def assess(self, state: S) -> Assessment:
        """Return the assessment of the run so far."""

    # Optional hooks --------------------------------------------------------------------

    def pose(self, state: S, pose: Pose) -> list[Event]:
        """Apply a learner pose sample (default: ignored)."""
        return []

    def inject_fault(self, state: S, fault_id: str) -> list[Event]:
        """Activate a declared fault (default: record it in ``state.faults``)."""
        spec = self.meta.fault(fault_id)
        if fault_id in state.faults:
            return []
        state.faults[fault_id] = state.t
        return [Event(state.t, "fault", fault_id, f"Fault injected: {spec.title}.")]

    def finish(self, state: S) -> list[Event]:
        """End the run (default: mark finished)."""
        if state.finished:
            return []
        state.finished = True
        return [Event(state.t, "done", "finished", "The run has ended.")]

    def scene_key(self, state: S) -> object:
        """Return a cheap value that changes whenever the scene would change, or ``None``.

        :meth:`Session.patch` skips building the scene while the key is unchanged, which
        is most ticks. ``None`` (the default) means "always build and compare".
        """
        return None

    def snapshot(self, state: S) -> JSONDict:
        """Return the state's key figures as a JSON-serialisable dict (for the CLI)."""
        return {"t": state.t, "finished": state.finished, "faults": dict(state.faults)}

    def params(self, params: Mapping[str, object] | None) -> dict[str, ParamValue]:
        """Validate ``params`` against :attr:`meta` ``.params``."""
        return validate_params(self.meta.params, params)


def validate_action(scene: Scene, action: Action) -> Node:
    """Check ``action`` against the affordances of its node in ``scene``.

    Returns
    -------
    Node
        The node acted on.

    Raises
    ------
    ActionError
        ``"unknown node 'x'"``, a verb the node does not afford, a value out of range
        (``"value 99 is outside 0–60 kN"``) or not one of the options.
    """
    node = scene.node(action.node_id)
    if node is None:
        raise ActionError(f"unknown node {action.node_id!r}")
    if not node.visible:
        raise ActionError(f"node {action.node_id!r} is not available now")
    kind = VERB_TO_AFFORDANCE.get(action.verb)
    if kind is None:
        raise ActionError(
            f"unknown verb {action.verb!r}; valid verbs: {', '.join(VERB_TO_AFFORDANCE)}"
        )
    aff = (node.affordance("dial") or node.affordance("slider")) if kind == "*" else \
        node.affordance(kind)
    if aff is None:
        offered = ", ".join(a.kind for a in node.affordances) or "nothing"
        raise ActionError(
            f"node {action.node_id!r} does not accept {action.verb!r}; it affords {offered}"
        )
    if aff.kind in ("dial", "slider"):
        v = action.value
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
            raise ActionError(f"{action.node_id}: value must be a number, got {v!r}")
        assert aff.min is not None and aff.max is not None
        if not aff.min <= v <= aff.max:
            unit = f" {aff.unit}" if aff.unit else ""
            raise ActionError(
                f"value {_fmt(v)} is outside {_fmt(aff.min)}–{_fmt(aff.max)}{unit}"
            )
    elif aff.options and action.value not in aff.options:
        raise ActionError(
            f"{action.node_id}: value must be one of {', '.join(aff.options)}, "
            f"got {action.value!r}"
        )
    return node


# ---------------------------------------------------------------------------------------
# Session
# ---------------------------------------------------------------------------------------

LogEntry: TypeAlias = JSONDict

EVENTS_KEPT: Final = 1000
"""Recent output events a Session keeps in :attr:`Session.events` (the log keeps inputs)."""

POSE_DEADBAND_M: Final = 0.01
"""Poses that moved less than this since the last applied pose are dropped [m]..."""
POSE_MAX_GAP_S: Final = 1.0
"""...unless this long has passed since it [s]."""


class Session:
    """One learner's run of one scenario.

    Parameters
    ----------
    scenario : Scenario
        The scenario (an instance; see :func:`resilience.sim.registry.get_scenario`).
    seed : int
        Seed of the run's random number generator.
    params : mapping, optional
        Scenario parameters (validated; see the scenario's ``meta.params``).

    Notes
    -----
    The log holds only inputs. Consecutive ticks of the same ``dt`` are stored as one
    entry ``{"k": "tick", "dt": dt, "n": n}``, which keeps a 20 Hz session's log small;
    an entry, once appended, never changes.
    """

    __slots__ = (
        "_last_key",
        "_last_meta",
        "_last_nodes",
        "_last_pose",
        "_objs",
        "_ops",
        "_pending_dt",
        "_pending_n",
        "_starts",
        "events",
        "scenario",
        "seq",
        "state",
    )

    def __init__(
        self, scenario: Scenario[Any], seed: int, params: Mapping[str, object] | None = None
    ) -> None:
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise ParamError(f"seed must be a whole number, got {seed!r}")
        self.scenario = scenario
        self.state: BaseState = scenario.start(seed, params)
        # The log is a compact int32 stream: [0, dt_us, n] for a run of ticks,
        # [1, t_ms, head x y z (mm), mask, hands (mm)...] for a pose, [2, i] for entry i
        # of ``_objs`` (start, actions, faults, finish), which are rare.
        self._ops = array("i")
        self._starts = array("i")  # offset in _ops of each entry
        self._objs: list[LogEntry] = []
        self._append_obj({"k": "start", "scenario": scenario.meta.id, "seed": seed,
                          "params": dict(self.state.params)})
        self._last_key: object = None
        self._last_pose: Pose | None = None
        self._pending_dt = 0.0
        self._pending_n = 0
        self.events: deque[Event] = deque(maxlen=EVENTS_KEPT)
        self.seq = 0
        self._last_nodes: dict[str, JSONDict] | None = None
        self._last_meta: tuple[str, str] = ("", "")

    # Inputs ---------------------------------------------------------------------------

    def _append_obj(self, entry: LogEntry) -> None:
        self._starts.append(len(self._ops))
        self._ops.extend((2, len(self._objs)))
        self._objs.append(entry)

    def _flush(self) -> None:
        if self._pending_n:
            self._starts.append(len(self._ops))
            self._ops.extend((0, round(self._pending_dt * 1e6), self._pending_n))
            self._pending_n = 0

    def _append_pose(self, p: Pose) -> None:
        mask = (1 if p.left is not None else 0) | (2 if p.right is not None else 0)
        ops = self._ops
        self._starts.append(len(ops))
        ops.extend((1, round(p.t * 1000), *(round(c * 1000) for c in p.head), mask))
        for h in (p.left, p.right):
            if h is not None:
                ops.extend(round(c * 1000) for c in h)

    def tick(self, dt: float) -> list[Event]:
        """Advance the simulation by ``dt`` [s] (0 < dt ≤ 10, quantised to 1 µs).

        Raises
        ------
        SimError
            If ``dt`` is not a positive number of seconds up to 10.
        """
        if isinstance(dt, bool) or not isinstance(dt, int | float) or not 0 < dt <= 10:
            raise SimError(f"dt must be between 0 and 10 s, got {dt!r}")
        dt = round(dt * 1e6) / 1e6
        if self._pending_n and dt != self._pending_dt:
            self._flush()
        self._pending_dt = dt
        self._pending_n += 1
        ev = self.scenario.step(self.state, dt)
        if ev:
            self.events.extend(ev)
        return ev

    def apply(self, action: Action | Pose | Mapping[str, Any]) -> list[Event]:
        """Apply a learner action or pose; an invalid one raises and changes nothing.

        Parameters
        ----------
        action : Action, Pose or dict
            A dict with ``"pose"`` key or ``"head"`` is read as a :class:`Pose`,
            otherwise as an :class:`Action`.

        Raises
        ------
        ActionError
            See :func:`validate_action`.
        """
        if isinstance(action, Mapping):
            action = Pose.from_json(action) if "head" in action else Action.from_json(action)
        if isinstance(action, Pose):
            if self._redundant(action):
                return []
            self._last_pose = action
            self._flush()
            self._append_pose(action)
            ev = self.scenario.pose(self.state, action)
        else:
            if self.state.finished:
                raise ActionError("the run has ended; no more actions are accepted")
            validate_action(self.scenario.scene(self.state), action)
            self._flush()
            self._append_obj({"k": "action", **action.to_json()})
            ev = self.scenario.act(self.state, action)
        self.events.extend(ev)
        return ev

    def _redundant(self, p: Pose) -> bool:
        """A pose within 1 cm of the last applied one, less than 1 s later, is dropped.

        Dropped poses reach neither the scenario nor the log, so replay stays exact while
        a still learner's log stops growing.
        """
        last = self._last_pose
        if last is None or p.t - last.t >= POSE_MAX_GAP_S or p.t < last.t:
            return False
        for a, b in ((p.head, last.head), (p.left, last.left), (p.right, last.right)):
            if (a is None) != (b is None):
                return False
            if a is not None and b is not None and math.dist(a, b) >= POSE_DEADBAND_M:
                return False
        return True

    def pose(
        self, t: float, head: Vec3, left: Vec3 | None = None, right: Vec3 | None = None
    ) -> list[Event]:
        """Apply a pose sample (see :class:`Pose`)."""
        return self.apply(Pose(t, head, left, right))

    def inject_fault(self, fault_id: str) -> list[Event]:
        """Inject one of the scenario's declared faults.

        Raises
        ------
        SimError
            If the fault is not declared by the scenario.
        """
        self.scenario.meta.fault(fault_id)
        self._flush()
        self._append_obj({"k": "fault", "id": fault_id})
        ev = self.scenario.inject_fault(self.state, fault_id)
        self.events.extend(ev)
        return ev

    def finish(self) -> list[Event]:
        """End the run (further actions are refused; ticks change nothing)."""
        if self.state.finished:
            return []
        self._flush()
        self._append_obj({"k": "finish"})
        ev = self.scenario.finish(self.state)
        self.events.extend(ev)
        return ev

    def run_for(self, seconds: float, dt: float = 0.05) -> list[Event]:
        """Tick repeatedly for ``seconds`` [s] at step ``dt`` [s]."""
        out: list[Event] = []
        n = max(0, round(seconds / dt))
        for _ in range(n):
            out.extend(self.tick(dt))
        return out

    # Outputs --------------------------------------------------------------------------

    @property
    def log(self) -> list[LogEntry]:
        """The input log (a copy; JSON-serialisable)."""
        return self.log_from(0)

    @property
    def log_size(self) -> int:
        """Number of entries in :attr:`log` (cheap)."""
        self._flush()
        return len(self._starts)

    def log_from(self, start: int) -> list[LogEntry]:
        """Entries ``start`` onwards of :attr:`log` (for incremental persistence).

        ``log_from(k) == log[k:]``, at a cost proportional to the entries returned.
        """
        self._flush()
        out: list[LogEntry] = []
        ops = self._ops
        if start >= len(self._starts):
            return out
        i, n = self._starts[max(0, start)], len(ops)
        while i < n:
            op = ops[i]
            if op == 0:
                out.append({"k": "tick", "dt": ops[i + 1] / 1e6, "n": ops[i + 2]})
                i += 3
            elif op == 1:
                t, hx, hy, hz, mask = ops[i + 1:i + 6]
                i += 6
                e: LogEntry = {"k": "pose", "t": t / 1000,
                               "head": [hx / 1000, hy / 1000, hz / 1000]}
                for bit, key in ((1, "left"), (2, "right")):
                    if mask & bit:
                        e[key] = [c / 1000 for c in ops[i:i + 3]]
                        i += 3
                out.append(e)
            else:
                out.append(dict(self._objs[ops[i + 1]]))
                i += 2
        return out

    @property
    def t(self) -> float:
        """Simulation time [s]."""
        return self.state.t

    def scene(self) -> Scene:
        """Return the current scene."""
        return self.scenario.scene(self.state)

    def full(self) -> JSONDict:
        """Return a ``scene`` message and reset the patch baseline to it.

        A reconnecting client gets this; patches that follow are relative to it.
        """
        s = self.scene().to_json()
        self.seq += 1
        self._last_key = self.scenario.scene_key(self.state)
        self._last_nodes = s["nodes"]
        self._last_meta = (s["caption"], s["status"])
        return {"type": "scene", "v": PROTOCOL_VERSION, "seq": self.seq, "scene": s}

    def patch(self) -> JSONDict | None:
        """Return a ``patch`` message with only what changed since the last message.

        Returns ``None`` when nothing a client could see has changed. The first call
        (before any :meth:`full`) returns a full ``scene`` message.
        """
        if self._last_nodes is None:
            return self.full()
        key = self.scenario.scene_key(self.state)
        if key is not None and key == self._last_key:
            return None
        self._last_key = key
        s = self.scene().to_json()
        changed, removed = diff_nodes(self._last_nodes, s["nodes"])
        meta = (s["caption"], s["status"])
        if not changed and not removed and meta == self._last_meta:
            return None
        self.seq += 1
        msg: JSONDict = {"type": "patch", "v": PROTOCOL_VERSION, "seq": self.seq,
                         "t": s["t"]}
        if changed:
            msg["nodes"] = changed
        if removed:
            msg["removed"] = removed
        if meta[0] != self._last_meta[0]:
            msg["caption"] = s["caption"]
        if meta[1] != self._last_meta[1]:
            msg["status"] = s["status"]
        self._last_nodes = s["nodes"]
        self._last_meta = meta
        return msg

    def assess(self) -> Assessment:
        """Return the assessment of the run so far."""
        return self.scenario.assess(self.state)

    def snapshot(self) -> JSONDict:
        """Return the scenario's key figures (JSON-serialisable)."""
        return _jsonable(self.scenario.snapshot(self.state))  # type: ignore[no-any-return]

    # Replay ---------------------------------------------------------------------------

    @classmethod
    def replay(cls, log: Sequence[Mapping[str, Any]],
               scenario: Scenario[Any] | None = None) -> Session:
        """Rebuild a session from its log.

        Parameters
        ----------
        log : sequence of dict
            A log from :attr:`log` (possibly after a JSON round trip).
        scenario : Scenario, optional
            The scenario; looked up in the registry from the log's start entry if omitted.

        Raises
        ------
        SimError
            If the log does not begin with a start entry or holds an unknown entry.
        """
        if not log or log[0].get("k") != "start":
            raise SimError("a session log must begin with a start entry")
        head = log[0]
        if scenario is None:
            from resilience.sim.registry import get_scenario

            scenario = get_scenario(str(head["scenario"]))
        s = cls(scenario, int(head["seed"]), head.get("params"))
        for e in log[1:]:
            k = e.get("k")
            if k == "tick":
                dt = float(e["dt"])
                for _ in range(int(e.get("n", 1))):
                    s.tick(dt)
            elif k == "action":
                s.apply(Action.from_json(e))
            elif k == "pose":
                s.apply(Pose.from_json(e))
            elif k == "fault":
                s.inject_fault(str(e["id"]))
            elif k == "finish":
                s.finish()
            else:
                raise SimError(f"unknown log entry kind {k!r}")
        return s

    def log_json(self) -> str:
        """Return the log as compact JSON text."""
        return json.dumps(self.log, separators=(",", ":"))
