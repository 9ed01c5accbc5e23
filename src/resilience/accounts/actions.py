"""State changes to people and classes. Each saves, then writes the audit log."""

from __future__ import annotations

import secrets
import uuid

from django.db import IntegrityError, transaction

from resilience.accounts import audit
from resilience.accounts.models import (
    Enrolment,
    Membership,
    Organisation,
    Role,
    SchoolClass,
    User,
    new_join_code,
)
from resilience.core.unique_codes import save_with_fresh_code

# Short, speakable words for pupils' sign-in codes: "otter-4821".
_WORDS = (
    "otter", "badger", "heron", "maple", "cedar", "comet", "delta", "ember", "fern", "gecko",
    "harbour", "iris", "kite", "lark", "mango", "nova", "orbit", "pepper", "quartz", "robin",
    "sable", "tulip", "umber", "violet", "willow", "yarrow", "zephyr", "acorn", "bramble",
    "cobalt", "dune", "falcon", "glacier", "hazel", "indigo", "juniper", "kestrel", "lagoon",
    "meadow",
)


def new_sign_in_code() -> str:
    return f"{secrets.choice(_WORDS)}-{secrets.randbelow(9000) + 1000}"


class PseudonymTakenError(Exception):
    pass


def create_class(teacher: User, organisation: Organisation, name: str,
                 year_group: int | None) -> SchoolClass:
    with transaction.atomic():
        school_class = save_with_fresh_code(lambda: SchoolClass.objects.create(
            teacher=teacher, organisation=organisation, name=name, year_group=year_group,
            join_code=new_join_code()), what="a join code")
        audit.record(teacher, "class.create", school_class,
                     organisation=organisation.name, year_group=year_group)
    return school_class


def reissue_join_code(actor: User, school_class: SchoolClass) -> str:
    def save() -> None:
        school_class.join_code = new_join_code()
        school_class.save(update_fields=["join_code"])

    with transaction.atomic():
        old = school_class.join_code
        try:
            save_with_fresh_code(save, what="a join code")
        except RuntimeError:
            school_class.join_code = old  # unchanged in the database too
            raise
        audit.record(actor, "class.new_join_code", school_class, previous=old)
    return school_class.join_code


def set_joining_open(actor: User, school_class: SchoolClass, is_open: bool) -> None:
    with transaction.atomic():
        school_class.joining_open = is_open
        school_class.save(update_fields=["joining_open"])
        audit.record(actor, "class.open" if is_open else "class.close", school_class)


def join_class(school_class: SchoolClass, pseudonym: str) -> tuple[User, str]:
    """Create a pupil in ``school_class``; return the pupil and their sign-in code.

    Raises :class:`PseudonymTakenError` if another pupil in the class has the pseudonym.
    """
    code = new_sign_in_code()
    try:
        with transaction.atomic():
            pupil = User(username=f"pupil-{uuid.uuid4().hex[:16]}", is_pupil=True,
                         display_name=pseudonym)
            pupil.set_password(code)
            pupil.save()
            Membership.objects.get_or_create(
                user=pupil, organisation=school_class.organisation, role=Role.LEARNER
            )
            Enrolment.objects.create(school_class=school_class, pupil=pupil,
                                     pseudonym=pseudonym)
    except IntegrityError:
        raise PseudonymTakenError(pseudonym) from None
    return pupil, code


def reissue_pupil_sign_in(actor: User, enrolment: Enrolment) -> str:
    code = new_sign_in_code()
    with transaction.atomic():
        pupil = enrolment.pupil
        pupil.set_password(code)
        pupil.save(update_fields=["password"])
        audit.record(actor, "pupil.reissue_sign_in", enrolment,
                     school_class=enrolment.school_class.name)
    return code
