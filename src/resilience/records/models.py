"""Learning records: the xAPI statement store, documents, credentials, results, forwarding.

A statement is kept as the exact JSON the LRS answers with (one text column), beside the
indexed columns the queries filter on; the many-valued filters (agents, activities, and
what a StatementRef inherits from its target) live in :class:`StatementTerm`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from resilience.accounts.models import Organisation, SchoolClass

SCOPES = ("statements/write", "statements/read", "statements/read/mine", "state", "define",
          "profile", "all")


class Credential(models.Model):
    """A key and secret (HTTP Basic) for one client application, with scopes."""

    name = models.CharField(_("name"), max_length=200)
    key = models.CharField(max_length=64, unique=True)
    secret_hash = models.CharField(max_length=128)
    scopes = models.JSONField(default=list)
    organisation = models.ForeignKey(Organisation, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="lrs_credentials")
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    revoked = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key})"


class Statement(models.Model):
    statement_id = models.UUIDField(unique=True)
    data = models.TextField()  # the statement as the LRS answers it (JSON text)
    # Statements are found through StatementTerm's index and (voided, stored) below; these
    # columns are read, not searched, so they carry no index of their own (every index
    # is one more B-tree to update on each insert).
    stored = models.DateTimeField()
    verb_id = models.CharField(max_length=512)
    actor_key = models.CharField(max_length=512)  # progress finds it through the terms
    object_activity = models.CharField(max_length=512, blank=True)
    registration = models.UUIDField(null=True, blank=True)
    ref_target = models.UUIDField(null=True, blank=True)
    voided = models.BooleanField(default=False)
    success = models.BooleanField(null=True)  # result.success, for progress queries
    #: competency slugs in the statement's own contextActivities.category (evidence)
    competencies = models.CharField(max_length=512, blank=True)
    has_attachments = models.BooleanField(default=False)
    # the (organisation, …) and (credential, …) indexes below serve these keys too
    organisation = models.ForeignKey(Organisation, null=True, blank=True, db_index=False,
                                     on_delete=models.PROTECT, related_name="+")
    credential = models.ForeignKey(Credential, null=True, blank=True, db_index=False,
                                   on_delete=models.SET_NULL, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["voided", "stored"], name="records_stmt_voided_stored"),
                   # a key limited to its organisation (or to its own statements) pages
                   # through its own range, not through everyone's
                   models.Index(fields=["organisation", "voided", "stored"],
                                name="records_stmt_org_page"),
                   models.Index(fields=["credential", "voided", "stored"],
                                name="records_stmt_key_page")]

    def __str__(self) -> str:
        return str(self.statement_id)


class StatementTerm(models.Model):
    """One value a statement can be found by (agent, activity, verb, registration).

    RELATED_AGENT and RELATED_ACTIVITY include the AGENT and ACTIVITY values too, so
    every filter reads one (value, kind) range of the primary key, already in ``stored``
    order: a query stops after ``limit`` rows whether the value is rare or in every
    statement. The primary key is the lookup itself (on SQLite the table is stored
    ``WITHOUT ROWID``: one B-tree, no second copy of each value), and a second filter is
    checked with it too (value, kind, the statement's stored time and id), so the table
    needs no other index. An actor's AGENT and RELATED_AGENT rows sort side by side, so a
    new statement's two rows for its actor can share one page of the B-tree.
    """

    AGENT, RELATED_AGENT, ACTIVITY, RELATED_ACTIVITY, VERB, REGISTRATION = 1, 2, 3, 4, 5, 6

    pk = models.CompositePrimaryKey("value", "kind", "stored", "statement")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="terms",
                                  db_index=False)  # statements are never deleted
    kind = models.SmallIntegerField()
    value = models.CharField(max_length=512)
    stored = models.DateTimeField()  # the statement's, copied for index order

    class Meta:
        db_table = "records_statement_lookup"

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"


class Attachment(models.Model):
    sha2 = models.CharField(max_length=128, primary_key=True)
    content_type = models.CharField(max_length=255)
    content = models.BinaryField()

    def __str__(self) -> str:
        return self.sha2



class Document(models.Model):
    """A state, activity profile or agent profile document."""

    STATE, ACTIVITY_PROFILE, AGENT_PROFILE = "state", "activity", "agent"
    kind = models.CharField(max_length=8)
    activity_id = models.CharField(max_length=512, blank=True)
    agent_key = models.CharField(max_length=512, blank=True)
    registration = models.CharField(max_length=36, blank=True)
    doc_id = models.CharField(max_length=512)
    content = models.BinaryField()
    content_type = models.CharField(max_length=255)
    etag = models.CharField(max_length=64)
    updated = models.DateTimeField(db_index=True)
    #: whose documents: a credential's organisation id, 0 for programme-wide keys, minus a
    #: user's id for a signed-in person (documents are not shared across these).
    org_scope = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["org_scope", "kind", "activity_id", "agent_key", "registration", "doc_id"],
            name="records_document_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.doc_id}"



class Activity(models.Model):
    """The canonical definition of an activity, merged from the statements that define it."""

    iri = models.CharField(max_length=512, unique=True)
    definition = models.JSONField(default=dict)

    def __str__(self) -> str:
        return self.iri



class AgentName(models.Model):
    """Names seen for an agent, for the Person object of the Agents resource."""

    agent_key = models.CharField(max_length=512)
    agent = models.JSONField()
    name = models.CharField(max_length=512, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agent_key", "name"],
                                               name="records_agentname_unique")]

    def __str__(self) -> str:
        return self.name or self.agent_key



class Result(models.Model):
    """One learner's finished simulation run, as the live session reported it."""

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="sim_results")
    scenario_id = models.CharField(max_length=100, db_index=True)
    session_id = models.CharField(max_length=100, blank=True)
    school_class = models.ForeignKey(SchoolClass, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="sim_results")
    score = models.PositiveSmallIntegerField()
    passed = models.BooleanField()
    criteria = models.JSONField(default=list)
    competencies = models.JSONField(default=list)
    time_taken_s = models.FloatField(default=0)
    started = models.DateTimeField()
    ended = models.DateTimeField(db_index=True)
    registration = models.UUIDField(unique=True)

    class Meta:
        ordering = ["-ended"]
        indexes = [models.Index(fields=["learner", "-ended"], name="records_result_learner")]

    def __str__(self) -> str:
        return f"{self.scenario_id} {self.score}"


class ForwardTarget(models.Model):
    """Another LRS that receives a copy of every statement stored here."""

    name = models.CharField(max_length=200)
    endpoint = models.CharField(max_length=500)  # the other LRS's xAPI base URL
    username = models.CharField(max_length=200, blank=True)
    password = models.CharField(max_length=200, blank=True)
    version = models.CharField(max_length=8, default="1.0.3")
    active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.name


class Forward(models.Model):
    """A statement waiting to be (or already) delivered to a forward target."""

    PENDING, SENDING, DONE, FAILED = "pending", "sending", "done", "failed"
    target = models.ForeignKey(ForwardTarget, on_delete=models.CASCADE, related_name="queue")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=8, default=PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_try = models.DateTimeField(db_index=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "next_try"], name="records_fwd_due")]

    def __str__(self) -> str:
        return f"{self.statement_id} → {self.target_id} ({self.status})"
