"""Fewer B-trees to update for each stored statement.

* The lookup rows move to a table whose primary key is the lookup itself, (value, kind,
  stored, statement); on SQLite it is created ``WITHOUT ROWID``, so the rows live in that
  one B-tree. The old table kept each row three times (the table and two indexes).
* The single-column indexes on ``actor_key``, ``organisation_id`` and ``credential_id``
  go: progress finds a person's statements through the lookup rows, and the
  (organisation, voided, stored) and (credential, voided, stored) indexes serve the keys.
  They are dropped by name (Django's AlterField would copy the statement table on SQLite).

Measured with 200,000 statements on SQLite (docs/benchmarks.md, with the same session's
HTTP change): 661 → 398 MB on disk, batches of 100 924 → 1,285 statements/s.
"""

import django.db.models.deletion
from django.db import migrations, models

COLUMNS = ("actor_key", "organisation_id", "credential_id")


def drop_indexes(apps, schema_editor):
    Statement = apps.get_model("records", "Statement")
    table = Statement._meta.db_table
    with schema_editor.connection.cursor() as cursor:
        constraints = schema_editor.connection.introspection.get_constraints(cursor, table)
    for name, info in constraints.items():
        if (info["index"] and not info["unique"] and not info["primary_key"]
                and len(info["columns"]) == 1 and info["columns"][0] in COLUMNS):
            schema_editor.execute(schema_editor._delete_index_sql(Statement, name))


def create_indexes(apps, schema_editor):
    Statement = apps.get_model("records", "Statement")
    for name in ("actor_key", "organisation", "credential"):
        field = Statement._meta.get_field(name)
        schema_editor.execute(schema_editor._create_index_sql(Statement, fields=[field]))


class CreateModelWithoutRowid(migrations.CreateModel):
    """CreateModel, but on SQLite the table is a clustered ``WITHOUT ROWID`` table."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "sqlite":
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        model = to_state.apps.get_model(app_label, self.name)
        sql, params = schema_editor.table_sql(model)
        schema_editor.execute(f"{sql} WITHOUT ROWID", params or None)
        return None


def copy_rows(source, target):
    def copy(apps, schema_editor):
        quote = schema_editor.quote_name
        columns = ", ".join(quote(c) for c in ("value", "kind", "stored", "statement_id"))
        # DISTINCT: a value cut to 512 characters could repeat in the old table.
        schema_editor.execute(
            f"INSERT INTO {quote(target)} ({columns}) "
            f"SELECT DISTINCT {columns} FROM {quote(source)}")
    return copy


OLD, NEW = "records_statementterm_old", "records_statement_lookup"


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('records', '0003_statement_page_indexes_per_scope'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='statement',
                    name='actor_key',
                    field=models.CharField(max_length=512),
                ),
                migrations.AlterField(
                    model_name='statement',
                    name='credential',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='records.credential'),
                ),
                migrations.AlterField(
                    model_name='statement',
                    name='organisation',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.organisation'),
                ),
            ],
            database_operations=[migrations.RunPython(drop_indexes, create_indexes)],
        ),
        migrations.RenameModel("StatementTerm", "OldStatementTerm"),
        migrations.AlterModelTable("OldStatementTerm", OLD),
        CreateModelWithoutRowid(
            name='StatementTerm',
            fields=[
                ('pk', models.CompositePrimaryKey('value', 'kind', 'stored', 'statement', blank=True, editable=False, primary_key=True, serialize=False)),
                ('kind', models.SmallIntegerField()),
                ('value', models.CharField(max_length=512)),
                ('stored', models.DateTimeField()),
                ('statement', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='terms', to='records.statement')),
            ],
            options={'db_table': NEW},
        ),
        migrations.RunPython(copy_rows(OLD, NEW), copy_rows(NEW, OLD)),
        migrations.DeleteModel("OldStatementTerm"),
    ]
