"""Point three catalogue indicators at the keys cases.statistics actually provides."""

from django.db import migrations

KEYS = {
    "ehcp_requests_refused_pc": ("pc_requests_refused", "monthly"),
    "ehcp_issued_over_52wk_ex_pc": ("pc_plans_issued_after_52_weeks_ex", "monthly"),
    "ehcp_open_requests_over_20wk": ("open_requests_older_than_20_weeks", "monthly"),
}


def forwards(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    for code, (key, frequency) in KEYS.items():
        Indicator.objects.filter(code=code, local_authority__isnull=True).update(case_statistic=key,
                                                                                frequency=frequency)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0005_value_area_index")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
