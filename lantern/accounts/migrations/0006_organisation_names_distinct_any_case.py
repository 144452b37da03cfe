"""Before names become unique whatever their letter case (0007): an organisation whose name
differs from an older one's only in letter case ("CAMDEN COUNCIL (DEMO)" beside "Camden
Council (demo)") gets a number after its name, so that the constraint can be added and a
platform admin can see the pair. The oldest keeps its name. Nothing is merged or deleted."""

from collections.abc import Iterable

from django.db import migrations

MAX_LENGTH = 200


def distinct_names(rows: Iterable[tuple[object, str]]) -> dict[object, str]:
    """The new names, by primary key, for rows (oldest first) whose name an earlier row
    already has in another letter case."""
    taken = set()
    renamed = {}
    for pk, name in rows:
        if name.lower() not in taken:
            taken.add(name.lower())
            continue
        n = 2
        while True:
            suffix = f" ({n})"
            candidate = name[: MAX_LENGTH - len(suffix)] + suffix
            if candidate.lower() not in taken:
                break
            n += 1
        taken.add(candidate.lower())
        renamed[pk] = candidate
    return renamed


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    organisation = apps.get_model("accounts", "Organisation")
    rows = organisation.objects.order_by("created_at", "pk").values_list("pk", "name")
    for pk, name in distinct_names(list(rows)).items():
        organisation.objects.filter(pk=pk).update(name=name)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_drop_unused_django_session")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
