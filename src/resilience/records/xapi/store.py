"""Storing and finding statements.

:func:`store_statements` validates nothing (the caller has); it assigns what the LRS sets
(id, stored, authority, version, timestamp), checks conflicts and voiding, and writes the
statements, their lookup terms, attachments and activity definitions in one transaction.
"""

from __future__ import annotations

import json
import re
import uuid as uuidlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from resilience.records.models import (
    Activity,
    AgentName,
    Attachment,
    Forward,
    ForwardTarget,
    Statement,
    StatementTerm,
)
from resilience.records.xapi.errors import XAPIError, bad
from resilience.records.xapi.validate import VOIDED

T = StatementTerm


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def agent_key(agent: dict[str, Any]) -> str | None:
    """The inverse functional identifier of an agent or identified group, as one string."""
    if "mbox" in agent:
        return f"mbox:{agent['mbox']}"
    if "mbox_sha1sum" in agent:
        return f"sha1:{agent['mbox_sha1sum'].lower()}"
    if "openid" in agent:
        return f"openid:{agent['openid']}"
    if "account" in agent:
        account = agent["account"]
        return f"account:{account['homePage']}|{account['name']}"
    return None


def ifi_only(agent: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "objectType" in agent:
        out["objectType"] = agent["objectType"]
    for key in ("mbox", "mbox_sha1sum", "openid", "account"):
        if key in agent:
            out[key] = agent[key]
            break
    else:
        if agent.get("member"):
            out["member"] = [ifi_only(m) for m in agent["member"]]
    return out


@dataclass
class Principal:
    """Who is calling the LRS: a credential or a signed-in person, and what they may do."""

    authority: dict[str, Any]
    scopes: frozenset[str]
    organisation_id: int | None = None
    credential_id: int | None = None
    user_id: int | None = None
    org_scope: int = 0
    #: for a signed-in person: the agent keys that are theirs (they may read those too)
    actor_keys: tuple[str, ...] = ()

    def may(self, *scopes: str) -> bool:
        return "all" in self.scopes or any(s in self.scopes for s in scopes)


@dataclass
class Prepared:
    statement: dict[str, Any]
    id: str
    terms: list[tuple[int, str]] = field(default_factory=list)


def _arrays(st: dict[str, Any]) -> dict[str, Any]:
    """Context activities are always answered as arrays, even if sent as one object."""
    ctx = st.get("context")
    if ctx and isinstance(ctx.get("contextActivities"), dict):
        st = {**st, "context": {**ctx, "contextActivities": {
            k: v if isinstance(v, list) else [v] for k, v in ctx["contextActivities"].items()}}}
    obj = st.get("object")
    if isinstance(obj, dict) and obj.get("objectType") == "SubStatement":
        st = {**st, "object": _arrays(obj)}
    return st


def _competencies(st: dict[str, Any]) -> str:
    """Our competency slugs in the statement's category context activities."""
    from resilience.records.vocabulary import competency_slug

    items = ((st.get("context") or {}).get("contextActivities") or {}).get("category") or []
    slugs = [competency_slug(a["id"]) for a in (items if isinstance(items, list) else [items])]
    return " ".join(dict.fromkeys(s for s in slugs if s))[:512]


def _terms(st: dict[str, Any]) -> list[tuple[int, str]]:
    terms: list[tuple[int, str]] = [(T.VERB, st["verb"]["id"])]

    def agents(value: dict[str, Any] | None, kind: int) -> None:
        if not value:
            return
        key = agent_key(value)
        if key:
            terms.append((kind, key))
        for member in value.get("member", []) or []:
            mkey = agent_key(member)
            if mkey:
                terms.append((T.RELATED_AGENT, mkey))

    def activities(ctx: dict[str, Any] | None) -> None:
        if not ctx:
            return
        for items in (ctx.get("contextActivities") or {}).values():
            for item in items if isinstance(items, list) else [items]:
                terms.append((T.RELATED_ACTIVITY, item["id"]))

    def context_agents(ctx: dict[str, Any] | None) -> None:
        if not ctx:
            return
        agents(ctx.get("instructor"), T.RELATED_AGENT)
        agents(ctx.get("team"), T.RELATED_AGENT)
        for item in ctx.get("contextAgents", []) or []:
            agents(item.get("agent"), T.RELATED_AGENT)
        for item in ctx.get("contextGroups", []) or []:
            agents(item.get("group"), T.RELATED_AGENT)

    agents(st["actor"], T.AGENT)
    obj = st["object"]
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        terms.append((T.ACTIVITY, obj["id"]))
    elif kind in ("Agent", "Group"):
        agents(obj, T.AGENT)
    elif kind == "SubStatement":
        agents(obj["actor"], T.RELATED_AGENT)
        sub = obj["object"]
        skind = sub.get("objectType", "Activity")
        if skind == "Activity":
            terms.append((T.RELATED_ACTIVITY, sub["id"]))
        elif skind in ("Agent", "Group"):
            agents(sub, T.RELATED_AGENT)
        activities(obj.get("context"))
        context_agents(obj.get("context"))
    activities(st.get("context"))
    context_agents(st.get("context"))
    agents(st.get("authority"), T.RELATED_AGENT)
    registration = (st.get("context") or {}).get("registration")
    if registration:
        terms.append((T.REGISTRATION, registration.lower()))
    related = {T.AGENT: T.RELATED_AGENT, T.ACTIVITY: T.RELATED_ACTIVITY}
    terms += [(related[kind], value) for kind, value in terms if kind in related]
    return list(dict.fromkeys(terms))


_IGNORED = ("id", "stored", "authority", "version", "timestamp")


_SECONDS = re.compile(r"(\d+)(?:[.,](\d+))?S$")


def _duration(value: Any) -> Any:
    """Durations compare to a hundredth of a second (the LRS may truncate beyond that)."""
    if not isinstance(value, str):
        return value
    match = _SECONDS.search(value)
    if not match:
        return value
    whole, frac = match.group(1), (match.group(2) or "")[:2].rstrip("0")
    return value[: match.start()] + whole + (f".{frac}" if frac else "") + "S"


def _comparable(st: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in st.items() if k not in _IGNORED}
    result = out.get("result")
    if isinstance(result, dict) and "duration" in result:
        out["result"] = {**result, "duration": _duration(result["duration"])}
    obj = out.get("object")
    if isinstance(obj, dict) and obj.get("objectType") == "SubStatement":
        out["object"] = _comparable(obj)
    return out


def same_statement(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return _comparable(a) == _comparable(b)


def _merge_definition(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    merged = dict(old)
    for key, value in new.items():
        if key in ("name", "description", "extensions") and isinstance(value, dict):
            merged[key] = {**merged.get(key, {}), **value}
        else:
            merged[key] = value
    return merged


def _activities(st: dict[str, Any]) -> Iterable[dict[str, Any]]:
    def walk(s: dict[str, Any]) -> Iterable[dict[str, Any]]:
        obj = s["object"]
        if obj.get("objectType", "Activity") == "Activity":
            yield obj
        elif obj.get("objectType") == "SubStatement":
            yield from walk(obj)
        for items in ((s.get("context") or {}).get("contextActivities") or {}).values():
            yield from items if isinstance(items, list) else [items]

    yield from walk(st)


def store_statements(
    statements: list[dict[str, Any]],
    principal: Principal,
    *,
    version: str,
    attachments: dict[str, tuple[str, bytes]] | None = None,
    statement_id: str | None = None,
) -> list[str]:
    """Store a batch (all or nothing); return the ids in order.

    Statements already stored with the same id and the same content are not stored again;
    a different statement with an existing id is a 409 Conflict.
    """
    now = timezone.now()
    now = now.replace(microsecond=now.microsecond // 1000 * 1000)  # as precise as `stored`
    stored = iso(now)
    prepared: list[Prepared] = []
    seen: set[str] = set()
    given: list[str] = []
    for st in statements:
        if st.get("id") or statement_id:
            given.append((st.get("id") or statement_id).lower())
        sid = st.get("id") or statement_id or str(uuidlib.uuid4())
        sid = sid.lower()
        if sid in seen:
            raise bad(f"the statement id {sid} appears twice in the batch")
        seen.add(sid)
        out = _arrays({"id": sid, **{k: v for k, v in st.items() if k != "id"}})
        out["stored"] = stored
        out["authority"] = principal.authority
        out.setdefault("version", "2.0.0" if version.startswith("2") else "1.0.0")
        out.setdefault("timestamp", stored)
        prepared.append(Prepared(out, sid, _terms(out)))

    for attempt in (1, 2):
        try:
            _write(prepared, given, principal, attachments, now)
            break
        except IntegrityError:
            # Another request stored one of these ids at the same moment (PostgreSQL):
            # look again, now that its statement is visible.
            if attempt == 2:
                raise XAPIError(409, "a statement with one of these ids was being stored by "
                                     "another request; send the batch again") from None
    return [p.id for p in prepared]


_ROWS_PER_INSERT = 500  # 15 parameters a row: well inside SQLite's and PostgreSQL's limits


def _as_uuid(value: str | None) -> Any:
    """A validated UUID as this database stores it (a uuid in PostgreSQL, 32 hex digits
    without hyphens elsewhere: Django's UUIDField)."""
    if value is None:
        return None
    if connection.features.has_native_uuid_field:
        return uuidlib.UUID(value)
    return value.replace("-", "").lower()


def _chunked(items: list[Any], build: Any) -> list[tuple[Any, ...]]:
    """Run ``build(chunk) -> (sql, params)`` for each chunk of ``items``; every row back."""
    rows: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for start in range(0, len(items), _ROWS_PER_INSERT):
            cursor.execute(*build(items[start:start + _ROWS_PER_INSERT]))
            rows += cursor.fetchall()
    return rows


def _marks(n: int, per_row: int = 1) -> str:
    """``%s`` placeholders for n rows of per_row values: "(%s, %s), (%s, %s)" or "%s, %s"."""
    one = ", ".join(["%s"] * per_row)
    return ", ".join([f"({one})" if per_row > 1 else one] * n)


def _stored_data(ids: list[str]) -> dict[str, str]:
    """The stored JSON text of those of ``ids`` that are already stored, by id."""
    if not ids:
        return {}
    table = connection.ops.quote_name(Statement._meta.db_table)
    rows = _chunked(ids, lambda chunk: (
        f"SELECT statement_id, data FROM {table} "  # noqa: S608
        f"WHERE statement_id IN ({_marks(len(chunk))})", [_as_uuid(i) for i in chunk]))
    return {str(uuidlib.UUID(str(sid))): data for sid, data in rows}


_COLUMNS = ("statement_id", "data", "stored", "verb_id", "actor_key", "object_activity",
            "registration", "ref_target", "voided", "success", "competencies",
            "has_attachments", "organisation_id", "credential_id", "user_id")


def _insert_statements(fresh: list[Prepared], principal: Principal,
                       moment: Any) -> dict[str, int]:
    """Insert the statements' rows; return their primary keys by statement id.

    A multi-row INSERT … RETURNING in plain SQL: the same rows through the ORM's
    ``bulk_create`` took about a third of a batch's time, preparing each field of each row.
    """
    ops = connection.ops
    rows = []
    for p in fresh:
        st = p.statement
        obj = st["object"]
        kind = obj.get("objectType", "Activity")
        rows.append((
            _as_uuid(p.id), dumps(st), moment, st["verb"]["id"][:512],
            (agent_key(st["actor"]) or "")[:512],
            (obj["id"] if kind == "Activity" else "")[:512],
            _as_uuid((st.get("context") or {}).get("registration")),
            _as_uuid(obj["id"]) if kind == "StatementRef" else None,
            False, (st.get("result") or {}).get("success"), _competencies(st),
            bool(st.get("attachments")), principal.organisation_id, principal.credential_id,
            principal.user_id,
        ))
    table = ops.quote_name(Statement._meta.db_table)
    columns = ", ".join(ops.quote_name(c) for c in _COLUMNS)
    inserted = _chunked(rows, lambda chunk: (
        f"INSERT INTO {table} ({columns}) "  # noqa: S608
        f"VALUES {_marks(len(chunk), len(_COLUMNS))} RETURNING id, statement_id",
        [value for row in chunk for value in row]))
    return {str(uuidlib.UUID(str(sid))): pk for pk, sid in inserted}


def _write(prepared: list[Prepared], given: list[str], principal: Principal,
           attachments: dict[str, tuple[str, bytes]] | None, now: datetime) -> None:
    with transaction.atomic():
        existing = _stored_data(given)  # only ids the client chose can already exist
        fresh: list[Prepared] = []
        for p in prepared:
            data = existing.get(p.id)
            if data is None:
                fresh.append(p)
            elif not same_statement(json.loads(data), p.statement):
                raise XAPIError(409, f"a different statement with the id {p.id} "
                                     "is already stored")
        # Voiding: the target may be absent, but a voiding statement cannot be voided.
        void_targets = [p.statement["object"]["id"].lower() for p in fresh
                        if p.statement["verb"]["id"] == VOIDED]
        if void_targets:
            voiders = set(
                str(s) for s in Statement.objects.filter(
                    statement_id__in=void_targets, verb_id=VOIDED
                ).values_list("statement_id", flat=True)
            )
            voiders |= {p.id for p in fresh if p.statement["verb"]["id"] == VOIDED} & set(
                void_targets)
            if voiders:
                raise bad("a voiding statement cannot be voided")
        # A StatementRef inherits its target's lookup terms (so filters find it).
        inherited = _inherited_terms({p.statement["object"]["id"].lower() for p in fresh
                                      if p.statement["object"].get("objectType")
                                      == "StatementRef"})
        moment = connection.ops.adapt_datetimefield_value(now)  # as the database stores it
        pks = _insert_statements(fresh, principal, moment)
        terms = []
        for p in fresh:
            values = list(p.terms)
            if p.statement["object"].get("objectType") == "StatementRef":
                values += inherited.get(p.statement["object"]["id"].lower(), [])
            pk = pks[p.id]
            # the primary key is (value, kind, stored, statement): no row twice, even where
            # two values differ only after their 512th character
            terms += [(value, kind, moment, pk) for value, kind in
                      dict.fromkeys((value[:512], kind) for kind, value in values)]
        # Several rows per statement: a plain executemany (the ORM's bulk_create spends
        # most of a batch's time compiling these rows one field at a time).
        table = connection.ops.quote_name(StatementTerm._meta.db_table)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} (value, kind, stored, statement_id) "  # noqa: S608
                "VALUES (%s, %s, %s, %s)", terms)
        if void_targets:
            Statement.objects.filter(statement_id__in=void_targets).update(voided=True)
        if attachments:
            have = set(Attachment.objects.filter(sha2__in=list(attachments))
                       .values_list("sha2", flat=True))
            Attachment.objects.bulk_create(
                [Attachment(sha2=sha, content_type=ctype, content=body)
                 for sha, (ctype, body) in attachments.items() if sha not in have],
                ignore_conflicts=True)
        _remember_definitions(fresh, principal)
        _remember_agents(fresh)
        _queue_forwards([pks[p.id] for p in fresh], now)  # in the batch's order


def _inherited_terms(ref_ids: set[str], depth: int = 0) -> dict[str, list[tuple[int, str]]]:
    """The lookup terms each referenced statement has, by its id: its own, and (if it is
    a StatementRef too) what it inherited in turn.

    Worked out again from the stored statements (references are rare, and the lookup
    table is keyed by value, not by statement).
    """
    if not ref_ids or depth > 10:
        return {}
    targets = {sid: json.loads(data) for sid, data in _stored_data(sorted(ref_ids)).items()}
    further = {st["object"]["id"].lower() for st in targets.values()
               if st["object"].get("objectType") == "StatementRef"}
    inherited = _inherited_terms(further, depth + 1)
    out = {}
    for sid, st in targets.items():
        terms = _terms(st)
        if st["object"].get("objectType") == "StatementRef":
            terms += inherited.get(st["object"]["id"].lower(), [])
        out[sid] = terms
    return out


_SEEN_DEFINITIONS: set[tuple[str, str, bool]] = set()


def _remember_definitions(fresh: list[Prepared], principal: Principal) -> None:
    definitions: dict[str, dict[str, Any]] = {}
    for p in fresh:
        for act in _activities(p.statement):
            if "definition" in act:
                definitions[act["id"]] = _merge_definition(
                    definitions.get(act["id"], {}), act["definition"])
            else:
                definitions.setdefault(act["id"], {})
    # Skip what this process has already merged (merging the same definition again would
    # change nothing): most statements repeat their activity's definition.
    signatures = {iri: (iri, dumps(d), principal.may("define"))
                  for iri, d in definitions.items()}
    definitions = {iri: d for iri, d in definitions.items()
                   if signatures[iri] not in _SEEN_DEFINITIONS}
    if not definitions:
        return
    done = [signatures[iri] for iri in definitions]

    def remember() -> None:
        if len(_SEEN_DEFINITIONS) > 50_000:
            _SEEN_DEFINITIONS.clear()
        _SEEN_DEFINITIONS.update(done)

    transaction.on_commit(remember)
    known = {a.iri: a for a in Activity.objects.filter(iri__in=list(definitions))}
    create = []
    for iri, definition in definitions.items():
        row = known.get(iri)
        if row is None:
            create.append(Activity(iri=iri, definition=definition))
        elif (definition and principal.may("define")) or (definition and not row.definition):
            merged = _merge_definition(row.definition, definition)
            if merged != row.definition:
                row.definition = merged
                row.save(update_fields=["definition"])
    Activity.objects.bulk_create(create, ignore_conflicts=True)


_SEEN_AGENTS: set[tuple[str, str]] = set()


def _remember_agents(fresh: list[Prepared]) -> None:
    rows: dict[tuple[str, str], tuple[str, str, str]] = {}
    for p in fresh:
        for agent in (p.statement["actor"], p.statement["object"]):
            if agent.get("objectType", "Activity") in ("Agent",) or (
                agent is p.statement["actor"] and agent.get("objectType", "Agent") == "Agent"
            ):
                key = agent_key(agent)
                name = agent.get("name", "")
                if key and (key, name) not in _SEEN_AGENTS:
                    rows[(key, name)] = (key[:512], dumps(ifi_only(agent)), name[:512])
    if not rows:
        return
    # Plain SQL: the ORM's bulk_create with ignore_conflicts cost more than the statement.
    ops = connection.ops
    table = ops.quote_name(AgentName._meta.db_table)
    agent = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    new = list(rows.values())
    with connection.cursor() as cursor:
        for start in range(0, len(new), _ROWS_PER_INSERT):
            chunk = new[start:start + _ROWS_PER_INSERT]
            values = ", ".join([f"(%s, {agent}, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} (agent_key, agent, name) VALUES {values} "  # noqa: S608
                "ON CONFLICT DO NOTHING", [v for row in chunk for v in row])
    if len(_SEEN_AGENTS) > 100_000:
        _SEEN_AGENTS.clear()
    # Remembered only once committed (a rolled-back batch must not be remembered).
    transaction.on_commit(lambda: _SEEN_AGENTS.update(rows))


def _queue_forwards(statement_pks: list[int], now: datetime) -> None:
    if not statement_pks:
        return
    table = connection.ops.quote_name(ForwardTarget._meta.db_table)
    with connection.cursor() as cursor:  # on every write: the plain query costs least
        cursor.execute(f"SELECT id FROM {table} WHERE active")  # noqa: S608
        targets = [row[0] for row in cursor.fetchall()]
    if targets:
        Forward.objects.bulk_create([
            Forward(target_id=t, statement_id=pk, next_try=now)
            for t in targets for pk in statement_pks
        ], batch_size=1000)


# --- Queries ----------------------------------------------------------------------------


def scope_q(principal: Principal, prefix: str = "") -> Q:
    """What ``principal`` may read, as a filter on statements (``prefix`` for joins)."""
    q = Q()
    if principal.organisation_id is not None:
        q &= Q(**{f"{prefix}organisation_id": principal.organisation_id})
    if not principal.may("statements/read"):
        if principal.credential_id is not None:
            q &= Q(**{f"{prefix}credential_id": principal.credential_id})
        elif principal.user_id is not None:
            q &= (Q(**{f"{prefix}user_id": principal.user_id})
                  | Q(**{f"{prefix}actor_key__in": principal.actor_keys}))
        else:
            q &= Q(pk__in=[])
    return q


def scoped(principal: Principal) -> Any:
    return Statement.objects.filter(scope_q(principal))


#: Filters, rarest first: the first one given drives the query through its index range.
_FILTERS = ("registration", "agent", "activity", "verb")


def _filter_kind(name: str, params: dict[str, Any]) -> int:
    if name == "agent":
        return T.RELATED_AGENT if params.get("related_agents") else T.AGENT
    if name == "activity":
        return T.RELATED_ACTIVITY if params.get("related_activities") else T.ACTIVITY
    return T.VERB if name == "verb" else T.REGISTRATION


def find(principal: Principal, params: dict[str, Any], cursor: tuple[str, int] | None,
         limit: int) -> list[Statement]:
    """One page of statements matching ``params`` (already validated), in stored order.

    Without filters the (voided, stored) index gives the page; with filters the first
    filter's (kind, value, stored) index range does, and the others are checked per row.
    """
    ascending = bool(params.get("ascending"))
    filters = [(_filter_kind(n, params), params[n]) for n in _FILTERS if n in params]
    columns = ("pk", "stored", "data", "has_attachments")
    moment = datetime.fromisoformat(cursor[0]) if cursor is not None else None
    if not filters:
        # "voided IN (false)", not Django's "NOT voided": SQLite reads the page from the
        # (voided, stored) index only for the former (the latter scans and sorts).
        qs = scoped(principal).filter(voided__in=[False])
        id_field = "pk"
    else:
        kind, value = filters[0]
        qs = StatementTerm.objects.filter(kind=kind, value=value, statement__voided=False)
        qs = qs.filter(scope_q(principal, "statement__"))
        for kind, value in filters[1:]:
            # the whole primary key, so each check is one index probe
            qs = qs.filter(Exists(StatementTerm.objects.filter(
                value=value, kind=kind, stored=OuterRef("stored"),
                statement_id=OuterRef("statement_id"))))
        id_field = "statement_id"
    if "since" in params:
        qs = qs.filter(stored__gt=params["since"])
    if "until" in params:
        qs = qs.filter(stored__lte=params["until"])
    if moment is not None and cursor is not None:
        after = "gt" if ascending else "lt"
        qs = qs.filter(Q(**{f"stored__{after}": moment})
                       | Q(stored=moment, **{f"{id_field}__{after}": cursor[1]}))
    order = ["stored", id_field] if ascending else ["-stored", f"-{id_field}"]
    if not filters:
        return list(qs.order_by(*order).only(*columns)[: limit + 1])
    ids = list(qs.order_by(*order).values_list("statement_id", flat=True)[: limit + 1])
    rows = {s.pk: s for s in Statement.objects.filter(pk__in=ids).only(*columns)}
    return [rows[pk] for pk in ids]
