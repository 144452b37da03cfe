"""Data migration: the audit chain's single head row, so appends only ever lock and update it."""

from django.db import migrations

GENESIS_HASH = "0" * 64


def create_head(apps, schema_editor):
    Head = apps.get_model("core", "AuditChainHead")
    Head.objects.get_or_create(singleton=1, defaults={"last_seq": 0, "last_hash": GENESIS_HASH})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_audit_log")]
    operations = [migrations.RunPython(create_head, migrations.RunPython.noop)]
