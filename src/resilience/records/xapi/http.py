"""The HTTP layer shared by every xAPI resource: versions, authentication, the alternate
request syntax of 1.0.3, multipart bodies, concurrency headers and error answers."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from resilience.accounts.access import public
from resilience.records.xapi.errors import XAPIError, bad
from resilience.records.xapi.store import Principal

VERSION_1 = "1.0.3"
VERSION_2 = "2.0.0"
_V1_RE = re.compile(r"^1\.0(\.\d+)?$")
_V2_RE = re.compile(r"^2\.0(\.\d+)?$")
ALTERNATE_HEADERS = {"authorization", "x-experience-api-version", "content-type",
                     "content-length", "if-match", "if-none-match"}
EXPOSED = ("ETag, Last-Modified, Content-Type, X-Experience-API-Version, "
           "X-Experience-API-Consistent-Through")

#: Where the agents of our own users live (an account on this namespace, named by id).
PEOPLE_HOME_PAGE = "https://resilience.invalid/people"


def user_agent(user: Any) -> dict[str, Any]:
    """The xAPI agent for one of our users: pseudonymous, stable, no personal data."""
    return {"objectType": "Agent", "account": {"homePage": PEOPLE_HOME_PAGE, "name": str(user.pk)}}


#: The version each client last asked for, to label answers to requests that name none.
_last_version: dict[str, str] = {}


def _client_key(headers: dict[str, str]) -> str:
    """Which client this is, without keeping its credentials in memory."""
    auth = headers.get("authorization", "")
    return hashlib.sha256(auth.encode()).hexdigest()[:32] if auth else "session"


@dataclass
class XRequest:
    method: str
    params: dict[str, str]
    headers: dict[str, str]
    body: bytes
    version: str
    principal: Principal | None = None
    django: HttpRequest | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def v2(self) -> bool:
        return self.version == VERSION_2

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def json_body(self) -> Any:
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise bad("the request body is not valid JSON") from None


def error_response(status: int, message: str, version: str = VERSION_1) -> HttpResponse:
    response = HttpResponse(json.dumps({"error": {"code": status, "message": message}}),
                            status=status, content_type="application/json")
    if status == 401:
        response["WWW-Authenticate"] = 'Basic realm="xAPI"'
    response["X-Experience-API-Version"] = version
    return response


def _authenticate(request: HttpRequest, headers: dict[str, str]) -> Principal:
    from resilience.records import credentials

    auth = headers.get("authorization", "")
    if auth:
        if not auth.lower().startswith("basic "):
            raise XAPIError(401, "use HTTP Basic authentication with an LRS key and secret")
        try:
            key, _, secret = base64.b64decode(auth[6:].strip()).decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            raise XAPIError(401, "the Authorization header is malformed") from None
        principal = credentials.check(key, secret)
        if principal is None:
            raise XAPIError(401, "unknown key or wrong secret")
        return principal
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_active:
        from resilience.records.progress import agent_keys

        return Principal(
            actor_keys=tuple(agent_keys(user)),
            authority=user_agent(user),
            scopes=frozenset({"statements/write", "statements/read/mine", "state", "profile"}),
            user_id=user.pk, org_scope=-int(user.pk),
        )
    raise XAPIError(401, "authentication is required")


def _check_csrf(request: HttpRequest) -> None:
    from django.middleware.csrf import CsrfViewMiddleware

    refused = CsrfViewMiddleware(lambda r: HttpResponse()).process_view(
        request, lambda r: HttpResponse(), (), {})
    if refused is not None:
        raise XAPIError(403, "a signed-in browser must send the CSRF token")


def _alternate(request: HttpRequest) -> tuple[str, dict[str, str], dict[str, str], bytes]:
    """Unpack the 1.0.3 alternate request syntax (a POST carrying method, headers, body)."""
    method = request.GET["method"].upper()
    if request.method != "POST":
        raise bad("the alternate request syntax must be sent as a POST")
    if len(request.GET) != 1:
        raise bad("with the alternate request syntax, only 'method' may be in the query string")
    if method not in ("GET", "PUT", "POST", "DELETE", "HEAD"):
        raise bad("the method parameter must be GET, PUT, POST or DELETE")
    ctype = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    if ctype != "application/x-www-form-urlencoded":
        raise bad("the alternate request syntax needs an application/x-www-form-urlencoded body")
    try:
        form = dict(parse_qsl(request.body.decode("utf-8"), keep_blank_values=True,
                              strict_parsing=False))
    except UnicodeDecodeError:
        raise bad("the form body is not UTF-8") from None
    headers: dict[str, str] = {}
    params: dict[str, str] = {}
    body = b""
    for key, value in form.items():
        lower = key.lower()
        if lower in ALTERNATE_HEADERS:
            headers[lower] = value
        elif key == "content":
            body = value.encode("utf-8")
        else:
            params[key] = value
    if "content-type" not in headers and body:
        headers["content-type"] = "application/json"
    if method in ("PUT", "POST") and not body:
        raise bad("the alternate request syntax needs the body in a form field named content")
    return method, headers, params, body


def xapi_view(*, methods: tuple[str, ...], needs_version: bool = True,
              consistent: bool = False) -> Callable[[Callable[[XRequest], HttpResponse]], Any]:
    """Turn a handler of :class:`XRequest` into a Django view with the xAPI ground rules."""

    def decorate(handler: Callable[[XRequest], HttpResponse]) -> Any:
        @csrf_exempt
        def view(request: HttpRequest) -> HttpResponse:
            version = VERSION_1
            try:
                if request.method == "OPTIONS":
                    response = HttpResponse(status=200)
                    response["Access-Control-Allow-Methods"] = ", ".join(
                        (*methods, "HEAD", "OPTIONS"))
                    response["Access-Control-Allow-Headers"] = (
                        "Authorization, Content-Type, X-Experience-API-Version, If-Match, "
                        "If-None-Match, Accept-Language")
                    return _finish(response, version)
                headers = {k.lower(): v for k, v in request.headers.items()}
                raw_version = headers.get("x-experience-api-version")
                alternate = "method" in request.GET
                if alternate and raw_version and _V2_RE.match(raw_version.strip()):
                    raise bad("xAPI 2.0.0 has no alternate request syntax")
                if alternate:
                    method, form_headers, params, body = _alternate(request)
                    headers.update(form_headers)
                    raw_version = headers.get("x-experience-api-version")
                else:
                    method = request.method or "GET"
                    params = {}
                    for key in request.GET:
                        values = request.GET.getlist(key)
                        if len(values) > 1:
                            raise bad(f"the parameter {key} is given more than once")
                        params[key] = values[0]
                    body = request.body
                if raw_version is None:
                    version = _last_version.get(_client_key(headers), VERSION_2)
                    if needs_version:
                        raise bad("the X-Experience-API-Version header is required")
                else:
                    raw_version = raw_version.strip()
                    if _V1_RE.match(raw_version):
                        version = VERSION_1
                    elif _V2_RE.match(raw_version):
                        version = VERSION_2
                    else:
                        raise bad(f"X-Experience-API-Version {raw_version!r} is not supported: "
                                  "use 1.0.3 or 2.0.0")
                if raw_version is not None:
                    client = _client_key(headers)
                    if _last_version.get(client) != version:
                        if len(_last_version) > 10_000:
                            _last_version.clear()
                        _last_version[client] = version
                if method not in (*methods, "HEAD"):
                    raise XAPIError(405, f"{method} is not allowed here")
                principal = None
                if needs_version:
                    principal = _authenticate(request, headers)
                    if principal.user_id is not None and method not in ("GET", "HEAD"):
                        _check_csrf(request)
                xreq = XRequest(method="GET" if method == "HEAD" else method, params=params,
                                headers=headers, body=body, version=version,
                                principal=principal, django=request)
                response = handler(xreq)
                if method == "HEAD":
                    response.content = b""
            except XAPIError as exc:
                response = error_response(exc.status, exc.message, version)
            except RequestDataTooBig:
                response = error_response(
                    413, "the request body is larger than this server accepts "
                         f"({settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes): send smaller "
                         "batches", version)
            if consistent and "X-Experience-API-Consistent-Through" not in response:
                from resilience.records.xapi.store import iso

                response["X-Experience-API-Consistent-Through"] = iso(timezone.now())
            return _finish(response, version)

        view.access_rule = "public"  # authentication is the LRS's own (keys and scopes)
        return public(view)

    return decorate


def _finish(response: HttpResponse, version: str) -> HttpResponse:
    response["X-Experience-API-Version"] = version
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = EXPOSED
    response["Cache-Control"] = "no-store"
    return response


def require_scope(xreq: XRequest, *scopes: str) -> Principal:
    principal = xreq.principal
    assert principal is not None
    if not principal.may(*scopes):
        raise XAPIError(403, f"this key needs the scope {' or '.join(scopes)}")
    return principal


def allowed_params(xreq: XRequest, allowed: set[str]) -> None:
    extra = set(xreq.params) - allowed
    if extra:
        raise bad(f"unknown parameters: {', '.join(sorted(extra))}")


def json_param(xreq: XRequest, name: str) -> Any:
    try:
        return json.loads(xreq.params[name])
    except ValueError:
        raise bad(f"the {name} parameter is not valid JSON") from None


# --- Multipart --------------------------------------------------------------------------


@dataclass
class Part:
    headers: dict[str, str]
    body: bytes


def parse_multipart(content_type_header: str, body: bytes) -> list[Part]:
    match = re.search(r'boundary="?([^";]+)"?', content_type_header, re.IGNORECASE)
    if not match:
        raise bad("a multipart/mixed body needs a boundary")
    delimiter = b"--" + match.group(1).encode("latin-1")
    chunks = body.split(delimiter)
    if len(chunks) < 3:
        raise bad("the multipart body has no parts")
    parts = []
    for chunk in chunks[1:]:
        if chunk.startswith(b"--"):
            break
        if chunk.startswith(b"\r\n"):
            chunk = chunk[2:]
        elif chunk.startswith(b"\n"):
            chunk = chunk[1:]
        head, sep, content = chunk.partition(b"\r\n\r\n")
        if not sep:
            head, sep, content = chunk.partition(b"\n\n")
            if not sep:
                raise bad("a multipart part has no blank line after its headers")
        if content.endswith(b"\r\n"):
            content = content[:-2]
        elif content.endswith(b"\n"):
            content = content[:-1]
        headers = {}
        for line in head.decode("latin-1").splitlines():
            if ":" in line:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
        parts.append(Part(headers, content))
    return parts


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def etag_of(content: bytes) -> str:
    return hashlib.sha1(content, usedforsecurity=False).hexdigest()


def query_dict(params: dict[str, str]) -> QueryDict:
    q = QueryDict(mutable=True)
    for k, v in params.items():
        q[k] = v
    return q
