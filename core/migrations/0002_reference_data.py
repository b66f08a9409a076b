"""Every new database knows every English local authority, its region and its statistical neighbours."""

from django.db import migrations


def load(apps, schema_editor):
    from core.reference import load_reference_data

    load_reference_data(apps.get_model("core", "Region"), apps.get_model("core", "LocalAuthority"),
                        apps.get_model("core", "StatisticalNeighbour"))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
