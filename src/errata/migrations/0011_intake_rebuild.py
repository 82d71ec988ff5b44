"""Intake rebuilt (issue 13, decision 19): a report is stored before it has a case, with
the reference reserved for it; idempotency keys of `POST /api/v1/reports`."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models


def first_reports_hold_their_case_reference(apps: Any, schema_editor: Any) -> None:
    """Before, the reader of a case's first report was given the case's reference."""
    Case = apps.get_model("errata", "Case")  # noqa: N806 -- a model class
    Report = apps.get_model("errata", "Report")  # noqa: N806
    for case_id, reference in Case.objects.values_list("pk", "reference").iterator():
        first = Report.objects.filter(case_id=case_id).order_by("created_at", "pk").first()
        if first is not None:
            Report.objects.filter(pk=first.pk).update(reference=reference)


class Migration(migrations.Migration):
    dependencies = [
        ("errata", "0010_site_setup"),
    ]

    operations = [
        migrations.CreateModel(
            name="IdempotencyKey",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                ("key", models.CharField(max_length=255)),
                ("fingerprint", models.CharField(max_length=64)),
                ("status", models.PositiveSmallIntegerField()),
                ("response", models.JSONField()),
            ],
        ),
        migrations.AddField(
            model_name="report",
            name="reference",
            field=models.CharField(
                blank=True, editable=False, max_length=20, verbose_name="reference"
            ),
        ),
        migrations.AlterField(
            model_name="report",
            name="case",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="reports",
                to="errata.case",
            ),
        ),
        migrations.RunPython(first_reports_hold_their_case_reference, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.UniqueConstraint(
                condition=models.Q(("reference", ""), _negated=True),
                fields=("site", "reference"),
                name="unique_report_reference",
            ),
        ),
        migrations.AddField(
            model_name="idempotencykey",
            name="site",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="errata.site"
            ),
        ),
        migrations.AddConstraint(
            model_name="idempotencykey",
            constraint=models.UniqueConstraint(
                fields=("site", "key"), name="unique_idempotency_key"
            ),
        ),
    ]
