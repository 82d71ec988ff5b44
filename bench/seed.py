"""The benchmark's database chores, run in a subprocess with the server's environment.

`python -m bench.seed seed ORIGIN PROOFS COUNT` creates the site (allowing ORIGIN) and its
articles through the same service the CMS push uses, writes COUNT solved proofs of work to
the file PROOFS, and prints the site key and each article's stored text as JSON;
`python -m bench.seed count` prints how many reports and cases exist;
`python -m bench.seed drain SECONDS` waits (at most SECONDS) until the task worker has no
task ready or running and every report is in a case, then prints the same counts and
how much was left (tasks and reports without a case).
"""

from __future__ import annotations

import base64
import json
import os
import random
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import django


def seed(origin: str) -> dict[str, Any]:
    # Imported here, after django.setup(): models need Django's app registry.
    from bench.articles import ARTICLES
    from errata.models import ArticleSource, Site, SiteOrigin, VersionSource
    from errata.services.articles import upsert_article

    site = Site.objects.create(slug="bench", name="La Gazette du banc d'essai", language="fr")
    SiteOrigin.objects.create(site=site, origin=origin)
    articles = []
    for article in ARTICLES:
        stored = upsert_article(
            site,
            url=origin + article.path,
            source=ArticleSource.CMS,
            version_source=VersionSource.CMS,
            title=article.title,
            language=article.language,
            text=article.text,
        )
        articles.append(
            {
                "url": stored.article.url,
                "title": stored.article.title,
                "language": stored.article.language,
                "text": stored.version.text,
            }
        )
    return {"site_key": site.public_key, "articles": articles}


def proofs(site_key: str, count: int) -> Iterator[str]:
    """Solved proofs of work, as the widget sends them in `altcha`.

    The widget finds the secret number by brute force (about 12 ms of CPU per challenge
    here, a second on a phone). The benchmark plays the readers' browsers and knows the
    server's throwaway key, so it issues challenges whose number it chose: the server
    verifies them exactly as it verifies the widget's.
    """
    from altcha.v1 import ChallengeOptions, create_challenge
    from django.utils import timezone

    from errata.intake import proof

    rng = random.Random(site_key)
    for _ in range(count):
        number = rng.randrange(proof.MAX_NUMBER)
        challenge = create_challenge(
            ChallengeOptions(
                algorithm=proof.ALGORITHM,
                max_number=proof.MAX_NUMBER,
                number=number,
                hmac_key=proof._key(),
                expires=timezone.now() + timedelta(hours=1),
                params={"site": site_key},
            )
        )
        solution = {
            "algorithm": challenge.algorithm,
            "challenge": challenge.challenge,
            "number": number,
            "salt": challenge.salt,
            "signature": challenge.signature,
        }
        yield base64.b64encode(json.dumps(solution).encode()).decode()


def count() -> dict[str, int]:
    from errata.models import Case, Report

    return {"reports": Report.objects.count(), "cases": Case.objects.count()}


def drain(timeout: float) -> dict[str, int]:
    """Wait for the background work the reports queued: it is part of what they cost.
    Reports without a case count too: one grouping run files many (decision 25)."""
    from django_tasks_db.models import DBTaskResult

    from errata.models import Report

    deadline = time.monotonic() + timeout
    while True:
        waiting = (
            DBTaskResult.objects.ready().count()
            + DBTaskResult.objects.running().count()
            + Report.objects.ungrouped().count()
        )
        if not waiting or time.monotonic() > deadline:
            return {**count(), "tasks_waiting": waiting}
        time.sleep(0.2)


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "errata.conf.settings")
    django.setup()
    if argv[:1] == ["seed"] and len(argv) == 4:
        seeded = seed(argv[1])
        Path(argv[2]).write_text(
            "".join(f"{solution}\n" for solution in proofs(seeded["site_key"], int(argv[3])))
        )
        print(json.dumps(seeded))
    elif argv == ["count"]:
        print(json.dumps(count()))
    elif argv[:1] == ["drain"] and len(argv) == 2:
        print(json.dumps(drain(float(argv[1]))))
    else:
        raise SystemExit("usage: python -m bench.seed seed ORIGIN PROOFS COUNT | count | drain S")


if __name__ == "__main__":
    main(sys.argv[1:])
