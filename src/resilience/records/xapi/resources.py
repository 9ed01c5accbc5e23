"""The xAPI resources: Statements, State, Activity Profile, Agent Profile, Activities,
Agents and About."""

from __future__ import annotations

import base64
import json
import secrets
from datetime import datetime
from typing import Any

from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from resilience.records.models import Activity, AgentName, Attachment, Document, Statement
from resilience.records.xapi import validate
from resilience.records.xapi.errors import XAPIError, bad
from resilience.records.xapi.http import (
    VERSION_1,
    VERSION_2,
    XRequest,
    allowed_params,
    etag_of,
    json_param,
    parse_multipart,
    require_scope,
    sha256,
    xapi_view,
)
from resilience.records.xapi.store import (
    agent_key,
    dumps,
    find,
    ifi_only,
    iso,
    same_statement,
    scoped,
    store_statements,
)

MAX_LIMIT = 500
_MORE_SALT = "resilience.records.xapi.more"


def _json(value: Any, status: int = 200) -> HttpResponse:
    return HttpResponse(dumps(value), status=status, content_type="application/json")


# --- Statements: writing ----------------------------------------------------------------


def _statements_from_request(xreq: XRequest) -> tuple[Any, dict[str, tuple[str, bytes]]]:
    ctype = xreq.content_type
    if ctype == "multipart/mixed":
        parts = parse_multipart(xreq.headers.get("content-type", ""), xreq.body)
        first = parts[0]
        if first.headers.get("content-type", "").split(";")[0].strip().lower() \
                != "application/json":
            raise bad("the first part of a multipart/mixed body must be application/json")
        try:
            body = json.loads(first.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise bad("the statement part is not valid JSON") from None
        files: dict[str, tuple[str, bytes]] = {}
        for part in parts[1:]:
            sha = part.headers.get("x-experience-api-hash")
            if not sha:
                raise bad("every attachment part needs an X-Experience-API-Hash header")
            encoding = part.headers.get("content-transfer-encoding")
            if (encoding is None and not xreq.v2) or (
                    encoding is not None and encoding.lower() != "binary"):
                raise bad("every attachment part needs Content-Transfer-Encoding: binary")
            if sha256(part.body) != sha.lower() and len(sha) == 64:
                raise bad(f"the attachment part's content does not match its hash {sha}")
            files[sha.lower()] = (part.headers.get("content-type", "application/octet-stream"),
                                  part.body)
        return body, files
    if ctype != "application/json":
        raise bad("statements must be sent as application/json or multipart/mixed")
    return xreq.json_body(), {}


def _check_attachments(statements: list[dict[str, Any]], files: dict[str, tuple[str, bytes]],
                       v2: bool) -> None:
    declared: set[str] = set()
    for st in statements:
        for att in st.get("attachments", []) or []:
            sha = att["sha2"].lower()
            declared.add(sha)
            if "fileUrl" not in att and sha not in files:
                raise bad(f"the attachment {sha} has no fileUrl and no part in the request")
            if att["usageType"] == validate.SIGNATURE:
                if att["contentType"] != "application/octet-stream":
                    raise bad("a signature attachment must be application/octet-stream")
                if sha not in files:
                    raise bad("a signature attachment must be sent in the request")
                _check_signature(st, files[sha][1])
    extra = set(files) - declared
    if extra:
        raise bad(f"parts with no matching attachment: {', '.join(sorted(extra))}")


def _b64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _check_signature(st: dict[str, Any], jws: bytes) -> None:
    try:
        header_b64, payload_b64, _signature = jws.decode("ascii").strip().split(".")
        header = json.loads(_b64(header_b64))
        payload = json.loads(_b64(payload_b64))
    except (ValueError, UnicodeDecodeError):
        raise bad("the signature is not a JWS compact serialisation") from None
    if not isinstance(header, dict) or header.get("alg") not in ("RS256", "RS384", "RS512"):
        raise bad("a statement signature must use RS256, RS384 or RS512")
    if not isinstance(payload, dict):
        raise bad("the signature's payload is not a statement")
    original = {k: v for k, v in st.items() if k != "attachments"}
    signed = {k: v for k, v in payload.items() if k != "attachments"}
    if "id" in signed and "id" in original and signed["id"].lower() != original["id"].lower():
        raise bad("the signed statement's id differs from the statement's")
    if not same_statement(original, signed):
        raise bad("the signed payload does not match the statement")


def _validate_batch(body: Any, v2: bool) -> list[dict[str, Any]]:
    statements = body if isinstance(body, list) else [body]
    for i, st in enumerate(statements):
        where = f"statement[{i}]" if isinstance(body, list) else "statement"
        validate.statement(st, v2, where)
    return statements


def _check_own(principal: Any, statements: list[dict[str, Any]]) -> None:
    """A signed-in person (our own client) may only make statements about themselves."""
    if principal.user_id is None:
        return
    for st in statements:
        if agent_key(st["actor"]) not in principal.actor_keys:
            raise XAPIError(403, "signed in, you can only send statements about yourself")


def _post_statements(xreq: XRequest) -> HttpResponse:
    principal = require_scope(xreq, "statements/write")
    allowed_params(xreq, set())
    body, files = _statements_from_request(xreq)
    statements = _validate_batch(body, xreq.v2)
    _check_own(principal, statements)
    _check_attachments(statements, files, xreq.v2)
    ids = store_statements(statements, principal, version=xreq.version, attachments=files)
    return _json(ids)


def _put_statement(xreq: XRequest) -> HttpResponse:
    principal = require_scope(xreq, "statements/write")
    allowed_params(xreq, {"statementId"})
    if "statementId" not in xreq.params:
        raise bad("PUT needs the statementId parameter")
    sid = validate.uuid(xreq.params["statementId"], "statementId")
    body, files = _statements_from_request(xreq)
    if not isinstance(body, dict):
        raise bad("PUT takes one statement object")
    statements = _validate_batch(body, xreq.v2)
    if "id" in body and body["id"].lower() != sid.lower():
        raise bad("the statement's id differs from the statementId parameter")
    _check_own(principal, statements)
    _check_attachments(statements, files, xreq.v2)
    store_statements(statements, principal, version=xreq.version, attachments=files,
                     statement_id=sid)
    return HttpResponse(status=204)


# --- Statements: reading ----------------------------------------------------------------

QUERY_PARAMS = {"agent", "verb", "activity", "registration", "related_activities",
                "related_agents", "since", "until", "limit", "format", "attachments",
                "ascending"}
SINGLE_PARAMS = {"statementId", "voidedStatementId", "format", "attachments"}


def _bool(xreq: XRequest, name: str) -> bool:
    value = xreq.params.get(name, "false")
    if value not in ("true", "false"):
        raise bad(f"{name} must be true or false")
    return value == "true"


def _query(xreq: XRequest) -> dict[str, Any]:
    allowed_params(xreq, QUERY_PARAMS)
    params: dict[str, Any] = {}
    p = xreq.params
    if "agent" in p:
        agent = json_param(xreq, "agent")
        validate.agent_param(agent, "agent")
        params["agent"] = agent_key(agent)
    if "verb" in p:
        params["verb"] = validate.iri(p["verb"], "verb")
    if "activity" in p:
        params["activity"] = validate.iri(p["activity"], "activity")
    if "registration" in p:
        params["registration"] = validate.uuid(p["registration"], "registration").lower()
    for name in ("related_agents", "related_activities", "ascending"):
        if _bool(xreq, name):
            params[name] = True
    for name in ("since", "until"):
        if name in p:
            params[name] = validate.parse_timestamp(p[name], name).isoformat()
    return params


def _limit(xreq: XRequest) -> int:
    raw = xreq.params.get("limit", "0")
    if not raw.isdigit():
        raise bad("limit must be a non-negative integer")
    limit = int(raw)
    return MAX_LIMIT if limit == 0 or limit > MAX_LIMIT else limit


def _format(xreq: XRequest) -> str:
    fmt = xreq.params.get("format", "exact")
    if fmt not in ("exact", "ids", "canonical"):
        raise bad("format must be exact, ids or canonical")
    return fmt


def _ids(st: dict[str, Any]) -> dict[str, Any]:
    out = dict(st)
    out["actor"] = ifi_only(st["actor"])
    out["verb"] = {"id": st["verb"]["id"]}
    obj = st["object"]
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        out["object"] = {"id": obj["id"]}
    elif kind in ("Agent", "Group"):
        out["object"] = ifi_only(obj)
    elif kind == "SubStatement":
        out["object"] = _ids(obj)
    if "authority" in st:
        out["authority"] = ifi_only(st["authority"])
    ctx = st.get("context")
    if ctx:
        ctx = dict(ctx)
        for key in ("instructor", "team"):
            if key in ctx:
                ctx[key] = ifi_only(ctx[key])
        if "contextActivities" in ctx:
            ctx["contextActivities"] = {
                k: [{"id": a["id"]} for a in (v if isinstance(v, list) else [v])]
                for k, v in ctx["contextActivities"].items()}
        out["context"] = ctx
    return out


def _languages(header: str) -> list[str]:
    ranked = []
    for i, item in enumerate(header.split(",")):
        tag, _, q = item.strip().partition(";q=")
        if tag:
            try:
                weight = float(q) if q else 1.0
            except ValueError:
                weight = 0.0
            ranked.append((-weight, i, tag.strip().lower()))
    return [tag for _w, _i, tag in sorted(ranked)]


LANG_MAP_KEYS = {"display", "name", "description"}


def _canonical(value: Any, langs: list[str], key: str = "") -> Any:
    if isinstance(value, dict):
        if key in LANG_MAP_KEYS and value and all(isinstance(v, str) for v in value.values()):
            lower = {k.lower(): k for k in value}
            for lang in langs:
                if lang in lower:
                    return {lower[lang]: value[lower[lang]]}
                for k in lower:
                    if lang != "*" and k.split("-")[0] == lang.split("-")[0]:
                        return {lower[k]: value[lower[k]]}
            first = next(iter(value))
            return {first: value[first]}
        if key == "extensions":
            return value
        return {k: _canonical(v, langs, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_canonical(v, langs, key) for v in value]
    return value


def _render(xreq: XRequest, rows: list[Statement], fmt: str) -> list[str]:
    if fmt == "exact":
        return [row.data for row in rows]
    langs = _languages(xreq.headers.get("accept-language", ""))
    statements = [json.loads(row.data) for row in rows]
    if fmt == "ids":
        return [dumps(_ids(st)) for st in statements]
    # canonical: each activity with the LRS's canonical definition, in one language
    activities = [act for st in statements for act in _activity_objects(st)]
    definitions = dict(Activity.objects.filter(
        iri__in={a["id"] for a in activities}).exclude(definition={})
        .values_list("iri", "definition"))
    for act in activities:
        if act["id"] in definitions:
            act["definition"] = definitions[act["id"]]
    return [dumps(_canonical(st, langs)) for st in statements]


def _activity_objects(st: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    obj = st["object"]
    if obj.get("objectType", "Activity") == "Activity":
        found.append(obj)
    elif obj.get("objectType") == "SubStatement":
        found += _activity_objects(obj)
    for items in ((st.get("context") or {}).get("contextActivities") or {}).values():
        found += items if isinstance(items, list) else [items]
    return found


def _with_attachments(texts: list[str], rows: list[Statement]) -> HttpResponse:
    """A multipart/mixed answer: the JSON first, then each attachment's content."""
    shas: list[str] = []
    for row in rows:
        if row.has_attachments:
            shas += [att["sha2"].lower() for att in json.loads(row.data)["attachments"]]
    files = {a.sha2: a for a in Attachment.objects.filter(sha2__in=set(shas))}
    boundary = secrets.token_hex(16)
    parts = [f"--{boundary}\r\nContent-Type: application/json\r\n\r\n".encode(),
             texts[0].encode()]
    for sha in dict.fromkeys(shas):
        att = files.get(sha)
        if att is None:
            continue
        parts.append(f"\r\n--{boundary}\r\nContent-Type: {att.content_type}\r\n"
                     f"Content-Transfer-Encoding: binary\r\n"
                     f"X-Experience-API-Hash: {sha}\r\n\r\n".encode())
        parts.append(bytes(att.content))
    parts.append(f"\r\n--{boundary}--\r\n".encode())
    response = HttpResponse(b"".join(parts))
    response["Content-Type"] = f'multipart/mixed; boundary="{boundary}"'
    return response


def _statement_result(xreq: XRequest, texts: list[str], more: str) -> str:
    return '{"statements":[' + ",".join(texts) + '],"more":' + json.dumps(more) + "}"


def _get_statements(xreq: XRequest) -> HttpResponse:
    principal = xreq.principal
    assert principal is not None
    if not principal.may("statements/read", "statements/read/mine"):
        raise XAPIError(403, "this key needs the scope statements/read")
    consistent = iso(timezone.now())
    p = xreq.params
    if "more" in p:
        if len(p) > 1:
            raise bad("more takes no other parameters")
        try:
            state = signing.loads(p["more"], salt=_MORE_SALT, max_age=24 * 3600)
        except (signing.BadSignature, ValueError):
            raise XAPIError(404, "this more link has expired or is not ours") from None
        params, cursor, limit, fmt, attach, langs = (state["p"], tuple(state["c"]), state["l"],
                                                      state["f"], state["a"], state["h"])
        xreq.headers["accept-language"] = langs
    elif "statementId" in p or "voidedStatementId" in p:
        allowed_params(xreq, SINGLE_PARAMS)
        if "statementId" in p and "voidedStatementId" in p:
            raise bad("give statementId or voidedStatementId, not both")
        voided = "voidedStatementId" in p
        sid = validate.uuid(p["voidedStatementId" if voided else "statementId"],
                            "voidedStatementId" if voided else "statementId")
        fmt = _format(xreq)
        attach = _bool(xreq, "attachments")
        row = scoped(principal).filter(statement_id=sid.lower(), voided=voided).only(
            "pk", "stored", "data", "has_attachments").first()
        if row is None:
            raise XAPIError(404, "no such statement")
        texts = _render(xreq, [row], fmt)
        if attach:
            response = _with_attachments(texts, [row])
        else:
            response = HttpResponse(texts[0], content_type="application/json")
        response["X-Experience-API-Consistent-Through"] = consistent
        response["Last-Modified"] = http_date(row.stored.timestamp())
        return response
    else:
        params = _query(xreq)
        limit, fmt, attach = _limit(xreq), _format(xreq), _bool(xreq, "attachments")
        cursor = None
        langs = xreq.headers.get("accept-language", "")
    rows = find(principal, params, cursor, limit)
    more = ""
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        token = signing.dumps({"p": params, "c": [last.stored.isoformat(), last.pk],
                               "l": limit, "f": fmt, "a": attach, "h": langs},
                              salt=_MORE_SALT, compress=True)
        more = reverse("records:xapi_statements") + "?more=" + token
    texts = _render(xreq, rows, fmt)
    result = _statement_result(xreq, texts, more)
    if attach:
        response = _with_attachments([result], rows)
    else:
        response = HttpResponse(result, content_type="application/json")
    response["X-Experience-API-Consistent-Through"] = consistent
    return response


@xapi_view(methods=("GET", "PUT", "POST"), consistent=True)
def statements(xreq: XRequest) -> HttpResponse:
    if xreq.method == "POST":
        return _post_statements(xreq)
    if xreq.method == "PUT":
        return _put_statement(xreq)
    return _get_statements(xreq)


# --- Documents --------------------------------------------------------------------------


def _strip(tag: str) -> str:
    tag = tag.strip()
    if tag.startswith("W/"):
        tag = tag[2:]
    return tag.strip('"')


def _preconditions(xreq: XRequest, doc: Document | None, *, require_for_put: bool,
                   doc_kind: str = "") -> None:
    if_match = xreq.headers.get("if-match")
    if_none = xreq.headers.get("if-none-match")
    if if_match is not None:
        tags = {_strip(t) for t in if_match.split(",")}
        if doc is None or ("*" not in tags and doc.etag not in tags):
            raise XAPIError(412, "the document has changed (If-Match does not match its ETag)")
    if if_none is not None:
        tags = {_strip(t) for t in if_none.split(",")}
        if doc is not None and ("*" in tags or doc.etag in tags):
            raise XAPIError(412, "the document already exists (If-None-Match)")
    if require_for_put and xreq.method == "PUT" and if_match is None and if_none is None:
        if doc is not None:
            raise XAPIError(409, "the document exists: send If-Match with its ETag, or "
                                 "If-None-Match: * to create it only if it is absent")
        if not xreq.v2 and doc_kind != Document.STATE:
            raise bad("xAPI 1.0.3 needs If-Match or If-None-Match on a PUT of a profile")


def _since(xreq: XRequest) -> datetime | None:
    if "since" not in xreq.params:
        return None
    return validate.parse_timestamp(xreq.params["since"], "since")


def _documents(xreq: XRequest, kind: str, keys: dict[str, str], id_param: str) -> HttpResponse:
    principal = xreq.principal
    assert principal is not None
    doc_id = xreq.params.get(id_param)
    qs = Document.objects.filter(kind=kind, org_scope=principal.org_scope, **keys)
    method = xreq.method
    if method == "GET" and doc_id is None:
        since = _since(xreq)
        if since is not None:
            qs = qs.filter(updated__gt=since)
        ids = list(qs.order_by("updated", "pk").values_list("doc_id", flat=True))
        return _json(ids)
    if method == "DELETE" and doc_id is None:
        if kind != Document.STATE:
            raise bad(f"DELETE needs the {id_param} parameter")
        qs.delete()
        return HttpResponse(status=204)
    if doc_id is None:
        raise bad(f"the {id_param} parameter is required")
    if "since" in xreq.params:
        raise bad(f"since cannot be combined with {id_param}")
    doc = qs.filter(doc_id=doc_id).first()
    if method == "GET":
        if doc is None:
            raise XAPIError(404, "no such document")
        response = HttpResponse(bytes(doc.content), content_type=doc.content_type)
        response["ETag"] = f'"{doc.etag}"'
        response["Last-Modified"] = http_date(doc.updated.timestamp())
        return response
    _preconditions(xreq, doc, require_for_put=kind != Document.STATE or xreq.v2,
                   doc_kind=kind)
    if method == "DELETE":
        if doc is not None:
            doc.delete()
        return HttpResponse(status=204)
    content = xreq.body
    ctype = xreq.headers.get("content-type") or "application/octet-stream"
    is_json = ctype.split(";")[0].strip().lower() == "application/json"
    if is_json:
        try:
            parsed = json.loads(content.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise bad("the document is declared application/json but is not valid JSON") \
                from None
    if method == "POST":
        if doc is not None:
            doc_json = doc.content_type.split(";")[0].strip().lower() == "application/json"
            if not is_json or not doc_json:
                raise bad("POST merges JSON objects: both documents must be application/json")
            old = json.loads(bytes(doc.content).decode("utf-8"))
            if not isinstance(old, dict) or not isinstance(parsed, dict):
                raise bad("POST merges JSON objects: both documents must be JSON objects")
            content = dumps({**old, **parsed}).encode("utf-8")
        elif is_json and not isinstance(parsed, dict):
            raise bad("POST with application/json needs a JSON object")
    now = timezone.now()
    with transaction.atomic():
        if doc is None:
            try:
                with transaction.atomic():
                    Document.objects.create(kind=kind, doc_id=doc_id, content=content,
                                            content_type=ctype, etag=etag_of(content),
                                            updated=now, org_scope=principal.org_scope, **keys)
            except IntegrityError:
                raise XAPIError(409, "the document was created by another request") from None
        else:
            doc.content, doc.content_type = content, ctype
            doc.etag, doc.updated = etag_of(content), now
            doc.save(update_fields=["content", "content_type", "etag", "updated"])
    response = HttpResponse(status=204)
    response["ETag"] = f'"{etag_of(content)}"'
    return response


def _agent_param(xreq: XRequest) -> str:
    if "agent" not in xreq.params:
        raise bad("the agent parameter is required")
    agent = json_param(xreq, "agent")
    validate.agent_param(agent, "agent")
    key = agent_key(agent)
    assert key is not None
    return key


def _activity_param(xreq: XRequest) -> str:
    if "activityId" not in xreq.params:
        raise bad("the activityId parameter is required")
    return validate.iri(xreq.params["activityId"], "activityId")


@xapi_view(methods=("GET", "PUT", "POST", "DELETE"))
def state(xreq: XRequest) -> HttpResponse:
    require_scope(xreq, "state")
    allowed_params(xreq, {"activityId", "agent", "registration", "stateId", "since"})
    activity = _activity_param(xreq)
    agent = _agent_param(xreq)
    registration = ""
    if "registration" in xreq.params:
        registration = validate.uuid(xreq.params["registration"], "registration").lower()
    if xreq.method in ("PUT", "POST") and "stateId" not in xreq.params:
        raise bad("the stateId parameter is required")
    return _documents(xreq, Document.STATE, {"activity_id": activity, "agent_key": agent,
                                             "registration": registration}, "stateId")


@xapi_view(methods=("GET", "PUT", "POST", "DELETE"))
def activity_profile(xreq: XRequest) -> HttpResponse:
    require_scope(xreq, "profile")
    allowed_params(xreq, {"activityId", "profileId", "since"})
    activity = _activity_param(xreq)
    return _documents(xreq, Document.ACTIVITY_PROFILE,
                      {"activity_id": activity, "agent_key": "", "registration": ""},
                      "profileId")


@xapi_view(methods=("GET", "PUT", "POST", "DELETE"))
def agent_profile(xreq: XRequest) -> HttpResponse:
    require_scope(xreq, "profile")
    allowed_params(xreq, {"agent", "profileId", "since"})
    agent = _agent_param(xreq)
    return _documents(xreq, Document.AGENT_PROFILE,
                      {"activity_id": "", "agent_key": agent, "registration": ""}, "profileId")


# --- Activities, Agents, About --------------------------------------------------------


@xapi_view(methods=("GET",))
def activities(xreq: XRequest) -> HttpResponse:
    allowed_params(xreq, {"activityId"})
    iri = _activity_param(xreq)
    row = Activity.objects.filter(iri=iri).first()
    out: dict[str, Any] = {"objectType": "Activity", "id": iri}
    if row is not None and row.definition:
        out["definition"] = row.definition
    return _json(out)


@xapi_view(methods=("GET",))
def agents(xreq: XRequest) -> HttpResponse:
    allowed_params(xreq, {"agent"})
    if "agent" not in xreq.params:
        raise bad("the agent parameter is required")
    agent = json_param(xreq, "agent")
    validate.agent(agent, "agent")
    key = agent_key(agent)
    person: dict[str, Any] = {"objectType": "Person"}
    names = [n for n in AgentName.objects.filter(agent_key=key).values_list("name", flat=True)
             if n]
    if agent.get("name") and agent["name"] not in names:
        names.insert(0, agent["name"])
    if names:
        person["name"] = names
    for ifi in ("mbox", "mbox_sha1sum", "openid", "account"):
        if ifi in agent:
            person[ifi] = [agent[ifi]]
    return _json(person)


@xapi_view(methods=("GET",), needs_version=False)
def about(xreq: XRequest) -> HttpResponse:
    return _json({"version": [VERSION_1, VERSION_2, "1.0.2", "1.0.1", "1.0.0"],
                  "extensions": {}})


__all__ = [
    "VERSION_1",
    "about",
    "activities",
    "activity_profile",
    "agent_profile",
    "agents",
    "state",
    "statements",
]
