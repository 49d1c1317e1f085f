"""A date with month precision is the first day of its month, with year precision 1 January."""

from django.db import migrations, models

import claims.models

CONDITION = {
    "claim": ("said_on", "said_on_precision"),
    "source": ("date", "date_precision"),
}
MESSAGE = (
    "A date with precision “month” is the first day of its month, one with precision "
    "“year” is 1 January: enter it so, or choose precision “day”."
)


def to_start_of_period(apps, schema_editor):
    """Rows saved before the rule: keep what was known (month or year), as the README stores it."""
    for model_name, (date, precision) in CONDITION.items():
        model = apps.get_model("claims", model_name)
        for row in model.objects.filter(**{f"{precision}__in": ["month", "year"]}):
            value = getattr(row, date)
            start = value.replace(day=1)
            if getattr(row, precision) == "year":
                start = start.replace(month=1)
            if start != value:
                model.objects.filter(pk=row.pk).update(**{date: start})


def constraint(date: str, precision: str, table: str) -> claims.models.FieldCheckConstraint:
    return claims.models.FieldCheckConstraint(
        condition=(models.Q((precision, "month"), _negated=True) | models.Q((f"{date}__day", 1)))
        & (
            models.Q((precision, "year"), _negated=True)
            | models.Q((f"{date}__day", 1), (f"{date}__month", 1))
        ),
        field=date,
        name=f"claims_{table}_{date}_starts_its_period",
        violation_error_message=MESSAGE,
    )


class Migration(migrations.Migration):
    dependencies = [("claims", "0003_claim_list_indexes")]

    operations = [
        migrations.RunPython(to_start_of_period, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="claim", constraint=constraint("said_on", "said_on_precision", "claim")
        ),
        migrations.AddConstraint(
            model_name="source", constraint=constraint("date", "date_precision", "source")
        ),
    ]
