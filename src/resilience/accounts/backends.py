"""Sign-in backends: adults by email and password, pupils by class code, pseudonym and code."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from resilience.accounts.models import Enrolment, User, normalise_join_code


class EmailBackend(ModelBackend):
    """Adults: email (case-insensitive) and password. Pupils can never use this."""

    def authenticate(  # type: ignore[override]
        self, request: HttpRequest | None, email: str | None = None,
        password: str | None = None, **kwargs: Any,
    ) -> User | None:
        if not email or not password:
            return None
        user = User.objects.filter(email__iexact=email.strip(), is_pupil=False).first()
        if user is None:
            User().set_password(password)  # same work either way: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


class PupilBackend(ModelBackend):
    """Pupils: the class join code, their pseudonym and their personal sign-in code."""

    def authenticate(  # type: ignore[override]
        self, request: HttpRequest | None, class_code: str | None = None,
        pseudonym: str | None = None, sign_in_code: str | None = None, **kwargs: Any,
    ) -> User | None:
        if not class_code or not pseudonym or not sign_in_code:
            return None
        enrolment = (
            Enrolment.objects.select_related("pupil")
            .filter(
                school_class__join_code=normalise_join_code(class_code),
                school_class__archived=False,
                pseudonym__iexact=pseudonym.strip(),
            )
            .first()
        )
        if enrolment is None:
            User().set_password(sign_in_code)
            return None
        pupil = enrolment.pupil
        code = sign_in_code.strip().lower()
        if pupil.check_password(code) and self.user_can_authenticate(pupil):
            return pupil
        return None


def lockout_name(request: HttpRequest | None, credentials: dict[str, Any]) -> str:
    """The name django-axes counts failures against (one per adult or per pupil)."""
    if credentials.get("email"):
        return str(credentials["email"]).strip().lower()
    code = normalise_join_code(str(credentials.get("class_code") or ""))
    return f"pupil:{code}:{str(credentials.get('pseudonym') or '').strip().lower()}"
