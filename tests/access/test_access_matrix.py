"""Every URL against every role. A URL added without a row fails the first test.

Rows live beside each app's tests in ``tests/<app>/access_rows.py`` (a ``ROWS`` list of
:data:`Row`); this module gathers them all. Personas are described in ``tests/conftest.py``.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

import tests
from tests.access.rows import PERSONAS, Row


def _gather() -> list[Row]:
    rows: list[Row] = []
    for info in pkgutil.iter_modules(tests.__path__):
        if not info.ispkg:
            continue
        try:
            module = importlib.import_module(f"tests.{info.name}.access_rows")
        except ModuleNotFoundError as exc:
            if exc.name == f"tests.{info.name}.access_rows":
                continue
            raise
        rows.extend(module.ROWS)
    return rows


MATRIX = _gather()


def _named_patterns(resolver: URLResolver, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            ns = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= _named_patterns(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(prefix + pattern.name)
    return names


def test_it_covers_every_url() -> None:
    covered = {row[0] for row in MATRIX}
    missing = _named_patterns(get_resolver()) - covered
    assert not missing, f"URLs with no row in the access matrix: {sorted(missing)}"


def test_every_url_has_an_access_rule() -> None:
    """Unnamed or named, every non-admin view declares public() or requires()."""
    from resilience.accounts.access import DenyByDefaultMiddleware  # noqa: F401

    def walk(resolver: URLResolver) -> list[Any]:
        views = []
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace != "admin":
                    views += walk(pattern)
            else:
                views.append(pattern)
        return views

    unguarded = [p for p in walk(get_resolver())
                 if getattr(p.callback, "access_rule", None) is None]
    assert not unguarded, f"views without an access rule: {unguarded}"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "kwargs", "method", "expected"), MATRIX,
                         ids=[row[0] for row in MATRIX])
def test_access(client: Any, world: Any, persona: str, name: str,
                kwargs: Callable[[Any], dict[str, Any]], method: str,
                expected: dict[str, int]) -> None:
    user = world.persona(persona)
    if user is not None:
        client.force_login(user)
    url = reverse(name, kwargs=kwargs(world))
    response = getattr(client, method)(url, {"language": "en-gb"} if method == "post" else None)
    assert response.status_code == expected[persona], (
        f"{persona} {method.upper()} {url}: got {response.status_code}, "
        f"expected {expected[persona]}"
    )
    rule = getattr(resolve(url).func, "access_rule", None)
    if response.status_code == 302 and persona == "anonymous" and rule not in (None, "public"):
        assert "/sign-in/" in response["Location"] or "/admin/login/" in response["Location"]
