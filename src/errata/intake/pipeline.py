"""The intake pipeline: the ordered steps a reader's report goes through.

In the request, only what the reader must be answered at once (`receive`):

1. `validate.check_site_and_origin`  the site (remembered briefly), Origin, article URL
2. `validate.check_content`          sizes, category, email, language tags
3. `idempotency.look_up`             a retried request gets its first answer (optional key)
4. `proof.check`                     the altcha proof of work, when the site asks for it
5. `ratelimit.check`                 the reader's and the article's sliding windows
6. `spam.own`                        the report's own spam signals (no query)
7. `resolve.article_and_version`     the text it is about, remembered by hash
8. `anchor.locate`                   the passage's span in that text
9. `store.save`                      the only write: one short transaction, which also
                                     queues the grouping task; `acknowledge.receipt`
                                     words the answer there

Each step takes immutable values and returns a typed result, or raises its `Problem`
(one clear 4xx); a refused report leaves nothing behind.

Right after, in the task worker (`grouping.group_article`, all of an article's new
reports in one run, queued once per run: decision 25): `spam.with_histories`,
`verify.check`, then under the article's lock `group.OpenCases.find`,
`prioritise.score` and `file.save`, the task's only writes.
"""

from __future__ import annotations

from collections.abc import Callable

from errata.intake import (
    anchor,
    idempotency,
    proof,
    ratelimit,
    resolve,
    sites,
    spam,
    store,
    validate,
)
from errata.intake.idempotency import Replay
from errata.intake.store import Plan, Stored
from errata.intake.submission import ReportSubmission, RequestMeta
from errata.models import Site


def receive(
    submission: ReportSubmission,
    meta: RequestMeta,
    *,
    idempotency_key: str | None = None,
    then: Callable[[Stored], None] = lambda stored: None,
) -> tuple[Site, Stored | Replay]:
    """Run the request's steps; the stored report, or the first answer to a retry."""
    site = validate.check_site_and_origin(submission, meta)
    validate.check_content(submission)
    claim = None
    if idempotency_key is not None:
        found = idempotency.look_up(site, idempotency_key, submission)
        if isinstance(found, Replay):
            return site, found
        claim = found
    spent = proof.check(site, submission)
    url = sites.article_url(site, submission.article.url)  # once, for the next two steps
    ip_hash = ratelimit.check(site, meta, url=url)
    resolved = resolve.article_and_version(site, submission.article, url=url)
    span = anchor.locate(submission.selection, resolved.text)
    plan = Plan(
        site=site,
        submission=submission,
        ip_hash=ip_hash,
        spam=spam.own(submission),
        proof=spent,
        resolved=resolved,
        span=span,
        claim=claim,
    )
    try:
        return site, store.save(plan, then)
    except store.Duplicate as duplicate:
        return site, duplicate.replay
