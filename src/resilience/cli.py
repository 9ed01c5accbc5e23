"""The ``resilience`` command.

``resilience sim …`` runs the simulation library's CLI without starting Django. Every
other sub-command is a Django management command (``serve``, ``demo``, ``config``,
``migrate``, ``createsuperuser`` …). Problems before Django starts — a bad setting, an
unreachable database — end with one plain sentence and exit status 1.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["sim"]:
        from resilience.sim.cli import main as sim_main

        return sim_main(args[1:])

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resilience.config.settings")
    from resilience.config.options import OptionError

    try:
        import django

        django.setup()
    except OptionError as exc:
        print(f"resilience: {exc}", file=sys.stderr)
        return 1

    from django.core.management import execute_from_command_line

    execute_from_command_line(["resilience", *args])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
