"""Data migration: course certificates take their organisation from the enrolment."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    Certificate = apps.get_model("learning", "Certificate")
    Enrolment = apps.get_model("learning", "Enrolment")
    Certificate.objects.filter(enrolment__isnull=False, organisation__isnull=True).update(
        organisation_id=Subquery(
            Enrolment.objects.filter(pk=OuterRef("enrolment_id")).values("organisation_id")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [("learning", "0002_attendance_certificates")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
