"""Articles whose stored reports wait for the grouping task: one row per article, not per
report (decision 25).

Intake's store adds one to an article's row in the report's transaction; the report that
creates the row queues the `group_reports` task, the others only count. The task deletes
the row as it starts, before it reads the reports without a case, so a report stored
after that queues the next run. A report is never left without a run coming: the store
takes the row's lock until it commits, so the task's delete waits for it and then sees
the report; and the task worker's sweep (errata.ops.leases) queues a run for any report
still without a case after a lease.
"""

from __future__ import annotations

from django.db import models


class PendingGrouping(models.Model):
    """An article with reports stored since its grouping task last started."""

    article = models.OneToOneField("errata.Article", on_delete=models.CASCADE, related_name="+")
    queued_at = models.DateTimeField(help_text="When the first of these reports queued a run")
    reports = models.PositiveIntegerField(default=1, help_text="Reports stored since then")

    def __str__(self) -> str:
        return f"article {self.article_id}: {self.reports} report(s) since {self.queued_at}"
