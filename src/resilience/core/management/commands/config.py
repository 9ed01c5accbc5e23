from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from resilience.config.options import list_env


class Command(BaseCommand):
    help = "Show the platform's settings: `resilience config list-env`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["list-env"])

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(list_env())
