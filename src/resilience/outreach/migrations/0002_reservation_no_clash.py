"""The database refuses two holding reservations of one kit that share a day.

- PostgreSQL: an exclusion constraint over ``(kit_id WITH =, daterange(start, end, '[]')
  WITH &&)`` for rows whose status is booked or out, which needs the ``btree_gist``
  extension. If the extension cannot be created (no privilege), the migration says so and
  bookings rely on the row lock that ``actions.book`` takes on the kit.
- SQLite: BEFORE INSERT and BEFORE UPDATE triggers that abort on an overlap. Writers are
  serialised anyway (``transaction_mode = IMMEDIATE`` takes the write lock at BEGIN).
"""

from django.db import migrations

HOLDING = "('booked', 'out')"

SQLITE_TRIGGER = """
CREATE TRIGGER IF NOT EXISTS outreach_reservation_no_clash_{op}
BEFORE {OP} ON outreach_reservation
WHEN NEW.status IN {holding} AND EXISTS (
  SELECT 1 FROM outreach_reservation r
  WHERE r.kit_id = NEW.kit_id AND r.id IS NOT NEW.id AND r.status IN {holding}
    AND r.start_date <= NEW.end_date AND NEW.start_date <= r.end_date)
BEGIN SELECT RAISE(ABORT, 'reservation clash: kit already held on these dates'); END;
"""


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'btree_gist'")
            if cursor.fetchone() is None:
                try:
                    cursor.execute("SAVEPOINT outreach_gist")
                    cursor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
                    cursor.execute("RELEASE SAVEPOINT outreach_gist")
                except Exception:  # noqa: BLE001 - no privilege: fall back to row locks
                    cursor.execute("ROLLBACK TO SAVEPOINT outreach_gist")
                    print("\n  btree_gist is not available: kit bookings rely on row locks.")
                    return
            cursor.execute(
                "ALTER TABLE outreach_reservation ADD CONSTRAINT outreach_reservation_no_clash "
                "EXCLUDE USING gist (kit_id WITH =, "
                "daterange(start_date, end_date, '[]') WITH &&) "
                f"WHERE (status IN {HOLDING})"
            )
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for op in ("insert", "update"):
                cursor.execute(SQLITE_TRIGGER.format(op=op, OP=op.upper(), holding=HOLDING))


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE outreach_reservation "
                           "DROP CONSTRAINT IF EXISTS outreach_reservation_no_clash")
        elif connection.vendor == "sqlite":
            for op in ("insert", "update"):
                cursor.execute(f"DROP TRIGGER IF EXISTS outreach_reservation_no_clash_{op}")


class Migration(migrations.Migration):
    dependencies = [("outreach", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
