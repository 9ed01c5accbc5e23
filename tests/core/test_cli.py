"""The `resilience` command, run as a user would run it (a real subprocess)."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

RESILIENCE = [sys.executable, "-m", "resilience"]


def run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update({"RESILIENCE_DATA_DIR": str(tmp_path / "data"), **env})
    return subprocess.run([*RESILIENCE, *args], capture_output=True, text=True, timeout=120,
                          env=environment, check=False)


def test_serve_with_an_unreachable_database_names_it_and_hides_the_password(
        tmp_path: Path) -> None:
    result = run(["serve", "--port", "0"], tmp_path,
                 DATABASE_URL="postgres://alice:hunter2@127.0.0.1:1/nowhere")
    assert result.returncode == 1
    assert "Cannot connect to the database at postgres://alice:***@127.0.0.1:1/nowhere" \
        in result.stderr
    assert "hunter2" not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


def test_a_bad_setting_stops_start_up_with_one_sentence(tmp_path: Path) -> None:
    result = run(["check"], tmp_path, DEBUG="maybe")
    assert result.returncode == 1
    assert result.stderr.strip() == "resilience: DEBUG must be True or False, got 'maybe'."


def test_serve_refuses_a_port_in_use(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run(["serve", "--port", str(port)], tmp_path)
    assert result.returncode == 1
    assert f"Port {port} on 127.0.0.1 is already in use" in result.stderr
    assert "Traceback" not in result.stderr


def test_config_lists_every_setting(tmp_path: Path) -> None:
    result = run(["config", "list-env"], tmp_path)
    assert result.returncode == 0
    for name in ("RESILIENCE_DATA_DIR", "DATABASE_URL", "REDIS_URL", "SECRET_KEY"):
        assert name in result.stdout


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="checks the embedded database")
def test_the_embedded_database_is_sqlite_in_wal_mode_in_the_data_folder(tmp_path: Path) -> None:
    result = run(["migrate", "-v0"], tmp_path)
    assert result.returncode == 0, result.stderr
    db = tmp_path / "data" / "resilience.sqlite3"
    assert db.exists()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert "accounts_schoolclass" in tables
    assert (tmp_path / "data" / "secret_key").stat().st_mode & 0o077 == 0
