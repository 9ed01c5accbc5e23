"""Benchmark the impact pages' server time with a large programme's worth of data.

    .venv/bin/python bench/bench_impact.py        # 200k pupils and runs, 5k events, 2M statements
    .venv/bin/python bench/bench_impact.py --participants 20000 --statements 200000

Uses a throw-away SQLite data folder unless DATABASE_URL is set (then it must name an
empty database). Prints a Markdown table: median and worst of several renders of the staff
dashboard, the ED&I report and the public page (budget: staff dashboard ≤ 300 ms).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=200_000)
    parser.add_argument("--responses", type=int, default=20_000, help="ED&I answers")
    parser.add_argument("--events", type=int, default=5_000)
    parser.add_argument("--statements", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("RESILIENCE_DATA_DIR", tempfile.mkdtemp(prefix="bench-impact-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resilience.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.test import Client
    from django.utils import timezone

    from resilience.accounts.models import Membership, Organisation, User

    started = time.perf_counter()
    call_command("generate_programme", participants=args.participants, events=args.events,
                 statements=args.statements, edi=args.responses)
    print(f"generated in {time.perf_counter() - started:.1f} s\n")
    hub = Organisation.objects.get(slug="gen-hub")
    admin = User.objects.create(username="bench-admin", email="bench@example.org")
    Membership.objects.create(user=admin, organisation=hub, role="programme_admin")

    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client's "testserver" host in
    client = Client()
    client.force_login(admin)
    print("| page | median ms | worst ms |\n|---|---|---|")
    for name, url in (("staff dashboard", "/impact/dashboard/"),
                      ("ED&I report", "/impact/equality/"), ("public page", "/impact/")):
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(f"| {name} | {statistics.median(times):.0f} | {max(times):.0f} |")

    from resilience.impact import funder_pack

    today = timezone.localdate()
    q_start, q_end = funder_pack_quarter(today)
    t0 = time.perf_counter()
    data = funder_pack.collect(q_start, q_end)
    xlsx = funder_pack.to_xlsx(data)
    pdf = funder_pack.to_pdf(data)
    print(f"\nfunder's quarterly pack ({q_start} to {q_end}): "
          f"{time.perf_counter() - t0:.1f} s (XLSX {len(xlsx) // 1024} KB, PDF "
          f"{len(pdf) // 1024} KB; budget 60 s)")


def funder_pack_quarter(day: dt.date) -> tuple[dt.date, dt.date]:
    """The last complete financial quarter (quarters start in April, July, October and
    January) before ``day``."""
    first_month = ((day.month - 1) // 3) * 3 + 1  # calendar quarter == financial quarter
    current = dt.date(day.year, first_month, 1)
    end = current - dt.timedelta(days=1)
    return dt.date(end.year, ((end.month - 1) // 3) * 3 + 1, 1), end


if __name__ == "__main__":
    main()
