"""Migrations that move learning records keep every statement findable."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("records", "0003_statement_page_indexes_per_scope")]
AFTER = [("records", "0004_statement_lookup_primary_key")]


def _migrate(target: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_the_lookup_table_move_keeps_every_filter_working(client: Any) -> None:
    apps = _migrate(BEFORE)
    Statement, Term = apps.get_model("records", "Statement"), apps.get_model(
        "records", "StatementTerm")
    now = timezone.now()
    ada = Statement.objects.create(
        statement_id="6fa459ea-ee8a-3ca4-894e-db77e160355e", stored=now,
        data=json.dumps({"id": "6fa459ea-ee8a-3ca4-894e-db77e160355e"}),
        verb_id="http://adlnet.gov/expapi/verbs/passed", actor_key="mbox:mailto:ada@example.org")
    for kind, value in [(1, "mbox:mailto:ada@example.org"), (2, "mbox:mailto:ada@example.org"),
                        (5, "http://adlnet.gov/expapi/verbs/passed")]:
        Term.objects.create(statement=ada, kind=kind, value=value, stored=now)
    try:
        apps = _migrate(AFTER)
        Term = apps.get_model("records", "StatementTerm")
        rows = sorted(Term.objects.values_list("kind", "value", "statement_id"))
        assert rows == [(1, "mbox:mailto:ada@example.org", ada.pk),
                        (2, "mbox:mailto:ada@example.org", ada.pk),
                        (5, "http://adlnet.gov/expapi/verbs/passed", ada.pk)]
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
            indexed = [info["columns"] for info in connection.introspection.get_constraints(
                cursor, "records_statement").values() if info["index"]]
        assert "records_statementterm" not in tables and "records_statement_lookup" in tables
        assert ["actor_key"] not in indexed and ["organisation_id"] not in indexed
        # and back again: the old table returns with the same rows
        apps = _migrate(BEFORE)
        Term = apps.get_model("records", "StatementTerm")
        assert Term.objects.filter(statement_id=ada.pk).count() == 3
    finally:
        _migrate(AFTER)
