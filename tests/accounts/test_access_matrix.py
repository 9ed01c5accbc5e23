"""Every URL against every role. A URL added without a row here fails the first test."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

PERSONAS = ["anonymous", "admin", "partner_a", "partner_b", "teacher_a", "teacher_b",
            "pupil_a", "pupil_b", "affiliate"]
EVERYONE = dict.fromkeys(PERSONAS, 200)
LOGIN = 302  # anonymous visitors are sent to sign in


def only(allowed: dict[str, int], others: int = 403) -> dict[str, int]:
    table = dict.fromkeys(PERSONAS, others)
    table["anonymous"] = LOGIN
    table.update(allowed)
    return table


# (url name, kwargs from the world, method, expected status per persona)
Row = tuple[str, Callable[[Any], dict[str, Any]], str, dict[str, int]]
NO_ARGS: Callable[[Any], dict[str, Any]] = lambda w: {}  # noqa: E731
CLASS_A: Callable[[Any], dict[str, Any]] = lambda w: {"pk": w.class_a.pk}  # noqa: E731

MATRIX: list[Row] = [
    ("core:landing", NO_ARGS, "get", EVERYONE),
    ("core:healthz", NO_ARGS, "get", EVERYONE),
    ("core:home", NO_ARGS, "get", {**EVERYONE, "anonymous": LOGIN}),
    ("accounts:sign_in", NO_ARGS, "get", EVERYONE),
    ("accounts:sign_out", NO_ARGS, "post", dict.fromkeys(PERSONAS, 302)),
    ("set_language", NO_ARGS, "post", dict.fromkeys(PERSONAS, 302)),
    ("accounts:join", NO_ARGS, "get", EVERYONE),
    ("accounts:pupil_sign_in", NO_ARGS, "get", EVERYONE),
    # With no new code in the session the welcome page sends the pupil home.
    ("accounts:joined", NO_ARGS, "get", only({"pupil_a": 302, "pupil_b": 302})),
    ("accounts:my_work", NO_ARGS, "get", only({"pupil_a": 200, "pupil_b": 200})),
    ("accounts:class_list", NO_ARGS, "get",
     only({"admin": 200, "teacher_a": 200, "teacher_b": 200})),
    ("accounts:class_create", NO_ARGS, "get", only({"teacher_a": 200, "teacher_b": 200})),
    ("accounts:class_detail", CLASS_A, "get",
     only({"admin": 200, "teacher_a": 200, "teacher_b": 404})),
    ("accounts:class_new_code", CLASS_A, "post",
     only({"teacher_a": 302, "teacher_b": 404})),
    ("accounts:class_joining", CLASS_A, "post",
     only({"teacher_a": 302, "teacher_b": 404})),
    ("accounts:pupil_reissue",
     lambda w: {"pk": w.class_a.pk, "enrolment_id": w.enrolment_a.pk}, "post",
     only({"teacher_a": 302, "teacher_b": 404})),
    ("accounts:organisation_list", NO_ARGS, "get",
     only({"admin": 200, "partner_a": 200, "partner_b": 200, "affiliate": 200})),
    ("accounts:organisation_detail", lambda w: {"pk": w.school_a.pk}, "get",
     only({"admin": 200, "partner_a": 200, "partner_b": 404, "affiliate": 404})),
    ("accounts:audit_log", NO_ARGS, "get", only({"admin": 200})),
    # The Django admin sends everyone but programme admins to sign in.
    ("admin:index", NO_ARGS, "get", {**dict.fromkeys(PERSONAS, 302), "admin": 200}),
]


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
    if response.status_code == 302 and expected[persona] == LOGIN and persona == "anonymous" \
            and name not in ("accounts:sign_out", "set_language"):
        assert "/sign-in/" in response["Location"] or "/admin/login/" in response["Location"]
