from typing import Any

from django.core.management.base import BaseCommand

from resilience.core import demo


class Command(BaseCommand):
    help = "Load the demo data (once; running it again changes nothing) and print the sign-ins."

    def handle(self, *args: Any, **options: Any) -> None:
        loaded = demo.load()
        from resilience.live import demo as live_demo
        from resilience.outreach import demo as outreach_demo

        outreach_demo.load()
        live_demo.load()
        self.stdout.write("Demo data loaded." if loaded else "Demo data was already loaded.")
        self.stdout.write(demo.sign_ins())
