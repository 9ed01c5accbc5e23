"""Drop the single-column indexes on statement columns that no query searches.

Only the indexes go: on SQLite, Django's AlterField would copy the whole statement table
once per field, so the database side drops the indexes by name and the model state
changes separately.
"""

from django.db import migrations, models

COLUMNS = ("stored", "verb_id", "object_activity", "registration", "ref_target")


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
    for column in COLUMNS:
        field = Statement._meta.get_field(column)
        schema_editor.execute(schema_editor._create_index_sql(Statement, fields=[field]))


class Migration(migrations.Migration):

    dependencies = [
        ('records', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='statement',
                    name='object_activity',
                    field=models.CharField(blank=True, max_length=512),
                ),
                migrations.AlterField(
                    model_name='statement',
                    name='ref_target',
                    field=models.UUIDField(blank=True, null=True),
                ),
                migrations.AlterField(
                    model_name='statement',
                    name='registration',
                    field=models.UUIDField(blank=True, null=True),
                ),
                migrations.AlterField(
                    model_name='statement',
                    name='stored',
                    field=models.DateTimeField(),
                ),
                migrations.AlterField(
                    model_name='statement',
                    name='verb_id',
                    field=models.CharField(max_length=512),
                ),
            ],
            database_operations=[migrations.RunPython(drop_indexes, create_indexes)],
        ),
    ]
