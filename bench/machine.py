"""One line naming the machine a benchmark ran on (results differ between machines)."""

from __future__ import annotations

import os
import platform
from datetime import UTC, datetime


def describe() -> str:
    """Date, CPU model, cores, Python and load: '2026-11-26 21:13 UTC, AMD EPYC, 2 cores, …'."""
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {model}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.2f}")
