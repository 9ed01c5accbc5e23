"""Time one page of statements for a key limited to a small organisation, in-process.

Loads N statements (SQLite in a temporary folder unless DATABASE_URL is set): the first
1 % from a key of organisation "Small", the rest from a key of organisation "Big" and
from an unlimited key, then times ``find`` (one page of 10) as Small's key sees it,
unfiltered, by a common verb and by one agent. Small's statements are the oldest, so a
query that pages through everyone's statements has to pass all the others first.

    .venv/bin/python bench/bench_lrs_scope.py [N]      # default 200000
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
os.environ.setdefault("RESILIENCE_DATA_DIR", tempfile.mkdtemp(prefix="bench-lrs-scope-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resilience.config.settings")

import django

django.setup()

from bench_lrs import statement  # noqa: E402
from django.core.management import call_command  # noqa: E402

from resilience.accounts.models import Organisation  # noqa: E402
from resilience.records.xapi.store import Principal, find, store_statements  # noqa: E402


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    call_command("migrate", verbosity=0)
    small = Organisation.objects.create(name="Small", slug="bench-small", kind="company")
    big = Organisation.objects.create(name="Big", slug="bench-big", kind="company")
    authority = {"objectType": "Agent", "mbox": "mailto:key@example.org"}

    def key(org: Organisation | None) -> Principal:
        return Principal(authority=authority, scopes=frozenset({"all"}),
                         organisation_id=org.pk if org else None,
                         org_scope=org.pk if org else 0)

    rng = random.Random(1)
    started = time.perf_counter()
    for i in range(n // 1000):
        owner = key(small) if i < n // 100_000 else key(big if i % 2 else None)
        store_statements([statement(rng) for _ in range(1000)], owner, version="1.0.3")
    print(f"loaded {n:,} statements in {time.perf_counter() - started:.0f} s")
    reader = key(small)
    print("| page of 10 for Small's key | ms |\n|---|---|")
    for label, params in [("no filter", {}),
                          ("verb (in a quarter of all statements)",
                           {"verb": "http://adlnet.gov/expapi/verbs/failed"}),
                          ("agent", {"agent": "mbox:mailto:learner7@example.org"})]:
        find(reader, params, None, 10)
        t = time.perf_counter()
        for _ in range(5):
            find(reader, params, None, 10)
        print(f"| {label} | {(time.perf_counter() - t) / 5 * 1000:.1f} |")


if __name__ == "__main__":
    main()
