"""Organisation names are unique whatever their letter case: "CAMDEN COUNCIL (DEMO)" and
"Camden Council (demo)" are one organisation. The case-sensitive unique index on the name goes;
a unique index on Lower(name) takes its place (and refuses both)."""

from django.db import migrations, models
from django.db.models.functions import Lower


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_organisation_names_distinct_any_case")]

    operations = [
        migrations.AlterField(
            model_name="organisation", name="name", field=models.CharField(max_length=200)
        ),
        migrations.AddConstraint(
            model_name="organisation",
            constraint=models.UniqueConstraint(
                Lower("name"),
                name="organisation_name_unique_any_case",
                violation_error_message="An organisation with this name already exists",
            ),
        ),
    ]
