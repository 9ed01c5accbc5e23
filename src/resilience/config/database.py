"""Database configuration and a reachability check that names the URL, never the password."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url


def redact(url: str) -> str:
    """Return ``url`` with any password replaced by ``***``.

    >>> redact("postgres://alice:s3cret@db:5432/res")
    'postgres://alice:***@db:5432/res'
    """
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username}:***@{parts.hostname}"
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def databases(database_url: str, data_dir: Path,
              sqlite_synchronous: str = "FULL") -> dict[str, dict[str, object]]:
    if database_url:
        config = dj_database_url.parse(database_url, conn_max_age=60, conn_health_checks=True)
        config.setdefault("TEST", {})
        return {"default": dict(config)}
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(data_dir / "resilience.sqlite3"),
            # The HTTP threads keep their connection (opening one and running the pragmas
            # below costs about as much as answering a simple request).
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            # Tests use a file too (not shared-cache memory, whose table locks fail at once
            # when the test server's threads write beside the test), so WAL and the busy
            # timeout behave as in production.
            # One file per test process, so parallel runs never share it.
            "TEST": {"NAME": os.path.join(tempfile.gettempdir(),
                                          f"resilience-test-{os.getpid()}.sqlite3")},
            "OPTIONS": {
                # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at
                # BEGIN so two writers queue instead of failing with "database is locked".
                # synchronous=FULL (the default, SQLITE_SYNCHRONOUS) syncs each commit to
                # disk before the answer, so what was acknowledged survives a power cut too,
                # not only a crashed process; NORMAL syncs at checkpoints only (an
                # acknowledged write survives kill -9 either way). Measured in
                # docs/benchmarks.md: about 1 ms a commit on the reference machine.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    f"PRAGMA journal_mode=WAL; PRAGMA synchronous={sqlite_synchronous}; "
                    "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }


def check_reachable() -> str | None:
    """Open a connection to the default database; return a plain sentence if it fails."""
    from django.conf import settings
    from django.db import connection
    from django.db.utils import OperationalError

    try:
        connection.ensure_connection()
    except OperationalError as exc:
        url = (getattr(settings, "DATABASE_URL_REDACTED", "")
               or settings.DATABASES["default"]["NAME"])
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"Cannot connect to the database at {url}: {reason}"
    return None
