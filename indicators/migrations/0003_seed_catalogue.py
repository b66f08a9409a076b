"""Seed the shared indicator catalogue (indicators/catalogue.py). Published values are NOT loaded
here (tests create databases often): run `sendsight load_published_data`."""

from django.db import migrations


def seed(apps, schema_editor):
    from indicators import catalogue

    catalogue.sync(apps.get_model("indicators", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0002_catalogue_values_targets"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
