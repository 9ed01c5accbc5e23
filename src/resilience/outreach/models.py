"""Outreach operations: institutions' register data, partnerships, headset kits and loans,
events, placements, leadership cohorts and affiliate memberships.

Institutions are :class:`resilience.accounts.models.Organisation` rows; the register
fields (URN or SeedCode, local authority, phase, pupils, free school meals, deprivation)
live beside them in :class:`InstitutionProfile`, one to one.

Scope: each top-level record belongs to a delivery partner (``partner``), so partner
staff see their own partner's records and programme admins see all (see ``scope.py``).
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resilience.accounts.models import Organisation

PARTNER_LIMIT = {"kind": Organisation.Kind.PARTNER}
#: Kinds of organisation that count as institutions the programme reaches.
INSTITUTION_KINDS = [
    Organisation.Kind.SCHOOL, Organisation.Kind.COLLEGE, Organisation.Kind.UNIVERSITY,
    Organisation.Kind.NHS_TRUST, Organisation.Kind.COMPANY, Organisation.Kind.AFFILIATE,
]
#: Launch targets (programme.md): partner with 20 schools and colleges a year; connect
#: with 150 educational institutions across the UK.
PARTNER_SCHOOL_TARGET = 20
CONNECTED_TARGET = 150


def academic_year(day: dt.date) -> str:
    """UK academic year containing ``day``: 1 September to 31 August, as ``"2025/26"``."""
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}/{str(start + 1)[-2:]}"


def academic_year_bounds(label: str) -> tuple[dt.date, dt.date]:
    start = int(label[:4])
    return dt.date(start, 9, 1), dt.date(start + 1, 8, 31)


# --- Institutions and deprivation -------------------------------------------------------


class DeprivationIndex(models.TextChoices):
    IOD = "iod", _("England: Index of Multiple Deprivation (by LSOA)")
    SIMD = "simd", _("Scotland: SIMD (by data zone)")
    WIMD = "wimd", _("Wales: WIMD (by LSOA)")
    NIMDM = "nimdm", _("Northern Ireland: NIMDM (by super output area)")


class DeprivationArea(models.Model):
    """One small area's decile in a published deprivation index (decile 1 = most deprived)."""

    index = models.CharField(max_length=10, choices=DeprivationIndex.choices)
    edition = models.CharField(max_length=20, blank=True, help_text=_("For example IoD2025."))
    area_code = models.CharField(max_length=20)
    area_name = models.CharField(max_length=200, blank=True)
    rank = models.PositiveIntegerField(null=True, blank=True)
    decile = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["index", "area_code"], name="deprivation_area_once"),
            models.CheckConstraint(condition=Q(decile__gte=1, decile__lte=10),
                                   name="deprivation_decile_1_to_10"),
        ]
        verbose_name = _("deprivation area")

    def __str__(self) -> str:
        return f"{self.area_code} ({self.get_index_display()}) decile {self.decile}"


class InstitutionProfile(models.Model):
    """Register fields for an institution (an :class:`Organisation`)."""

    class Scheme(models.TextChoices):
        URN = "urn", _("URN (England, GIAS)")
        SEED = "seed", _("SeedCode (Scotland)")
        WALES = "wales", _("School number (Wales)")
        NI = "ni", _("DE reference (Northern Ireland)")
        UKPRN = "ukprn", _("UKPRN")
        OTHER = "other", _("Other")

    class Setting(models.TextChoices):
        URBAN = "urban", _("Urban")
        RURAL = "rural", _("Rural")
        UNKNOWN = "", _("Not known")

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE,
                                        related_name="profile")
    reference_scheme = models.CharField(_("reference scheme"), max_length=10,
                                        choices=Scheme.choices, default=Scheme.OTHER)
    reference = models.CharField(_("reference (URN or SeedCode)"), max_length=20, blank=True)
    ukprn = models.CharField("UKPRN", max_length=10, blank=True)
    la_code = models.CharField(_("local authority code"), max_length=12, blank=True)
    la_name = models.CharField(_("local authority"), max_length=100, blank=True)
    type_name = models.CharField(_("type of establishment"), max_length=100, blank=True)
    status_name = models.CharField(_("status"), max_length=60, blank=True)
    phase = models.CharField(_("phase"), max_length=60, blank=True)
    age_low = models.PositiveSmallIntegerField(_("lowest age"), null=True, blank=True)
    age_high = models.PositiveSmallIntegerField(_("highest age"), null=True, blank=True)
    pupils = models.PositiveIntegerField(_("number of pupils"), null=True, blank=True)
    fsm_percent = models.DecimalField(_("free school meals %"), max_digits=5, decimal_places=1,
                                      null=True, blank=True)
    urban_rural = models.CharField(_("urban or rural"), max_length=10, choices=Setting.choices,
                                   blank=True)
    urban_rural_detail = models.CharField(_("urban/rural classification"), max_length=100,
                                          blank=True)
    area_code = models.CharField(_("LSOA or data zone"), max_length=20, blank=True,
                                 db_index=True)
    deprivation_index = models.CharField(_("deprivation index"), max_length=10,
                                         choices=DeprivationIndex.choices, blank=True)
    deprivation_decile = models.PositiveSmallIntegerField(
        _("deprivation decile"), null=True, blank=True,
        help_text=_("1 = most deprived 10% of areas in the nation's own index."))
    street = models.CharField(_("street"), max_length=200, blank=True)
    easting = models.PositiveIntegerField(null=True, blank=True)
    northing = models.PositiveIntegerField(null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reference_scheme", "reference"],
                                    condition=~Q(reference=""), name="institution_reference_once"),
        ]
        verbose_name = _("institution profile")

    def __str__(self) -> str:
        return f"{self.organisation} ({self.reference or '—'})"

    @property
    def age_range(self) -> str:
        if self.age_low is None or self.age_high is None:
            return ""
        return f"{self.age_low}–{self.age_high}"


class ImportJob(models.Model):
    """One upload or command-line import and its report."""

    class Kind(models.TextChoices):
        GIAS = "gias", _("England school register (GIAS CSV)")
        REGISTER = "register", _("Scotland, Wales or Northern Ireland register (generic CSV)")
        IOD = "iod", _("England IoD deprivation by LSOA")
        SIMD = "simd", _("Scotland SIMD by data zone")
        WIMD = "wimd", _("Wales WIMD by LSOA")
        NIMDM = "nimdm", _("Northern Ireland NIMDM by SOA")
        DEVICES = "devices", _("Headset-management device report (CSV)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    filename = models.CharField(max_length=200)
    path = models.CharField(max_length=500, blank=True)
    partner = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", limit_choices_to=PARTNER_LIMIT)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    rejected_count = models.PositiveIntegerField(default=0)
    rejections = models.JSONField(default=list, blank=True,
                                  help_text=_("[{line, reason}], the first 1,000."))
    message = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True,
                                     help_text=_("When the import last reported progress."))
    finished = models.DateTimeField(null=True, blank=True)

    #: A running import that has not reported for this long has stopped (a restart).
    STALLED_AFTER = dt.timedelta(minutes=5)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("import")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.filename}"

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, round(100 * self.processed_rows / self.total_rows))

    @property
    def finished_or_failed(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def stalled(self) -> bool:
        """Queued or running, but silent for too long: the server stopped during it."""
        if self.finished_or_failed:
            return False
        last = self.heartbeat or self.started or self.created
        return last is not None and timezone.now() - last > self.STALLED_AFTER


# --- Engagement and partnerships ------------------------------------------------------------


class Engagement(models.Model):
    """A contact with an institution that is not recorded elsewhere (a visit, a download…).

    Events, loans and placements count as contacts through their own records; see
    :func:`resilience.outreach.reports.connected_institutions`.
    """

    class Kind(models.TextChoices):
        VISIT = "visit", _("Visit")
        DOWNLOAD = "download", _("Resource download")
        MEETING = "meeting", _("Meeting or call")
        OTHER = "other", _("Other contact")

    institution = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                    related_name="engagements", verbose_name=_("institution"))
    partner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+",
                                limit_choices_to=PARTNER_LIMIT, verbose_name=_("delivery partner"))
    kind = models.CharField(_("kind of contact"), max_length=10, choices=Kind.choices)
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("contact")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.institution} on {self.date}"


class Partnership(models.Model):
    """A partner school or college for one academic year."""

    class Agreement(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        SENT = "sent", _("Agreement sent")
        SIGNED = "signed", _("Agreement signed")
        ENDED = "ended", _("Ended")

    institution = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                    related_name="partnerships", verbose_name=_("institution"))
    partner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+",
                                limit_choices_to=PARTNER_LIMIT, verbose_name=_("delivery partner"))
    academic_year = models.CharField(_("academic year"), max_length=7,
                                     help_text=_("For example 2025/26."))
    contact_name = models.CharField(_("contact name"), max_length=100)
    contact_email = models.EmailField(_("contact email"), blank=True)
    agreement = models.CharField(_("agreement"), max_length=10, choices=Agreement.choices,
                                 default=Agreement.PROPOSED)
    agreement_signed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    received = models.TextField(_("what they received"), blank=True,
                                help_text=_("Headset loans, CPD, events, resources…"))

    class Meta:
        ordering = ["-academic_year", "institution__name"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "academic_year"],
                                    name="one_partnership_per_year"),
        ]
        verbose_name = _("partner school")

    def __str__(self) -> str:
        return f"{self.institution} ({self.academic_year})"


# --- Headset kits, reservations and loans -------------------------------------------------


class Condition(models.TextChoices):
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair: worn but working")
    DAMAGED = "damaged", _("Damaged")
    MISSING = "missing", _("Missing")


class Kit(models.Model):
    class Status(models.TextChoices):
        IN_SERVICE = "in_service", _("In service")
        MAINTENANCE = "maintenance", _("In maintenance")
        RETIRED = "retired", _("Retired")

    code = models.CharField(_("kit code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    partner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="kits",
                                limit_choices_to=PARTNER_LIMIT, verbose_name=_("delivery partner"))
    home_location = models.CharField(_("home location"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.IN_SERVICE)
    next_audit_due = models.DateField(_("next audit due"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("headset kit")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class KitComponent(models.Model):
    class Kind(models.TextChoices):
        HEADSET = "headset", _("Headset")
        CONTROLLER_LEFT = "controller_left", _("Left controller")
        CONTROLLER_RIGHT = "controller_right", _("Right controller")
        CHARGER = "charger", _("Charger")
        CASE = "case", _("Case")

    kit = models.ForeignKey(Kit, on_delete=models.CASCADE, related_name="components")
    kind = models.CharField(_("component"), max_length=20, choices=Kind.choices)
    serial = models.CharField(_("serial number"), max_length=60, unique=True)
    model = models.CharField(_("model"), max_length=60, blank=True)
    condition = models.CharField(_("condition"), max_length=10, choices=Condition.choices,
                                 default=Condition.GOOD)

    class Meta:
        ordering = ["kit", "kind", "serial"]
        verbose_name = _("kit component")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.serial}"


class KitAudit(models.Model):
    kit = models.ForeignKey(Kit, on_delete=models.CASCADE, related_name="audits")
    date = models.DateField(_("audit date"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+")
    all_present = models.BooleanField(_("all components present"), default=True)
    findings = models.TextField(_("findings"), blank=True)
    next_audit = models.DateField(_("next audit date"))

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("kit audit")

    def __str__(self) -> str:
        return f"Audit of {self.kit.code} on {self.date}"


class DeviceStatus(models.Model):
    """The latest report for a headset from a headset-management service."""

    serial = models.CharField(max_length=60, db_index=True)
    component = models.ForeignKey(KitComponent, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="device_reports")
    source = models.CharField(max_length=30)
    model = models.CharField(max_length=60, blank=True)
    battery_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    firmware = models.CharField(max_length=60, blank=True)
    last_sync = models.DateTimeField(null=True, blank=True)
    kiosk_mode = models.BooleanField(null=True)
    offline_mode = models.BooleanField(null=True)
    received = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["serial"]
        constraints = [models.UniqueConstraint(fields=["source", "serial"],
                                               name="one_device_status_per_source")]
        verbose_name = _("device status")
        verbose_name_plural = _("device statuses")

    def __str__(self) -> str:
        return f"{self.serial} via {self.source}"


#: Reservation statuses that hold the kit (and so may not overlap for one kit).
HOLDING_STATUSES = ("booked", "out")


class Reservation(models.Model):
    """A booking of a kit for an institution's location; it becomes a loan at check-out.

    Two holding reservations (booked or out) of one kit may not share a day: the database
    refuses it (an exclusion constraint on PostgreSQL, a trigger on SQLite; see
    migration 0002 and docs/programme-staff.md).
    """

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        OUT = "out", _("On loan")
        RETURNED = "returned", _("Returned")
        CANCELLED = "cancelled", _("Cancelled")

    kit = models.ForeignKey(Kit, on_delete=models.PROTECT, related_name="reservations",
                            verbose_name=_("kit"))
    institution = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                    related_name="kit_reservations", verbose_name=_("institution"))
    location = models.CharField(_("location"), max_length=200,
                                help_text=_("Site, building or room the kit goes to."))
    contact_name = models.CharField(_("named contact"), max_length=100)
    contact_email = models.EmailField(_("contact email"))
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("due back"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.BOOKED, db_index=True)
    notes = models.TextField(_("notes"), blank=True)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                  related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    # Check-out: the pre-dispatch checklist and the contact's signed acceptance.
    checked_out_at = models.DateTimeField(null=True, blank=True)
    checked_out_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+")
    charged = models.BooleanField(_("charged"), default=False)
    content_installed = models.BooleanField(_("content installed"), default=False)
    kiosk_mode = models.BooleanField(_("offline and kiosk mode on"), default=False)
    accepted_by = models.CharField(_("accepted by"), max_length=100, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    # Check-in.
    returned_at = models.DateTimeField(null=True, blank=True)
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    return_condition = models.CharField(_("condition on return"), max_length=10,
                                        choices=Condition.choices, blank=True)
    cleaned = models.BooleanField(_("cleaned (hygiene)"), default=False)
    wiped = models.BooleanField(_("wiped of user data"), default=False)
    damage_notes = models.TextField(_("damage notes"), blank=True)

    class Meta:
        ordering = ["start_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")),
                                   name="reservation_ends_after_start"),
            models.CheckConstraint(
                condition=~Q(status="out") | (Q(checked_out_at__isnull=False)
                                              & ~Q(accepted_by="")),
                name="loan_out_has_acceptance"),
        ]
        verbose_name = _("reservation")

    def __str__(self) -> str:
        return f"{self.kit.code} → {self.institution} {self.start_date}–{self.end_date}"

    @property
    def overdue(self) -> bool:
        return self.status == self.Status.OUT and self.end_date < timezone.localdate()

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1


class Reminder(models.Model):
    """An email to send on a date about a loan: before it is due, then after (escalation)."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")
        ESCALATION = "escalation", _("Escalation to partner staff")

    reservation = models.ForeignKey(Reservation, on_delete=models.CASCADE,
                                    related_name="reminders")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    send_on = models.DateField(db_index=True)
    claim = models.CharField(max_length=32, blank=True, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    recipients = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["send_on", "id"]
        constraints = [models.UniqueConstraint(fields=["reservation", "kind"],
                                               name="one_reminder_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.reservation} on {self.send_on}"


def new_claim() -> str:
    return secrets.token_hex(16)


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's secret calendar-feed address, for calendar programs that cannot sign in.

    The feed shows what the person could see when signed in; making a new address stops
    the old one working.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="outreach_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token,
                             editable=False)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"


# --- Events -----------------------------------------------------------------------------------


class GatsbyBenchmark(models.IntegerChoices):
    STABLE_PROGRAMME = 1, _("1 A stable careers programme")
    LABOUR_MARKET = 2, _("2 Learning from career and labour-market information")
    EACH_YOUNG_PERSON = 3, _("3 Addressing the needs of each young person")
    CURRICULUM = 4, _("4 Linking curriculum learning to careers")
    EMPLOYERS = 5, _("5 Encounters with employers and employees")
    WORKPLACES = 6, _("6 Experiences of workplaces")
    FURTHER_HIGHER = 7, _("7 Encounters with further and higher education")
    GUIDANCE = 8, _("8 Personal guidance")


class Event(models.Model):
    class Kind(models.TextChoices):
        CAREERS = "careers", _("Careers-awareness event")
        FESTIVAL = "festival", _("STEM festival")
        WORKSHOP = "workshop", _("School workshop")
        LAB_DAY = "lab_day", _("Laboratory placement day")
        TRAINING = "training", _("NHS or industry training event")
        CPD = "cpd", _("Teacher CPD")
        ACCELERATOR = "accelerator", _("Leadership-accelerator session")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind of event"), max_length=12, choices=Kind.choices)
    partner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+",
                                limit_choices_to=PARTNER_LIMIT, verbose_name=_("delivery partner"))
    host = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="hosted_events", verbose_name=_("host institution"))
    starts = models.DateTimeField(_("starts"))
    ends = models.DateTimeField(_("ends"))
    online = models.BooleanField(_("online"), default=False)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    online_url = models.URLField(_("joining link"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity (people)"))
    description = models.TextField(_("description"), blank=True)
    gatsby = models.JSONField(_("Gatsby Benchmarks"), default=list, blank=True)
    scenario_ids = models.JSONField(_("scenarios used"), default=list, blank=True)
    public_registration = models.BooleanField(
        _("people may register themselves"), default=False,
        help_text=_("Gives the event a sign-up page for adults and students aged 16 or over. "
                    "Pupils are registered by their school as a party."))
    uid = models.CharField(max_length=40, unique=True, default=new_claim, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends__gte=models.F("starts")),
                                   name="event_ends_after_start"),
            models.CheckConstraint(condition=Q(online=True) | ~Q(venue=""),
                                   name="event_has_venue_or_is_online"),
        ]
        verbose_name = _("event")

    def __str__(self) -> str:
        return self.title

    def gatsby_labels(self) -> list[str]:
        return [str(GatsbyBenchmark(n).label) for n in self.gatsby
                if n in GatsbyBenchmark.values]


class Registration(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITLISTED = "waitlisted", _("Waiting list")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("Did not attend")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    party = models.BooleanField(_("school party"), default=False)
    institution = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="event_registrations",
                                    verbose_name=_("institution"))
    contact_name = models.CharField(_("name (or party leader)"), max_length=100)
    contact_email = models.EmailField(_("email"), blank=True)
    organisation_name = models.CharField(_("organisation (as given)"), max_length=200,
                                         blank=True)
    self_registered = models.BooleanField(_("registered themselves"), default=False)
    year_counts = models.JSONField(_("pupils by year group"), default=dict, blank=True)
    places = models.PositiveIntegerField(_("places"), default=1)
    attended_count = models.PositiveIntegerField(_("number who attended"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.REGISTERED, db_index=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(party=False) | Q(institution__isnull=False),
                                   name="party_has_institution"),
            models.CheckConstraint(condition=Q(places__gte=1), name="registration_has_places"),
        ]
        verbose_name = _("registration")

    def __str__(self) -> str:
        who = self.institution.name if self.party and self.institution else self.contact_name
        return f"{who} at {self.event}"


class SurveyResponse(models.Model):
    """Answers to the standard pre, post and follow-up questions (1 = not at all, 5 = very)."""

    class Stage(models.TextChoices):
        PRE = "pre", _("Before the event")
        POST = "post", _("Straight after")
        FOLLOW_UP = "follow_up", _("Follow-up")

    QUESTIONS = {
        "interest": _("How interested are you in a career in medicines manufacturing?"),
        "confidence": _("How confident do you feel about science and technology skills?"),
        "awareness": _("How much do you know about the routes into the industry "
                       "(apprenticeships, college, university)?"),
    }

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="survey_responses")
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    interest = models.PositiveSmallIntegerField(_("interest in a medicines-manufacturing career"))
    confidence = models.PositiveSmallIntegerField(_("confidence"))
    awareness = models.PositiveSmallIntegerField(_("awareness of routes in"))
    comment = models.TextField(_("comment"), blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "stage", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(interest__range=(1, 5), confidence__range=(1, 5),
                            awareness__range=(1, 5)),
                name="survey_answers_1_to_5"),
        ]
        verbose_name = _("survey response")

    def __str__(self) -> str:
        return f"{self.get_stage_display()} response to {self.event}"


# --- Placements -------------------------------------------------------------------------------


class Placement(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        CONFIRMED = "confirmed", _("Confirmed")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    partner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+",
                                limit_choices_to=PARTNER_LIMIT, verbose_name=_("delivery partner"))
    host = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                             related_name="hosted_placements", verbose_name=_("host organisation"))
    institution = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                    related_name="placements",
                                    verbose_name=_("student's school or college"))
    student = models.CharField(_("student reference"), max_length=60,
                               help_text=_("Initials or a reference, not a full name."))
    under_18 = models.BooleanField(_("under 18"), default=True)
    starts = models.DateField(_("first day"))
    ends = models.DateField(_("last day"))
    supervisor_name = models.CharField(_("supervisor"), max_length=100)
    supervisor_email = models.EmailField(_("supervisor email"), blank=True)
    host_checks_done = models.BooleanField(_("host's safeguarding checks done"), default=False)
    host_checks_on = models.DateField(_("checks confirmed on"), null=True, blank=True)
    parental_consent = models.BooleanField(_("parental consent received"), default=False)
    parental_consent_on = models.DateField(_("consent received on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PLANNED)
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        ordering = ["-starts", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends__gte=models.F("starts")),
                                   name="placement_ends_after_start"),
            # A placement is confirmed only with the host's checks, and parental consent
            # for an under-18.
            models.CheckConstraint(
                condition=Q(status__in=["planned", "withdrawn"])
                | (Q(host_checks_done=True) & (Q(under_18=False) | Q(parental_consent=True))),
                name="placement_safeguarding_before_confirmed"),
        ]
        verbose_name = _("placement")

    def __str__(self) -> str:
        return f"{self.student} at {self.host} ({self.starts})"


# --- Leadership accelerator ---------------------------------------------------------------------


class Cohort(models.Model):
    name = models.CharField(_("name"), max_length=100)
    partner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+",
                                limit_choices_to=PARTNER_LIMIT, verbose_name=_("delivery partner"))
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))

    class Meta:
        ordering = ["-starts", "name"]
        verbose_name = _("leadership cohort")

    def __str__(self) -> str:
        return self.name


class CohortMember(models.Model):
    class Progress(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        ON_TRACK = "on_track", _("On track")
        BEHIND = "behind", _("Behind")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("email"), blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                     related_name="cohort_members",
                                     verbose_name=_("organisation"))
    job_title = models.CharField(_("job title"), max_length=100, blank=True)
    coach = models.CharField(_("coach"), max_length=100, blank=True)
    coach_email = models.EmailField(_("coach email"), blank=True)
    progress = models.CharField(_("progress"), max_length=12, choices=Progress.choices,
                                default=Progress.NOT_STARTED)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("cohort member")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class CohortSession(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    attendees = models.ManyToManyField(CohortMember, blank=True, related_name="sessions_attended",
                                       verbose_name=_("attended"))

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("cohort session")

    def __str__(self) -> str:
        return f"{self.title} ({self.date})"


# --- Affiliates ---------------------------------------------------------------------------------


class AffiliateMembership(models.Model):
    class Tier(models.TextChoices):
        ASSOCIATE = "associate", _("Associate")
        MEMBER = "member", _("Member")
        STRATEGIC = "strategic", _("Strategic partner")

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE,
                                        related_name="affiliate_membership",
                                        verbose_name=_("organisation"))
    partner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+",
                                limit_choices_to=PARTNER_LIMIT, verbose_name=_("delivery partner"))
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices)
    starts = models.DateField(_("member since"))
    renews = models.DateField(_("renewal date"))
    catalogue_access = models.BooleanField(_("members may use the catalogue"), default=True)
    admins = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+",
                                    verbose_name=_("named admins"))

    class Meta:
        ordering = ["organisation__name"]
        constraints = [models.CheckConstraint(condition=Q(renews__gt=models.F("starts")),
                                              name="affiliate_renews_after_start")]
        verbose_name = _("affiliate membership")

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_tier_display()})"

    def active_on(self, day: dt.date) -> bool:
        return self.starts <= day <= self.renews


def has_catalogue_access(organisation: Organisation, day: dt.date | None = None) -> bool:
    """True if ``organisation``'s members may use the catalogue as affiliates today.

    For the catalogue app: an active affiliate membership with catalogue access.
    """
    day = day or timezone.localdate()
    return AffiliateMembership.objects.filter(
        organisation=organisation, catalogue_access=True, starts__lte=day, renews__gte=day,
    ).exists()
