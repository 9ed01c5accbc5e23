"""People, organisations, roles, classes and the audit log.

A person belongs to one or more organisations with a role in each
(:class:`Membership`). Pupils are :class:`User` rows with ``is_pupil`` set: they have no
email and no real name, only a pseudonym per class (:class:`Enrolment`) and a sign-in
code their teacher can reissue.
"""

from __future__ import annotations

import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

# Join codes avoid letters and digits that are easy to confuse (0/O, 1/I/L, 5/S, 2/Z).
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXY346789"
JOIN_CODE_LENGTH = 6


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(raw: str) -> str:
    """Upper-case, drop spaces and hyphens: ``"abc-d3f"`` → ``"ABCD3F"``."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())


class Nation(models.TextChoices):
    ENGLAND = "england", _("England")
    SCOTLAND = "scotland", _("Scotland")
    WALES = "wales", _("Wales")
    NORTHERN_IRELAND = "northern_ireland", _("Northern Ireland")


class Organisation(models.Model):
    class Kind(models.TextChoices):
        HUB = "hub", _("Programme hub")
        PARTNER = "partner", _("Delivery partner")
        SCHOOL = "school", _("School")
        COLLEGE = "college", _("College")
        UNIVERSITY = "university", _("University")
        NHS_TRUST = "nhs_trust", _("NHS trust")
        COMPANY = "company", _("Company")
        AFFILIATE = "affiliate", _("Affiliate")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    nation = models.CharField(_("UK nation"), max_length=20, choices=Nation.choices, blank=True)
    region = models.CharField(_("region"), max_length=60, blank=True)
    town = models.CharField(_("town"), max_length=100, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    partner = models.ForeignKey(
        "self",
        verbose_name=_("delivery partner"),
        help_text=_("The delivery partner that works with this organisation."),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned",
        limit_choices_to={"kind": "partner"},
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")

    def __str__(self) -> str:
        return self.name

    @property
    def holds_classes(self) -> bool:
        return self.kind in (self.Kind.SCHOOL, self.Kind.COLLEGE)


class User(AbstractUser):
    """A person. Adults sign in with email; pupils with class code, pseudonym and code."""

    email = models.EmailField(_("email address"), blank=True)
    display_name = models.CharField(_("display name"), max_length=100, blank=True)
    is_pupil = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="unique_email_when_set"
            ),
            models.CheckConstraint(
                condition=Q(is_pupil=False) | Q(email="", first_name="", last_name=""),
                name="pupil_has_no_email_or_name",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email or self.username

    def has_perm(self, perm: str, obj: object = None) -> bool:
        from resilience.accounts.access import is_programme_admin

        if self.is_active and is_programme_admin(self):
            return True
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label: str) -> bool:
        from resilience.accounts.access import is_programme_admin

        if self.is_active and is_programme_admin(self):
            return True
        return super().has_module_perms(app_label)


class Role(models.TextChoices):
    LEARNER = "learner", _("Learner")
    TEACHER = "teacher", _("Teacher or trainer")
    PARTNER_STAFF = "partner_staff", _("Partner staff")
    PROGRAMME_ADMIN = "programme_admin", _("Programme admin")
    AFFILIATE_ADMIN = "affiliate_admin", _("Affiliate admin")


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="one_role_per_org_once"
            )
        ]
        verbose_name = _("membership")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.organisation}"


class SchoolClass(models.Model):
    name = models.CharField(_("class name"), max_length=80)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="classes",
        verbose_name=_("school or college"),
    )
    teacher = models.ForeignKey(User, on_delete=models.PROTECT, related_name="classes_taught")
    year_group = models.PositiveSmallIntegerField(
        _("year group"), null=True, blank=True,
        help_text=_("School year (7–13 in England and Wales; S1–S6 as 8–13 in Scotland)."),
    )
    join_code = models.CharField(max_length=JOIN_CODE_LENGTH, unique=True, default=new_join_code)
    joining_open = models.BooleanField(_("open for joining"), default=True)
    archived = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("class")
        verbose_name_plural = _("classes")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class Enrolment(models.Model):
    school_class = models.ForeignKey(SchoolClass, on_delete=models.CASCADE,
                                     related_name="enrolments")
    pupil = models.ForeignKey(User, on_delete=models.CASCADE, related_name="enrolments")
    pseudonym = models.CharField(max_length=24)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pseudonym"]
        constraints = [
            models.UniqueConstraint(
                "school_class", Lower("pseudonym"), name="pseudonym_unique_in_class"
            ),
            models.UniqueConstraint(fields=["school_class", "pupil"], name="enrol_once"),
        ]

    def __str__(self) -> str:
        return f"{self.pseudonym} in {self.school_class.name}"


class AuditEntry(models.Model):
    """One staff change to people, organisations or classes. Never edited."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=60)
    target_type = models.CharField(max_length=60)
    target_id = models.CharField(max_length=40)
    target_repr = models.CharField(max_length=200)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.target_repr}"
