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


@pytest.mark.parametrize(("value", "level"), [(None, 2), ("normal", 1), ("FULL", 2)])
def test_sqlite_synchronous_sets_how_each_commit_reaches_the_disk(
        tmp_path: Path, value: str | None, level: int) -> None:
    """FULL (2) by default; NORMAL (1) when the operator asks for it."""
    script = ("from django.db import connection\n"
              "print(connection.cursor().execute('PRAGMA synchronous').fetchone()[0])")
    env = {"SQLITE_SYNCHRONOUS": value} if value else {}
    result = run(["shell", "-c", script], tmp_path, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == str(level)


def test_a_bad_sqlite_synchronous_value_is_refused(tmp_path: Path) -> None:
    result = run(["config", "list-env"], tmp_path, SQLITE_SYNCHRONOUS="off")
    assert result.returncode == 1
    assert result.stderr.strip() == ("resilience: SQLITE_SYNCHRONOUS must be FULL or NORMAL, "
                                     "got 'off'.")


def test_redis_url_switches_the_channel_layer_and_cache_to_redis(tmp_path: Path) -> None:
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=2).close()
    except OSError:
        pytest.fail(f"Redis is not answering for {url}; start it (see docs/operators.md)")
    script = (
        "import asyncio\n"
        "from channels.layers import get_channel_layer\n"
        "from django.core.cache import cache\n"
        "layer = get_channel_layer()\n"
        "async def roundtrip():\n"
        "    channel = await layer.new_channel()\n"
        "    await layer.send(channel, {'type': 'probe', 'value': 42})\n"
        "    return (await layer.receive(channel))['value']\n"
        "print(type(layer).__name__, asyncio.run(roundtrip()))\n"
        "from django.core.cache import caches\n"
        "cache.set('probe', 'ok', 10)\n"
        "print(type(caches['default']).__name__, cache.get('probe'))\n"
    )
    result = run(["shell", "-c", script], tmp_path, REDIS_URL=url)
    assert result.returncode == 0, result.stderr
    assert "RedisChannelLayer 42" in result.stdout
    assert "RedisCache ok" in result.stdout


def test_the_test_suite_stops_with_one_sentence_when_the_database_is_down(
        tmp_path: Path) -> None:
    environment = {**os.environ, "DATABASE_URL": "postgres://bob:pa55word@127.0.0.1:1/x",
                   "RESILIENCE_DATA_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "pytest", "tests/core/test_demo.py", "-q"],
                            capture_output=True, text=True, timeout=120, env=environment,
                            check=False, cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 3
    output = result.stdout + result.stderr
    assert "Cannot connect to the database at postgres://bob:***@127.0.0.1:1/x" in output
    assert "pa55word" not in output


def test_resilience_sim_runs_without_django(tmp_path: Path) -> None:
    # A setting Django would refuse shows that `sim` never starts Django.
    result = run(["sim", "list"], tmp_path, DEBUG="maybe")
    assert result.returncode == 0, result.stderr
    assert "grade-b-gowning" in result.stdout and "tablet-line" in result.stdout
    bad = run(["sim", "run", "tablet-line", "--seed", "1", "--params", '{"force_kn": -3}'],
              tmp_path)
    assert bad.returncode == 2
    assert bad.stderr.strip() == "error: force_kn must be between 0 and 60 kN, got -3"


def test_several_workers_without_redis_are_refused(tmp_path: Path) -> None:
    result = run(["serve", "--port", "0", "--workers", "2"], tmp_path)
    assert result.returncode == 1
    assert "Several workers need REDIS_URL" in result.stderr
