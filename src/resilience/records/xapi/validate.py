"""Structural validation of xAPI statements and agents, for 1.0.3 and 2.0.0 (IEEE 9274.1.1).

Every function raises :class:`XAPIError` with status 400 and a message that names the
property at fault. ``v2`` switches on the rules 2.0.0 added (time zones on timestamps,
context agents and groups).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from resilience.records.xapi.errors import bad

UUID_RE = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
IRI_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:[^\s<>\"{}|\\^`]*$")
SHA1_RE = re.compile(r"^[0-9a-fA-F]{40}$")
SHA2_RE = re.compile(r"^[0-9a-fA-F]{56,128}$")
MEDIA_RE = re.compile(r"^[\w.+\-]+/[\w.+\-]+(\s*;.*)?$")
TIMESTAMP_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?"
    r"(?P<tz>[Zz]|[+\-]\d{2}:?\d{2}|[+\-]\d{2})?$"
)
_NUM = r"(?:\d+(?:[.,]\d+)?)"
DURATION_RE = re.compile(
    rf"^P(?:{_NUM}W|(?!$)(?:{_NUM}Y)?(?:{_NUM}M)?(?:{_NUM}D)?"
    rf"(?:T(?=\d)(?:{_NUM}H)?(?:{_NUM}M)?(?:{_NUM}S)?)?)$"
)
_LANG = (
    r"(?:[a-zA-Z]{2,3}(?:-[a-zA-Z]{3}){0,3}|[a-zA-Z]{4,8})"
    r"(?:-[a-zA-Z]{4})?"
    r"(?:-(?:[a-zA-Z]{2}|\d{3}))?"
    r"(?:-(?:[a-zA-Z0-9]{5,8}|\d[a-zA-Z0-9]{3}))*"
    r"(?:-[0-9a-wyzA-WYZ](?:-[a-zA-Z0-9]{2,8})+)*"
    r"(?:-[xX](?:-[a-zA-Z0-9]{1,8})+)?"
)
LANG_RE = re.compile(rf"^(?:{_LANG}|[xX](?:-[a-zA-Z0-9]{{1,8}})+|i-[a-zA-Z]{{2,8}})$")

STATEMENT_KEYS = {"id", "actor", "verb", "object", "result", "context", "timestamp", "stored",
                  "authority", "version", "attachments"}
SUBSTATEMENT_KEYS = {"objectType", "actor", "verb", "object", "result", "context", "timestamp",
                     "attachments"}
AGENT_KEYS = {"objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"}
GROUP_KEYS = AGENT_KEYS | {"member"}
IFIS = ("mbox", "mbox_sha1sum", "openid", "account")
INTERACTION_TYPES = {"true-false", "choice", "fill-in", "long-fill-in", "matching", "performance",
                     "sequencing", "likert", "numeric", "other"}
COMPONENT_LISTS = {"choices": {"choice", "sequencing"}, "scale": {"likert"},
                   "source": {"matching"}, "target": {"matching"}, "steps": {"performance"}}
DEFINITION_KEYS = {"name", "description", "type", "moreInfo", "extensions", "interactionType",
                   "correctResponsesPattern", *COMPONENT_LISTS}
VOIDED = "http://adlnet.gov/expapi/verbs/voided"
SIGNATURE = "http://adlnet.gov/expapi/attachments/signature"


# --- Scalars --------------------------------------------------------------------------


def _obj(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise bad(f"{where} must be a JSON object")
    return value


def _keys(value: dict[str, Any], allowed: set[str], where: str) -> None:
    extra = set(value) - allowed
    if extra:
        raise bad(f"{where} has properties the specification does not allow: "
                  f"{', '.join(sorted(extra))}")
    for key, item in value.items():
        if item is None:
            raise bad(f"{where}.{key} must not be null")


def _str(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise bad(f"{where} must be a string")
    return value


def iri(value: Any, where: str) -> str:
    if not isinstance(value, str) or not IRI_RE.match(value):
        raise bad(f"{where} must be an absolute IRI")
    return value


def uuid(value: Any, where: str) -> str:
    if not isinstance(value, str) or not UUID_RE.match(value):
        raise bad(f"{where} must be a UUID")
    return value


def timestamp(value: Any, where: str, v2: bool) -> datetime:
    match = TIMESTAMP_RE.match(value) if isinstance(value, str) else None
    if not match:
        raise bad(f"{where} must be an ISO 8601 timestamp")
    tz = match.group("tz")
    if v2 and not tz:
        raise bad(f"{where} must include a time zone")
    if tz in ("-00:00", "-0000", "-00"):
        raise bad(f"{where} must not use the offset -00:00")
    return parse_timestamp(value, where)


def parse_timestamp(value: str, where: str = "timestamp") -> datetime:
    from datetime import UTC

    match = TIMESTAMP_RE.match(value)
    if not match:
        raise bad(f"{where} must be an ISO 8601 timestamp")
    text = value.replace("t", "T").replace("z", "Z")
    tz = match.group("tz") or ""
    base = text[: len(text) - len(tz)] if tz else text
    if "." in base:
        head, frac = base.split(".", 1)
        base = f"{head}.{frac[:6].ljust(6, '0')}"
    if tz in ("Z", "z", ""):
        tz = "+00:00"
    elif len(tz) == 3:
        tz += ":00"
    elif ":" not in tz:
        tz = f"{tz[:3]}:{tz[3:]}"
    try:
        parsed = datetime.fromisoformat(base + tz)
    except ValueError:
        raise bad(f"{where} is not a real date and time") from None
    return parsed.astimezone(UTC)


def _lang_map(value: Any, where: str) -> None:
    _obj(value, where)
    for tag, text in value.items():
        if not LANG_RE.match(tag):
            raise bad(f"{where} has an invalid language tag {tag!r}")
        if not isinstance(text, str):
            raise bad(f"{where}[{tag!r}] must be a string")


def _extensions(value: Any, where: str) -> None:
    _obj(value, where)
    for key in value:
        iri(key, f"{where} key {key!r}")


def _bool(value: Any, where: str) -> None:
    if not isinstance(value, bool):
        raise bad(f"{where} must be true or false")


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise bad(f"{where} must be a number")
    return float(value)


# --- Agents and groups ----------------------------------------------------------------


def _account(value: Any, where: str) -> None:
    _obj(value, where)
    _keys(value, {"homePage", "name"}, where)
    if "homePage" not in value or "name" not in value:
        raise bad(f"{where} needs both homePage and name")
    iri(value["homePage"], f"{where}.homePage")
    _str(value["name"], f"{where}.name")


def _ifis(value: dict[str, Any], where: str) -> int:
    count = 0
    if "mbox" in value:
        count += 1
        mbox = _str(value["mbox"], f"{where}.mbox")
        if not mbox.startswith("mailto:") or "@" not in mbox or not IRI_RE.match(mbox):
            raise bad(f"{where}.mbox must be a mailto: IRI")
    if "mbox_sha1sum" in value:
        count += 1
        if not isinstance(value["mbox_sha1sum"], str) or not SHA1_RE.match(value["mbox_sha1sum"]):
            raise bad(f"{where}.mbox_sha1sum must be a hex SHA-1 sum")
    if "openid" in value:
        count += 1
        iri(value["openid"], f"{where}.openid")
    if "account" in value:
        count += 1
        _account(value["account"], f"{where}.account")
    if "name" in value:
        _str(value["name"], f"{where}.name")
    return count


def agent(value: Any, where: str = "agent") -> None:
    _obj(value, where)
    _keys(value, AGENT_KEYS, where)
    if value.get("objectType", "Agent") != "Agent":
        raise bad(f"{where}.objectType must be Agent")
    if _ifis(value, where) != 1:
        raise bad(f"{where} must have exactly one inverse functional identifier")


def group(value: Any, where: str) -> None:
    _obj(value, where)
    _keys(value, GROUP_KEYS, where)
    if value.get("objectType") != "Group":
        raise bad(f"{where}.objectType must be Group")
    count = _ifis(value, where)
    if count > 1:
        raise bad(f"{where} must have at most one inverse functional identifier")
    if "member" in value:
        members = value["member"]
        if not isinstance(members, list):
            raise bad(f"{where}.member must be an array")
        for i, member in enumerate(members):
            agent(member, f"{where}.member[{i}]")
    if count == 0 and not value.get("member"):
        raise bad(f"{where} is an anonymous group and needs members")


def actor(value: Any, where: str) -> None:
    kind = _obj(value, where).get("objectType", "Agent")
    if kind == "Group":
        group(value, where)
    elif kind == "Agent":
        agent(value, where)
    else:
        raise bad(f"{where}.objectType must be Agent or Group")


def agent_param(value: Any, where: str = "agent") -> None:
    """An agent given as a query parameter: an Agent or an identified Group."""
    kind = _obj(value, where).get("objectType", "Agent")
    if kind == "Group":
        group(value, where)
        if _ifis(value, where) != 1:
            raise bad(f"{where} must be identified")
    else:
        agent(value, where)


# --- Activities -----------------------------------------------------------------------


def _components(value: Any, where: str) -> None:
    if not isinstance(value, list):
        raise bad(f"{where} must be an array")
    seen = set()
    for i, item in enumerate(value):
        _obj(item, f"{where}[{i}]")
        _keys(item, {"id", "description"}, f"{where}[{i}]")
        ident = _str(item.get("id"), f"{where}[{i}].id")
        if ident in seen:
            raise bad(f"{where} has the id {ident!r} twice")
        seen.add(ident)
        if "description" in item:
            _lang_map(item["description"], f"{where}[{i}].description")


def definition(value: Any, where: str) -> None:
    _obj(value, where)
    _keys(value, DEFINITION_KEYS, where)
    for key in ("name", "description"):
        if key in value:
            _lang_map(value[key], f"{where}.{key}")
    if "type" in value:
        iri(value["type"], f"{where}.type")
    if "moreInfo" in value:
        iri(value["moreInfo"], f"{where}.moreInfo")
    if "extensions" in value:
        _extensions(value["extensions"], f"{where}.extensions")
    kind = value.get("interactionType")
    if kind is not None and (not isinstance(kind, str) or kind not in INTERACTION_TYPES):
        raise bad(f"{where}.interactionType must be one of {', '.join(sorted(INTERACTION_TYPES))}")
    if "correctResponsesPattern" in value:
        if kind is None:
            raise bad(f"{where}.correctResponsesPattern needs an interactionType")
        pattern = value["correctResponsesPattern"]
        if not isinstance(pattern, list) or not all(isinstance(p, str) for p in pattern):
            raise bad(f"{where}.correctResponsesPattern must be an array of strings")
    for key, kinds in COMPONENT_LISTS.items():
        if key in value:
            if kind not in kinds:
                raise bad(f"{where}.{key} is only allowed for interactionType "
                          f"{' or '.join(sorted(kinds))}")
            _components(value[key], f"{where}.{key}")


def activity(value: Any, where: str) -> None:
    _obj(value, where)
    _keys(value, {"objectType", "id", "definition"}, where)
    if value.get("objectType", "Activity") != "Activity":
        raise bad(f"{where}.objectType must be Activity")
    if "id" not in value:
        raise bad(f"{where}.id is required")
    iri(value["id"], f"{where}.id")
    if "definition" in value:
        definition(value["definition"], f"{where}.definition")


# --- Statements -----------------------------------------------------------------------


def verb(value: Any, where: str) -> None:
    _obj(value, where)
    _keys(value, {"id", "display"}, where)
    if "id" not in value:
        raise bad(f"{where}.id is required")
    iri(value["id"], f"{where}.id")
    if "display" in value:
        _lang_map(value["display"], f"{where}.display")


def statement_ref(value: Any, where: str) -> None:
    _keys(value, {"objectType", "id"}, where)
    if value.get("objectType") != "StatementRef":
        raise bad(f"{where}.objectType must be StatementRef")
    uuid(value.get("id"), f"{where}.id")


def _object(value: Any, where: str, v2: bool, *, sub: bool) -> str:
    kind = _obj(value, where).get("objectType", "Activity")
    if kind == "Activity":
        activity(value, where)
    elif kind == "Agent":
        agent(value, where)
    elif kind == "Group":
        group(value, where)
    elif kind == "StatementRef":
        statement_ref(value, where)
    elif kind == "SubStatement":
        if sub:
            raise bad(f"{where}: a SubStatement must not contain a SubStatement")
        substatement(value, where, v2)
    else:
        raise bad(f"{where}.objectType {kind!r} is not a valid object type")
    return str(kind)


def result(value: Any, where: str) -> None:
    _obj(value, where)
    _keys(value, {"score", "success", "completion", "response", "duration", "extensions"}, where)
    if "score" in value:
        score = _obj(value["score"], f"{where}.score")
        _keys(score, {"scaled", "raw", "min", "max"}, f"{where}.score")
        nums = {k: _number(score[k], f"{where}.score.{k}") for k in score}
        if "scaled" in nums and not -1 <= nums["scaled"] <= 1:
            raise bad(f"{where}.score.scaled must be between -1 and 1")
        low, high = nums.get("min"), nums.get("max")
        if low is not None and high is not None and low >= high:
            raise bad(f"{where}.score.min must be less than max")
        if "raw" in nums:
            if low is not None and nums["raw"] < low:
                raise bad(f"{where}.score.raw must not be below min")
            if high is not None and nums["raw"] > high:
                raise bad(f"{where}.score.raw must not be above max")
    for key in ("success", "completion"):
        if key in value:
            _bool(value[key], f"{where}.{key}")
    if "response" in value:
        _str(value["response"], f"{where}.response")
    if "duration" in value and (not isinstance(value["duration"], str)
                                or not DURATION_RE.match(value["duration"])):
        raise bad(f"{where}.duration must be an ISO 8601 duration")
    if "extensions" in value:
        _extensions(value["extensions"], f"{where}.extensions")


def _context_activities(value: Any, where: str) -> None:
    _obj(value, where)
    _keys(value, {"parent", "grouping", "category", "other"}, where)
    for key, item in value.items():
        items = item if isinstance(item, list) else [item]
        for i, one in enumerate(items):
            activity(one, f"{where}.{key}[{i}]")


def context(value: Any, where: str, object_type: str, v2: bool) -> None:
    _obj(value, where)
    allowed = {"registration", "instructor", "team", "contextActivities", "revision", "platform",
               "language", "statement", "extensions"}
    if v2:
        allowed |= {"contextAgents", "contextGroups"}
    _keys(value, allowed, where)
    if "registration" in value:
        uuid(value["registration"], f"{where}.registration")
    if "instructor" in value:
        actor(value["instructor"], f"{where}.instructor")
    if "team" in value:
        group(value["team"], f"{where}.team")
    if "contextActivities" in value:
        _context_activities(value["contextActivities"], f"{where}.contextActivities")
    for key in ("revision", "platform"):
        if key in value:
            _str(value[key], f"{where}.{key}")
            if object_type != "Activity":
                raise bad(f"{where}.{key} is only allowed when the object is an Activity")
    if "language" in value and (not isinstance(value["language"], str)
                                or not LANG_RE.match(value["language"])):
        raise bad(f"{where}.language must be an RFC 5646 language tag")
    if "statement" in value:
        _obj(value["statement"], f"{where}.statement")
        statement_ref(value["statement"], f"{where}.statement")
    if "extensions" in value:
        _extensions(value["extensions"], f"{where}.extensions")
    for key, kind, check in (("contextAgents", "contextAgent", "agent"),
                             ("contextGroups", "contextGroup", "group")):
        if key not in value:
            continue
        items = value[key]
        if not isinstance(items, list) or not items:
            raise bad(f"{where}.{key} must be a non-empty array")
        for i, item in enumerate(items):
            here = f"{where}.{key}[{i}]"
            _obj(item, here)
            _keys(item, {"objectType", check, "relevantTypes"}, here)
            if item.get("objectType") != kind:
                raise bad(f"{here}.objectType must be {kind}")
            if check not in item:
                raise bad(f"{here}.{check} is required")
            if check == "agent":
                agent(item["agent"], f"{here}.agent")
            else:
                group(item["group"], f"{here}.group")
            if "relevantTypes" in item:
                types = item["relevantTypes"]
                if not isinstance(types, list) or not types:
                    raise bad(f"{here}.relevantTypes must be a non-empty array of IRIs")
                for j, t in enumerate(types):
                    iri(t, f"{here}.relevantTypes[{j}]")


def attachments(value: Any, where: str) -> None:
    if not isinstance(value, list):
        raise bad(f"{where} must be an array")
    for i, item in enumerate(value):
        here = f"{where}[{i}]"
        _obj(item, here)
        _keys(item, {"usageType", "display", "description", "contentType", "length", "sha2",
                     "fileUrl"}, here)
        for key in ("usageType", "display", "contentType", "length", "sha2"):
            if key not in item:
                raise bad(f"{here}.{key} is required")
        iri(item["usageType"], f"{here}.usageType")
        _lang_map(item["display"], f"{here}.display")
        if "description" in item:
            _lang_map(item["description"], f"{here}.description")
        if not isinstance(item["contentType"], str) or not MEDIA_RE.match(item["contentType"]):
            raise bad(f"{here}.contentType must be an Internet Media Type")
        if isinstance(item["length"], bool) or not isinstance(item["length"], int) \
                or item["length"] < 0:
            raise bad(f"{here}.length must be a non-negative integer")
        if not isinstance(item["sha2"], str) or not SHA2_RE.match(item["sha2"]):
            raise bad(f"{here}.sha2 must be a hex SHA-2 hash")
        if "fileUrl" in item:
            iri(item["fileUrl"], f"{here}.fileUrl")


def _core(value: dict[str, Any], where: str, v2: bool, *, sub: bool) -> None:
    for key in ("actor", "verb", "object"):
        if key not in value:
            raise bad(f"{where}.{key} is required")
    actor(value["actor"], f"{where}.actor")
    verb(value["verb"], f"{where}.verb")
    kind = _object(value["object"], f"{where}.object", v2, sub=sub)
    if value["verb"]["id"] == VOIDED and kind != "StatementRef":
        raise bad(f"{where}: a voiding statement's object must be a StatementRef")
    if "result" in value:
        result(value["result"], f"{where}.result")
    if "context" in value:
        context(value["context"], f"{where}.context", kind, v2)
    if "timestamp" in value:
        timestamp(value["timestamp"], f"{where}.timestamp", v2)
    if "attachments" in value:
        attachments(value["attachments"], f"{where}.attachments")


def substatement(value: dict[str, Any], where: str, v2: bool) -> None:
    _keys(value, SUBSTATEMENT_KEYS, where)
    _core(value, where, v2, sub=True)


def statement(value: Any, v2: bool, where: str = "statement") -> None:
    _obj(value, where)
    _keys(value, STATEMENT_KEYS, where)
    if "id" in value:
        uuid(value["id"], f"{where}.id")
    _core(value, where, v2, sub=False)
    if "stored" in value:
        timestamp(value["stored"], f"{where}.stored", v2)
    if "authority" in value:
        authority(value["authority"], f"{where}.authority")
    if "version" in value:
        version = value["version"]
        if not isinstance(version, str) or not re.match(r"^(1\.0(\.\d+)?|2\.0(\.\d+)?)$", version):
            raise bad(f"{where}.version must be 1.0.x or 2.0.x")


def authority(value: Any, where: str) -> None:
    kind = _obj(value, where).get("objectType", "Agent")
    if kind == "Agent":
        agent(value, where)
    elif kind == "Group":
        group(value, where)
        members = value.get("member", [])
        if len(members) != 2 or _ifis(value, where):
            raise bad(f"{where}: an authority group must be an anonymous group of two agents")
    else:
        raise bad(f"{where} must be an Agent or a Group")
