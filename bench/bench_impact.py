"""Benchmark the impact pages' server time with a large programme's worth of data.

    .venv/bin/python bench/bench_impact.py                     # 200,000 finished runs
    .venv/bin/python bench/bench_impact.py --participants 20000

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
    parser.add_argument("--responses", type=int, default=5_000)
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
    from resilience.impact import edi
    from resilience.impact.models import EdiResponse
    from resilience.live.models import LiveSession, Participant

    hub = Organisation.objects.create(name="Hub", slug="bench-hub", kind="hub")
    admin = User.objects.create(username="bench-admin", email="bench@example.org")
    Membership.objects.create(user=admin, organisation=hub, role="programme_admin")

    started = time.perf_counter()
    now = timezone.now()
    sessions = LiveSession.objects.bulk_create(
        [LiveSession(scenario_id="gowning", mode="class", code=f"B{i:05d}", seed=1)
         for i in range(max(1, args.participants // 30))])
    batch = []
    for i in range(args.participants):
        batch.append(Participant(session=sessions[i % len(sessions)], guest_key=f"g{i}",
                                 name=f"g{i}", seed=1,
                                 finished=now - dt.timedelta(minutes=3 * i)))
        if len(batch) == 5_000:
            Participant.objects.bulk_create(batch)
            batch = []
    Participant.objects.bulk_create(batch)
    codes = [c.code for c in edi.ENGLAND_WALES.categories]
    EdiResponse.objects.bulk_create(
        [EdiResponse(subject_key=f"{i:064x}", respondent="adult", ethnicity_list="ew-2021",
                     ethnicity=codes[i % len(codes)], sex="female" if i % 2 else "male",
                     gender_same="yes", condition="no", age_band="25-34",
                     month=now.date().replace(day=1)) for i in range(args.responses)],
        batch_size=2_000)
    print(f"loaded {args.participants:,} runs and {args.responses:,} ED&I answers in "
          f"{time.perf_counter() - started:.1f} s\n")

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


if __name__ == "__main__":
    main()
