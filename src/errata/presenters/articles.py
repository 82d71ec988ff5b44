"""What a CMS is told after pushing an article."""

from __future__ import annotations

from typing import Any

from errata.services.articles import Upserted


def article_push_json(upserted: Upserted) -> dict[str, Any]:
    article, version = upserted.article, upserted.version
    return {
        "article": {
            "url": article.url,
            "title": article.title,
            "lang": article.language,
            "source": article.source,
            "cms_id": article.cms_id,
        },
        "version": {
            "id": version.pk,
            "text_hash": version.text_hash,
            "created": upserted.version_created,
            "created_at": version.created_at,
        },
        "changed": upserted.version_created,
    }
