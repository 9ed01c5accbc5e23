"""Import a register, a deprivation table or a device report: ``resilience outreach_import``."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from resilience.accounts.models import Organisation
from resilience.outreach import imports
from resilience.outreach.models import ImportJob


class Command(BaseCommand):
    help = ("Import an England GIAS register, a generic register for Scotland, Wales or "
            "Northern Ireland, a deprivation table (iod, simd, wimd, nimdm) or a device report.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=ImportJob.Kind.values)
        parser.add_argument("file", type=Path)
        parser.add_argument("--partner", help="slug of the delivery partner for new institutions")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        partner = None
        if options["partner"]:
            partner = Organisation.objects.filter(slug=options["partner"], kind="partner").first()
            if partner is None:
                raise CommandError(f"No delivery partner with slug {options['partner']!r}")
        job = imports.start(options["kind"], path.resolve(), path.name, partner=partner)
        done = threading.Event()

        def report_progress() -> None:
            while not done.wait(2):
                current = ImportJob.objects.filter(pk=job.pk).values_list(
                    "processed_rows", "total_rows").first()
                if current:
                    self.stderr.write(f"  {current[0]:,} of {current[1]:,} rows")

        watcher = threading.Thread(target=report_progress, daemon=True)
        watcher.start()
        started = time.monotonic()
        try:
            job = imports.run(job)
        finally:
            done.set()
        self.stdout.write(report(job, time.monotonic() - started))
        if job.status == ImportJob.Status.FAILED:
            raise CommandError(job.message)


def report(job: ImportJob, seconds: float) -> str:
    lines = [f"{job.get_kind_display()} from {job.filename}: {job.get_status_display()} "
             f"in {seconds:.1f} s",
             f"  created {job.created_count}, updated {job.updated_count}, unchanged "
             f"{job.unchanged_count}, skipped {job.skipped_count} (closed), rejected "
             f"{job.rejected_count}"]
    if job.message:
        lines.append(f"  {job.message}")
    lines += [f"  line {r['line']}: {r['reason']}" for r in job.rejections]
    return "\n".join(lines)
