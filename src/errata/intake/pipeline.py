"""The intake pipeline: the ordered steps a reader's report goes through.

Each step takes the `Intake` built so far, sets its own fields, or raises a `Problem`
(one clear 4xx). Steps before `store` only read; `store` writes everything in the one
transaction that `run()` opens, so a refused report leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from errata.intake import (
    acknowledge,
    anchor,
    group,
    prioritise,
    proof,
    ratelimit,
    resolve,
    spam,
    store,
    validate,
    verify,
)
from errata.intake.submission import Intake, Receipt, ReportSubmission, RequestMeta

Step = Callable[[Intake], None]

STEPS: tuple[Step, ...] = (
    validate.check_site_and_origin,
    validate.check_content,
    proof.check,
    ratelimit.check,
    spam.score,
    resolve.article_and_version,
    anchor.locate,
    verify.check,
    group.find_case,
    prioritise.score,
    store.save,
    acknowledge.receipt,
)


def run(submission: ReportSubmission, meta: RequestMeta) -> Intake:
    intake = Intake(submission=submission, meta=meta)
    with transaction.atomic():
        for step in STEPS:
            step(intake)
    return intake


def submit(submission: ReportSubmission, meta: RequestMeta) -> Receipt:
    intake = run(submission, meta)
    assert intake.receipt is not None
    return intake.receipt
