"""Scene-description types: the data of the live ↔ client wire protocol.

A :class:`Scene` is a flat, ordered collection of :class:`Node` objects that a generic
client (three.js/WebXR, desktop, touch or the accessible DOM view) renders without knowing
which scenario produced it. Every node carries a text label and, where it shows a state,
a text value, so that colour is never the only carrier of meaning; colours are names from
the Okabe–Ito colour-blind-safe palette [1]_.

Positions, rotations and scales are in metres and radians in a right-handed, y-up frame
with the origin on the floor at the room's centre (the three.js convention). ``to_json``
quantises floats (transforms to 1 mm / 1 mrad, values to four significant figures) so that
patches stay small and compare equal when nothing a learner could see has changed.

References
----------
.. [1] Okabe M., Ito K. (2008) *Color Universal Design (CUD): how to make figures and
   presentations that are friendly to colorblind people*. https://jfly.uni-koeln.de/color/
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal, TypeAlias

__all__ = [
    "AFFORDANCE_KINDS",
    "PALETTE",
    "PRIMITIVES",
    "PROTOCOL_VERSION",
    "Affordance",
    "JSONDict",
    "Node",
    "Scene",
    "apply_patch",
    "diff_nodes",
    "quantise",
]

PROTOCOL_VERSION: Final = 1
"""Version of the scene protocol; bumped on any incompatible change."""

JSONDict: TypeAlias = dict[str, Any]

#: Okabe–Ito palette (name → sRGB hex), plus two neutrals for surfaces and text.
PALETTE: Final[Mapping[str, str]] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#999999",
    "white": "#FFFFFF",
}

PRIMITIVES: Final = frozenset(
    {
        "box", "cylinder", "sphere", "plane", "gauge", "dial", "slider", "button",
        "panel", "chart", "zone", "label", "asset",
    }
)

AFFORDANCE_KINDS: Final = frozenset({"press", "grab", "place", "dial", "slider", "zone"})

Vec3: TypeAlias = tuple[float, float, float]
AffordanceKind: TypeAlias = Literal["press", "grab", "place", "dial", "slider", "zone"]


def quantise(x: float, sig: int = 4) -> float | int:
    """Round ``x`` to ``sig`` significant figures for the wire.

    Parameters
    ----------
    x : float
        Value to round (any unit).
    sig : int > 0
        Significant figures kept.

    Returns
    -------
    float or int
        The rounded value; integral results are returned as ``int`` to keep JSON short.

    Examples
    --------
    >>> quantise(352123.7)
    352100
    >>> quantise(0.0123456)
    0.01235
    """
    if x == 0 or not math.isfinite(x):
        return 0 if x == 0 else x
    digits = sig - 1 - math.floor(math.log10(abs(x)))
    r = round(x, digits)
    if r == int(r) and abs(r) < 1e15:
        return int(r)
    return r


def _qv(v: Vec3) -> list[float | int]:
    out: list[float | int] = []
    for c in v:
        r = round(c, 3)
        out.append(int(r) if r == int(r) else r)
    return out


@dataclass(frozen=True, slots=True)
class Affordance:
    """One way a learner can interact with a node.

    Parameters
    ----------
    kind : {"press", "grab", "place", "dial", "slider", "zone"}
        ``press`` a button; ``grab`` an object (value: where it is held, one of
        ``options``); ``place`` it on a target node (value: target id, one of
        ``options``); turn a ``dial`` or move a ``slider`` to a number in
        [``min``, ``max``] in steps of ``step`` [``unit``]; ``zone`` is a region the
        learner can enter or leave.
    min, max, step : float, optional
        Range and resolution for dials and sliders, in ``unit``.
    unit : str
        Unit of a dial or slider value (e.g. ``"kN"``).
    options : tuple of str
        Allowed values for ``grab`` (grip points) and ``place`` (target node ids).
    """

    kind: AffordanceKind
    min: float | None = None
    max: float | None = None
    step: float | None = None
    unit: str = ""
    options: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in AFFORDANCE_KINDS:
            raise ValueError(
                f"affordance kind must be one of {sorted(AFFORDANCE_KINDS)}, got {self.kind!r}"
            )
        if self.kind in ("dial", "slider") and (self.min is None or self.max is None):
            raise ValueError(f"a {self.kind} affordance needs min and max")

    def to_json(self) -> JSONDict:
        """Return the affordance as a plain dict (only the fields that are set)."""
        d: JSONDict = {"kind": self.kind}
        if self.min is not None:
            d["min"] = quantise(self.min)
        if self.max is not None:
            d["max"] = quantise(self.max)
        if self.step is not None:
            d["step"] = quantise(self.step)
        if self.unit:
            d["unit"] = self.unit
        if self.options:
            d["options"] = list(self.options)
        return d


@dataclass(slots=True)
class Node:
    """One thing in the scene.

    Parameters
    ----------
    id : str
        Stable identifier, unique in the scene; actions name it.
    primitive : str
        One of :data:`PRIMITIVES`; ``"asset"`` uses the self-hosted glTF ``asset``.
    label : str
        Short name read out by screen readers and shown in the DOM view.
    position : tuple of float
        Centre (x, y, z) [m].
    rotation : tuple of float
        Euler angles (x, y, z) [rad], XYZ order.
    scale : tuple of float
        Size along x, y, z [m] (for primitives) or scale factors (for assets).
    colour : str
        A key of :data:`PALETTE`.
    text : str
        State in words (e.g. ``"352 000 /m³ — above limit"``); always set when colour
        carries meaning.
    value : float, optional
        Numeric state of gauges, dials and sliders [``unit``].
    unit : str
        Unit of ``value``.
    affordances : tuple of Affordance
        What the learner can do with the node.
    series : tuple of tuple of float
        Chart data (one tuple per line; x is the sample index).
    limits : tuple of float
        Reference lines drawn on a gauge or chart (e.g. control limits) [``unit``].
    asset : str, optional
        File name of a self-hosted glTF asset (``primitive="asset"``).
    parent : str, optional
        Id of the node this one is attached to.
    visible : bool
        Whether it is shown.
    """

    id: str
    primitive: str
    label: str
    position: Vec3 = (0.0, 0.0, 0.0)
    rotation: Vec3 = (0.0, 0.0, 0.0)
    scale: Vec3 = (1.0, 1.0, 1.0)
    colour: str = "grey"
    text: str = ""
    value: float | None = None
    unit: str = ""
    affordances: tuple[Affordance, ...] = ()
    series: tuple[tuple[float, ...], ...] = ()
    limits: tuple[float, ...] = ()
    asset: str | None = None
    parent: str | None = None
    visible: bool = True

    def __post_init__(self) -> None:
        if self.primitive not in PRIMITIVES:
            raise ValueError(
                f"node {self.id!r}: primitive must be one of {sorted(PRIMITIVES)}, "
                f"got {self.primitive!r}"
            )
        if self.colour not in PALETTE:
            raise ValueError(
                f"node {self.id!r}: colour must be one of {sorted(PALETTE)}, got {self.colour!r}"
            )
        if self.primitive == "asset" and not self.asset:
            raise ValueError(f"node {self.id!r}: an asset node needs an asset name")

    def affordance(self, kind: str) -> Affordance | None:
        """Return this node's affordance of ``kind``, or ``None``."""
        for a in self.affordances:
            if a.kind == kind:
                return a
        return None

    def to_json(self) -> JSONDict:
        """Return the node as a compact, JSON-serialisable dict with quantised floats.

        Defaults (no rotation, unit scale, visible, no text) are left out.
        """
        d: JSONDict = {
            "id": self.id,
            "primitive": self.primitive,
            "label": self.label,
            "position": _qv(self.position),
            "colour": self.colour,
        }
        if self.rotation != (0.0, 0.0, 0.0):
            d["rotation"] = _qv(self.rotation)
        if self.scale != (1.0, 1.0, 1.0):
            d["scale"] = _qv(self.scale)
        if self.text:
            d["text"] = self.text
        if self.value is not None:
            d["value"] = quantise(self.value)
        if self.unit:
            d["unit"] = self.unit
        if self.affordances:
            d["affordances"] = [a.to_json() for a in self.affordances]
        if self.series:
            d["series"] = [[quantise(v) for v in s] for s in self.series]
        if self.limits:
            d["limits"] = [quantise(v) for v in self.limits]
        if self.asset:
            d["asset"] = self.asset
        if self.parent:
            d["parent"] = self.parent
        if not self.visible:
            d["visible"] = False
        return d


@dataclass(slots=True)
class Scene:
    """A full scene description.

    Parameters
    ----------
    scenario : str
        Scenario id.
    nodes : list of Node
        All nodes, in drawing order; ids must be unique.
    caption : str
        The current instruction in words (shown as a caption, read by screen readers).
    t : float
        Simulation time [s].
    status : str
        One-line status (e.g. ``"gowning: step 3 of 13"``).
    """

    scenario: str
    nodes: list[Node] = field(default_factory=list)
    caption: str = ""
    t: float = 0.0
    status: str = ""

    def node(self, node_id: str) -> Node | None:
        """Return the node with ``node_id`` or ``None``."""
        for n in self.nodes:
            if n.id == node_id:
                return n
        return None

    def ids(self) -> list[str]:
        """Return the node ids in order."""
        return [n.id for n in self.nodes]

    def to_json(self) -> JSONDict:
        """Return the scene as a plain, JSON-serialisable dict.

        Raises
        ------
        ValueError
            If two nodes share an id.
        """
        nodes: dict[str, JSONDict] = {}
        for n in self.nodes:
            if n.id in nodes:
                raise ValueError(f"duplicate node id {n.id!r} in scene {self.scenario!r}")
            nodes[n.id] = n.to_json()
        return {
            "v": PROTOCOL_VERSION,
            "scenario": self.scenario,
            "t": quantise(self.t, 6),
            "caption": self.caption,
            "status": self.status,
            "nodes": nodes,
        }


def diff_nodes(
    old: Mapping[str, JSONDict], new: Mapping[str, JSONDict]
) -> tuple[dict[str, JSONDict], list[str]]:
    """Compare two ``nodes`` maps from :meth:`Scene.to_json`.

    Parameters
    ----------
    old, new : mapping of str to dict
        Node id → node dict.

    Returns
    -------
    changed : dict
        For a new node, its full dict; for a changed node, only the changed fields (a
        field that disappeared is sent as ``None``).
    removed : list of str
        Ids of nodes that are gone.
    """
    changed: dict[str, JSONDict] = {}
    for nid, nd in new.items():
        od = old.get(nid)
        if od is None:
            changed[nid] = nd
            continue
        if od == nd:
            continue
        delta: JSONDict = {k: v for k, v in nd.items() if od.get(k) != v}
        for k in od:
            if k not in nd:
                delta[k] = None
        changed[nid] = delta
    removed = [nid for nid in old if nid not in new]
    return changed, removed


def apply_patch(scene: Mapping[str, Any], patch: Mapping[str, Any]) -> JSONDict:
    """Apply a patch message to a full scene dict, as a client does.

    Parameters
    ----------
    scene : dict
        A scene from :meth:`Scene.to_json` (or a previous ``apply_patch`` result).
    patch : dict
        A patch message from :meth:`resilience.sim.engine.Session.patch`.

    Returns
    -------
    dict
        The new scene dict (the input is not modified).
    """
    nodes: dict[str, JSONDict] = {k: dict(v) for k, v in scene["nodes"].items()}
    for nid, delta in patch.get("nodes", {}).items():
        if nid not in nodes:
            nodes[nid] = dict(delta)
            continue
        nd = nodes[nid]
        for k, v in delta.items():
            if v is None:
                nd.pop(k, None)
            else:
                nd[k] = v
    for nid in patch.get("removed", ()):
        nodes.pop(nid, None)
    # Keep the order of the new scene: removals and additions keep insertion order.
    out: JSONDict = dict(scene)
    for k in ("t", "caption", "status"):
        if k in patch:
            out[k] = patch[k]
    out["nodes"] = nodes
    return out


def series_tail(values: Iterable[float], n: int) -> tuple[float, ...]:
    """Return the last ``n`` values of ``values`` as a tuple (for chart nodes)."""
    seq: Sequence[float] = values if isinstance(values, Sequence) else list(values)
    return tuple(seq[-n:])
