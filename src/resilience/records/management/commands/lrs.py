"""``resilience lrs …``: credentials for client applications and onward forwarding.

    resilience lrs credentials create --name NAME --scopes all [--org SLUG]
    resilience lrs credentials list
    resilience lrs credentials revoke KEY
    resilience lrs forward [--once] [--batch 100]
    resilience lrs forward-target add --name N --endpoint URL [--username U --password P]
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from resilience.records import credentials as creds
from resilience.records.models import SCOPES


class Command(BaseCommand):
    help = "Learning Record Store: credentials and forwarding."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="area", required=True)
        cred = sub.add_parser("credentials", help="keys and secrets for client applications")
        cred_sub = cred.add_subparsers(dest="action", required=True)
        create = cred_sub.add_parser("create", help="issue a key and a secret")
        create.add_argument("--name", required=True)
        create.add_argument("--scopes", default="statements/write statements/read/mine",
                            help="space- or comma-separated: " + ", ".join(
                                SCOPES))
        create.add_argument("--org", default=None, help="organisation slug (or id)")
        cred_sub.add_parser("list", help="list credentials")
        revoke = cred_sub.add_parser("revoke", help="revoke a key")
        revoke.add_argument("key")

        fwd = sub.add_parser("forward", help="deliver pending statements to forward targets")
        fwd.add_argument("--once", action="store_true", help="one pass, then exit")
        fwd.add_argument("--batch", type=int, default=100)
        fwd.add_argument("--interval", type=float, default=5.0)

        target = sub.add_parser("forward-target", help="manage forward targets")
        target_sub = target.add_subparsers(dest="action", required=True)
        add = target_sub.add_parser("add")
        add.add_argument("--name", required=True)
        add.add_argument("--endpoint", required=True, help="the other LRS's xAPI base URL")
        add.add_argument("--username", default="")
        add.add_argument("--password", default="")
        add.add_argument("--xapi-version", default="1.0.3")
        target_sub.add_parser("list")

    def handle(self, *args: Any, **options: Any) -> None:
        area = options["area"]
        if area == "credentials":
            getattr(self, f"_credentials_{options['action']}")(options)
        elif area == "forward":
            self._forward(options)
        else:
            getattr(self, f"_target_{options['action']}")(options)

    def _credentials_create(self, options: dict[str, Any]) -> None:
        from resilience.accounts.models import Organisation

        org = None
        if options["org"]:
            ref = options["org"]
            org = Organisation.objects.filter(slug=ref).first()
            if org is None and str(ref).isdigit():
                org = Organisation.objects.filter(pk=int(ref)).first()
            if org is None:
                raise CommandError(f"No organisation {ref!r}")
        try:
            credential, secret = creds.create_credential(
                options["name"], creds.parse_scopes(options["scopes"]), organisation=org)
        except creds.ScopeError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"key: {credential.key}\nsecret: {secret}\n"
                          f"scopes: {' '.join(credential.scopes)}\n"
                          f"organisation: {org.name if org else '(all)'}\n"
                          "The secret is shown once; store it now.")

    def _credentials_list(self, options: dict[str, Any]) -> None:
        from resilience.records.models import Credential

        for c in Credential.objects.select_related("organisation"):
            state = "revoked" if c.revoked else "active"
            org = c.organisation.name if c.organisation else "(all)"
            self.stdout.write(f"{c.key}  {c.name}  {' '.join(c.scopes)}  {org}  {state}")

    def _credentials_revoke(self, options: dict[str, Any]) -> None:
        from resilience.records.models import Credential

        credential = Credential.objects.filter(key=options["key"]).first()
        if credential is None:
            raise CommandError(f"No credential with key {options['key']}")
        creds.revoke_credential(credential)
        self.stdout.write(f"Revoked {credential.key}")

    def _forward(self, options: dict[str, Any]) -> None:
        from resilience.records.forwarding import deliver_due

        while True:
            sent, failed = deliver_due(batch=options["batch"])
            if sent or failed:
                self.stdout.write(f"forwarded {sent}, failed {failed}")
            if options["once"]:
                return
            if not sent:
                time.sleep(options["interval"])

    def _target_add(self, options: dict[str, Any]) -> None:
        from resilience.records.models import ForwardTarget

        target = ForwardTarget.objects.create(
            name=options["name"], endpoint=options["endpoint"].rstrip("/"),
            username=options["username"], password=options["password"],
            version=options["xapi_version"])
        self.stdout.write(f"Forward target {target.pk}: {target.name} → {target.endpoint}")

    def _target_list(self, options: dict[str, Any]) -> None:
        from resilience.records.models import ForwardTarget

        for t in ForwardTarget.objects.all():
            self.stdout.write(f"{t.pk}  {t.name}  {t.endpoint}  "
                              f"{'active' if t.active else 'paused'}")
