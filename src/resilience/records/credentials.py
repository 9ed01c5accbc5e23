"""LRS credentials: a key and a secret per client application, with scopes.

The secret is shown once and stored as a salted SHA-256 hash. A secret is 32 random bytes,
so a slow password hash would add nothing but latency to every xAPI request; the salt and
a constant-time comparison are what matter. Checked credentials are cached for a minute
in-process (keyed by key and the secret's hash, so a wrong secret is never cached as right).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from typing import Any

from django.db import transaction
from django.utils import timezone

from resilience.accounts import audit
from resilience.records.models import SCOPES, Credential
from resilience.records.xapi.store import Principal

_CACHE: dict[tuple[str, str], tuple[float, Principal]] = {}
_TTL = 60.0


class ScopeError(ValueError):
    pass


def _hash(secret: str, salt: str) -> str:
    return f"sha256${salt}${hashlib.sha256((salt + secret).encode()).hexdigest()}"


def parse_scopes(text: str | list[str]) -> list[str]:
    items = text.replace(",", " ").split() if isinstance(text, str) else list(text)
    unknown = [s for s in items if s not in SCOPES]
    if unknown or not items:
        raise ScopeError(f"unknown scopes {unknown}; choose from {', '.join(SCOPES)}")
    return list(dict.fromkeys(items))


def create_credential(name: str, scopes: list[str], organisation: Any = None,
                      created_by: Any = None) -> tuple[Credential, str]:
    """Make a credential; return it and the secret (which is never stored in clear)."""
    scopes = parse_scopes(scopes)
    key = secrets.token_hex(10)
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        credential = Credential.objects.create(
            name=name, key=key, secret_hash=_hash(secret, secrets.token_hex(8)), scopes=scopes,
            organisation=organisation, created_by=created_by)
        _audit(created_by, "lrs.credential.create", credential)
    return credential, secret


def revoke_credential(credential: Credential, by: Any = None) -> None:
    with transaction.atomic():
        credential.revoked = timezone.now()
        credential.save(update_fields=["revoked"])
        _audit(by, "lrs.credential.revoke", credential)
    _CACHE.clear()


def _audit(actor: Any, action: str, credential: Credential) -> None:
    audit.record(actor, action, credential, name=credential.name, scopes=credential.scopes)


def authority_for(credential: Credential) -> dict[str, Any]:
    return {"objectType": "Agent", "name": credential.name,
            "account": {"homePage": "https://resilience.invalid/lrs-clients",
                        "name": credential.key}}


def check(key: str, secret: str) -> Principal | None:
    now = time.monotonic()
    digest = hashlib.sha256(secret.encode()).hexdigest()
    hit = _CACHE.get((key, digest))
    if hit and hit[0] > now:
        return hit[1]
    credential = Credential.objects.filter(key=key, revoked__isnull=True).first()
    if credential is None:
        return None
    algorithm, salt, _digest = credential.secret_hash.split("$")
    if algorithm != "sha256" or not hmac.compare_digest(_hash(secret, salt),
                                                        credential.secret_hash):
        return None
    principal = Principal(
        authority=authority_for(credential), scopes=frozenset(credential.scopes),
        organisation_id=credential.organisation_id, credential_id=credential.pk,
        org_scope=credential.organisation_id or 0,
    )
    if len(_CACHE) > 1000:
        _CACHE.clear()
    _CACHE[(key, digest)] = (now + _TTL, principal)
    return principal
