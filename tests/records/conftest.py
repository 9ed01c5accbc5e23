"""An LRS client for the records tests: a key with given scopes, and JSON helpers."""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass
from typing import Any

import pytest


def statement(**extra: Any) -> dict[str, Any]:
    """A minimal valid statement, overridable by keyword."""
    st: dict[str, Any] = {
        "actor": {"objectType": "Agent", "mbox": "mailto:ada@example.org", "name": "Ada"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/attempted",
                 "display": {"en-GB": "attempted", "cy": "ceisiodd"}},
        "object": {"id": "http://example.org/activities/one",
                   "definition": {"name": {"en-GB": "One", "cy": "Un"}}},
    }
    st.update(extra)
    return st


@dataclass
class LRS:
    client: Any
    key: str
    secret: str
    version: str = "1.0.3"

    def headers(self, **extra: str) -> dict[str, str]:
        token = base64.b64encode(f"{self.key}:{self.secret}".encode()).decode()
        h = {"HTTP_AUTHORIZATION": f"Basic {token}",
             "HTTP_X_EXPERIENCE_API_VERSION": self.version}
        h.update(extra)
        return h

    def post(self, path: str, body: Any, **extra: Any) -> Any:
        data = body if isinstance(body, bytes | str) else json.dumps(body)
        ctype = extra.pop("content_type", "application/json")
        return self.client.post(f"/xapi/{path}", data=data, content_type=ctype,
                                **self.headers(**extra))

    def put(self, path: str, body: Any, **extra: Any) -> Any:
        data = body if isinstance(body, bytes | str) else json.dumps(body)
        ctype = extra.pop("content_type", "application/json")
        return self.client.put(f"/xapi/{path}", data=data, content_type=ctype,
                               **self.headers(**extra))

    def get(self, path: str, params: dict[str, Any] | None = None, **extra: Any) -> Any:
        return self.client.get(f"/xapi/{path}", params or {}, **self.headers(**extra))

    def delete(self, path: str, **extra: Any) -> Any:
        return self.client.delete(f"/xapi/{path}", **self.headers(**extra))


@pytest.fixture
def make_lrs(db: Any, client: Any) -> Any:
    from resilience.records.credentials import create_credential

    def make(scopes: list[str] | None = None, org: Any = None, version: str = "1.0.3",
             name: str = "Test app") -> LRS:
        credential, secret = create_credential(name, scopes or ["all"], organisation=org)
        return LRS(client, credential.key, secret, version)

    return make


@pytest.fixture
def lrs(make_lrs: Any) -> LRS:
    return make_lrs()


def new_id() -> str:
    return str(uuid.uuid4())
