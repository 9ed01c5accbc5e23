"""On PostgreSQL the database itself refuses two targets for one KPI whose periods share a
day: an exclusion constraint over ``(kpi WITH =, daterange(start, "end", '[]') WITH &&)``,
which needs the ``btree_gist`` extension. If it cannot be created (no privilege), the
migration says so and targets rely on the check in ``actions.save_target``, made inside a
transaction (SQLite serialises writers: ``transaction_mode = IMMEDIATE``)."""

from django.db import migrations


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'btree_gist'")
        if cursor.fetchone() is None:
            try:
                cursor.execute("SAVEPOINT impact_gist")
                cursor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
                cursor.execute("RELEASE SAVEPOINT impact_gist")
            except Exception:  # noqa: BLE001 - no privilege: fall back to the app check
                cursor.execute("ROLLBACK TO SAVEPOINT impact_gist")
                print("\n  btree_gist is not available: target periods are checked by the app.")
                return
        cursor.execute(
            "ALTER TABLE impact_target ADD CONSTRAINT impact_target_no_overlap "
            "EXCLUDE USING gist (kpi WITH =, daterange(start, \"end\", '[]') WITH &&)"
        )


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE impact_target "
                           "DROP CONSTRAINT IF EXISTS impact_target_no_overlap")


class Migration(migrations.Migration):
    dependencies = [("impact", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
