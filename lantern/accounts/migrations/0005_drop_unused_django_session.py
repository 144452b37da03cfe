"""Sessions live in ``accounts.Session`` (ADR 8); Django's sessions app is no longer installed,
so its table, empty since then, goes from databases made before."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_email_change_requested_by")]

    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS django_session", reverse_sql=migrations.RunSQL.noop)
    ]
