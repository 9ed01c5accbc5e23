"""Shared fixtures: personas in two schools under two partners, and a real ASGI server.

Personas (Healthchecks' alice/bob/charlie idea, for our roles):
- ``teacher_a`` teaches ``class_a`` at ``school_a`` (partner A); ``pupil_a`` is in it.
- ``teacher_b`` teaches ``class_b`` at ``school_b`` (partner B); ``pupil_b`` is in it.
- ``partner_a`` / ``partner_b`` are staff of the two delivery partners.
- ``admin`` is programme admin at the hub; ``affiliate`` administers an affiliate.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any

import pytest

PUPIL_CODE = "heron-1234"


def visible_text(html: str) -> str:
    """The text a person sees: tags and attribute values (CSRF tokens!) removed."""
    import re

    return re.sub(r"<[^>]*>", " ", html)
PASSWORD = "correct-horse-battery"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Stop at once, in one sentence, if DATABASE_URL names a server that does not answer."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return
    import psycopg

    from resilience.config.database import redact

    try:
        psycopg.connect(url.replace("postgres://", "postgresql://", 1), connect_timeout=5).close()
    except psycopg.OperationalError as exc:
        reason = str(exc).strip().splitlines()[0]
        pytest.exit(f"Cannot connect to the database at {redact(url)}: {reason}", returncode=3)


@pytest.fixture(autouse=True)
def _fast_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    from django.core.cache import cache

    cache.clear()


@dataclass
class World:
    hub: Any
    partner_org_a: Any
    partner_org_b: Any
    school_a: Any
    school_b: Any
    affiliate_org: Any
    admin: Any
    partner_a: Any
    partner_b: Any
    teacher_a: Any
    teacher_b: Any
    pupil_a: Any
    pupil_b: Any
    affiliate: Any
    class_a: Any
    class_b: Any
    enrolment_a: Any
    enrolment_b: Any

    def persona(self, name: str) -> Any:
        return None if name == "anonymous" else getattr(self, name)


def make_adult(email: str, org: Any, role: str) -> Any:
    from resilience.accounts.models import Membership, User

    user = User(username=email, email=email, display_name=email.split("@")[0].title())
    user.set_password(PASSWORD)
    user.save()
    Membership.objects.create(user=user, organisation=org, role=role)
    return user


def make_pupil(school_class: Any, pseudonym: str) -> tuple[Any, Any]:
    from resilience.accounts.models import Enrolment, Membership, User

    pupil = User(username=f"pupil-{pseudonym.lower()}", is_pupil=True, display_name=pseudonym)
    pupil.set_password(PUPIL_CODE)
    pupil.save()
    Membership.objects.create(user=pupil, organisation=school_class.organisation, role="learner")
    enrolment = Enrolment.objects.create(school_class=school_class, pupil=pupil,
                                         pseudonym=pseudonym)
    return pupil, enrolment


@pytest.fixture
def world(db: Any) -> World:
    from resilience.accounts.models import Organisation, SchoolClass

    def org(name: str, kind: str, partner: Any = None, nation: str = "england") -> Any:
        return Organisation.objects.create(name=name, slug=name.lower().replace(" ", "-"),
                                           kind=kind, partner=partner, nation=nation)

    hub = org("Hub", "hub")
    partner_org_a = org("Partner A", "partner")
    partner_org_b = org("Partner B", "partner", nation="wales")
    school_a = org("School A", "school", partner_org_a)
    school_b = org("School B", "school", partner_org_b, nation="wales")
    affiliate_org = org("Affiliate Co", "affiliate", partner_org_a)
    admin = make_adult("admin@example.org", hub, "programme_admin")
    partner_a = make_adult("partner.a@example.org", partner_org_a, "partner_staff")
    partner_b = make_adult("partner.b@example.org", partner_org_b, "partner_staff")
    teacher_a = make_adult("teacher.a@example.org", school_a, "teacher")
    teacher_b = make_adult("teacher.b@example.org", school_b, "teacher")
    affiliate = make_adult("affiliate@example.org", affiliate_org, "affiliate_admin")
    class_a = SchoolClass.objects.create(name="10A", organisation=school_a, teacher=teacher_a,
                                         year_group=10, join_code="KX7M4P")
    class_b = SchoolClass.objects.create(name="11B", organisation=school_b, teacher=teacher_b,
                                         year_group=11, join_code="HT3WQ9")
    pupil_a, enrolment_a = make_pupil(class_a, "Nova")
    pupil_b, enrolment_b = make_pupil(class_b, "Comet")
    return World(hub, partner_org_a, partner_org_b, school_a, school_b, affiliate_org, admin,
                 partner_a, partner_b, teacher_a, teacher_b, pupil_a, pupil_b, affiliate,
                 class_a, class_b, enrolment_a, enrolment_b)


@pytest.fixture
def asgi_server(transactional_db: Any) -> Any:
    """The real ASGI application (HTTP and WebSockets) on uvicorn, on a free loopback port."""
    import uvicorn
    from django.db import connections

    from resilience.config.asgi import application

    # The server's threads open their own connections: close each after its request, so
    # none is left holding the test database when the test ends (PostgreSQL refuses to
    # drop a database that someone is connected to).
    saved_ages = {alias: connections.settings[alias].get("CONN_MAX_AGE", 0)
                  for alias in connections}
    for alias in connections:
        connections.settings[alias]["CONN_MAX_AGE"] = 0

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(application, host="127.0.0.1", port=port, log_level="warning",
                            lifespan="off", ws_per_message_deflate=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start within 10 s")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()
    for alias, age in saved_ages.items():
        connections.settings[alias]["CONN_MAX_AGE"] = age


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the real-browser tests last: Playwright's sync API keeps an event loop running
    in the main thread for as long as its browser is open, which other tests must not see."""
    items.sort(key=lambda item: "tests/browser/" in item.nodeid.replace("\\", "/"))
