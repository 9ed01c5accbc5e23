"""Every setting the platform reads from the environment, declared once.

Each option has a type, a default and a description. ``resilience config list-env``
prints them all. Bad values stop start-up with one plain sentence (see
:class:`OptionError`), in the manner of Kolibri's ``options.py`` and Healthchecks'
``envbool``. ``NAME_FILE`` is honoured for secrets (Docker/systemd credentials).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[3]


class OptionError(Exception):
    """A setting in the environment has a value we cannot use."""


def _bool(name: str, raw: str) -> bool:
    if raw in ("True", "true", "1", "yes"):
        return True
    if raw in ("False", "false", "0", "no"):
        return False
    raise OptionError(f"{name} must be True or False, got {raw!r}.")


def _int(name: str, raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise OptionError(f"{name} must be a whole number, got {raw!r}.") from None


def _positive_int(name: str, raw: str) -> int:
    value = _int(name, raw)
    if value < 1:
        raise OptionError(f"{name} must be 1 or more, got {raw!r}.")
    return value


def _sqlite_sync(name: str, raw: str) -> str:
    value = raw.strip().upper()
    if value not in ("FULL", "NORMAL"):
        raise OptionError(f"{name} must be FULL or NORMAL, got {raw!r}.")
    return value


def _str(name: str, raw: str) -> str:
    return raw


def _list(name: str, raw: str) -> list[str]:
    return [item.strip() for item in raw.split(",") if item.strip()]


@dataclass(frozen=True)
class Option:
    name: str
    parse: Callable[[str, str], Any]
    default: str
    description: str
    secret: bool = False

    def raw(self) -> str | None:
        if self.secret:
            file_path = os.environ.get(f"{self.name}_FILE")
            if file_path:
                try:
                    return Path(file_path).read_text(encoding="utf-8").strip()
                except OSError as exc:
                    raise OptionError(
                        f"{self.name}_FILE points at {file_path}, which cannot be read "
                        f"({exc.strerror})."
                    ) from None
        return os.environ.get(self.name)

    def value(self) -> Any:
        raw = self.raw()
        return self.parse(self.name, self.default if raw is None else raw)


OPTIONS: dict[str, Option] = {
    o.name: o
    for o in [
        Option("RESILIENCE_DATA_DIR", _str, str(REPO_ROOT / "data"),
               "Folder for the embedded SQLite database, uploaded files and backups."),
        Option("DATABASE_URL", _str, "",
               "PostgreSQL URL (postgres://user:pass@host:5432/db). Unset: embedded SQLite.",
               secret=True),
        Option("REDIS_URL", _str, "",
               "Redis URL for the Channels layer and cache. Unset: in-process layer and cache."),
        Option("SECRET_KEY", _str, "",
               "Django secret key. Unset: one is generated once and kept in the data folder.",
               secret=True),
        Option("DEBUG", _bool, "False", "Django debug mode. Never True in production."),
        Option("ALLOWED_HOSTS", _list, "127.0.0.1,localhost,[::1]",
               "Comma-separated host names this server answers to."),
        Option("CSRF_TRUSTED_ORIGINS", _list, "",
               "Comma-separated origins (https://example.org) trusted for CSRF behind a proxy."),
        Option("SECURE_COOKIES", _bool, "False",
               "Send session and CSRF cookies only over HTTPS (set True behind TLS)."),
        Option("EMAIL_BACKEND", _str, "django.core.mail.backends.console.EmailBackend",
               "Django email backend; the console backend prints mail in development."),
        Option("DEFAULT_FROM_EMAIL", _str, "resilience@localhost", "Sender of platform email."),
        Option("LOGIN_FAILURE_LIMIT", _int, "5",
               "Failed sign-ins before an account is locked out for LOCKOUT_MINUTES."),
        Option("LOCKOUT_MINUTES", _int, "15", "How long a lock-out lasts."),
        Option("JOIN_CODE_ATTEMPTS_PER_HOUR", _int, "20",
               "Wrong join codes one address may try per hour before being refused."),
        Option("WEB_WORKERS", _int, "1", "uvicorn worker processes for `resilience serve`."),
        Option("WEB_THREADS", _positive_int, "8",
               "Threads per worker process that answer HTTP requests (each keeps its own "
               "database connection)."),
        Option("SQLITE_SYNCHRONOUS", _sqlite_sync, "FULL",
               "FULL syncs every write to disk before answering, so it survives a power "
               "cut; NORMAL leaves that to the next checkpoint (it still survives the server "
               "being killed, and is faster on slow storage such as SD cards). SQLite only."),
        Option("GUEST_PRACTICE_PER_HOUR", _int, "150",
               "Practice runs one address may start per hour without signing in (a whole "
               "school often shares one address)."),
        Option("SOLO_RUN_RETENTION_DAYS", _int, "30",
               "Days to keep guests' solo practice runs (they belong to nobody) before "
               "`resilience prune` deletes them."),
        Option("XR_EMULATION", _bool, "False",
               "Allow ?emulate=1 to load the WebXR emulator (for browser tests; never in "
               "production)."),
    ]
}


def get(name: str) -> Any:
    return OPTIONS[name].value()


def list_env() -> str:
    lines = []
    for option in OPTIONS.values():
        current = option.raw()
        shown = "(set)" if option.secret and current else (current if current is not None else "")
        lines.append(f"{option.name}\n    {option.description}\n    default: {option.default!r}"
                     + (f"\n    current: {shown}" if current is not None else ""))
    return "\n".join(lines)
