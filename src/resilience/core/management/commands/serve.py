"""`resilience serve`: check, back up, migrate, then serve HTTP and WebSockets with uvicorn."""

from __future__ import annotations

import shutil
import socket
import sqlite3
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from resilience import __version__
from resilience.config.database import check_reachable


def port_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def backup_sqlite_if_upgrading(data_dir: Path, db_path: Path) -> Path | None:
    """Copy the SQLite file (online, consistent) before migrating to a new version."""
    marker = data_dir / "version"
    previous = marker.read_text(encoding="utf-8").strip() if marker.exists() else None
    backup = None
    if db_path.exists() and previous != __version__:
        backups = data_dir / "backups"
        backups.mkdir(exist_ok=True)
        backup = backups / f"resilience-{previous or 'unknown'}-before-{__version__}.sqlite3"
        source = sqlite3.connect(db_path)
        target = sqlite3.connect(backup)
        with target:
            source.backup(target)
        source.close()
        target.close()
    marker.write_text(__version__, encoding="utf-8")
    return backup


class Command(BaseCommand):
    help = "Serve the platform (HTTP and WebSockets) with uvicorn."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=None,
                            help="uvicorn worker processes (default: WEB_WORKERS, 1)")
        parser.add_argument("--no-migrate", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        import uvicorn

        from resilience.config import options as opts

        host, port = options["host"], options["port"]
        data_dir = Path(settings.DATA_DIR)
        if not data_dir.is_dir() or not shutil.disk_usage(data_dir).free:
            raise CommandError(f"The data folder {data_dir} is missing or full.")
        problem = check_reachable()
        if problem:
            raise CommandError(problem)
        if not port_free(host, port):
            raise CommandError(f"Port {port} on {host} is already in use. Stop the other "
                               f"server or choose another port with --port.")
        engine = settings.DATABASES["default"]["ENGINE"]
        if engine.endswith("sqlite3"):
            db_path = Path(settings.DATABASES["default"]["NAME"])
            backup = backup_sqlite_if_upgrading(data_dir, db_path)
            if backup:
                self.stdout.write(f"Backed up the database to {backup} before upgrading.")
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        workers = options["workers"] or opts.get("WEB_WORKERS")
        if workers > 1 and not settings.REDIS_URL:
            raise CommandError("Several workers need REDIS_URL: without Redis each worker has "
                               "its own channel layer, so a teacher's commands would not "
                               "reach learners connected to another worker.")
        self.stdout.write(f"Resilience {__version__} on http://{host}:{port}/ "
                          f"({workers} worker{'s' if workers > 1 else ''}). Ctrl+C stops it.")
        uvicorn.run(
            "resilience.config.asgi:application",
            host=host, port=port, workers=workers,
            ws_per_message_deflate=False,  # DESIGN.md: deflate costs 30-45 % server CPU
            log_level="warning", access_log=False, lifespan="off",
        )
