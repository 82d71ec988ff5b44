"""Template tags: the widget's script, the article's body marker, the page's notices.

{% load errata_tags %}
{% errata_article %}{{ page.body|richtext }}{% end_errata_article %}
{% errata_corrections page %}
{% errata_widget %}
"""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.template.base import NodeList, Parser, Token
from django.template.context import Context
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page

from errata_wagtail import conf
from errata_wagtail.models import CorrectionNotice

register = template.Library()

# What keeps a JSON value from closing its <script> element or opening a comment.
_SCRIPT_SAFE = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@register.simple_tag
def errata_widget(lang: str = "", link: str = "") -> SafeString:
    """The widget's `<script>` tag for this site; `lang` and `link="off"` as in
    docs/widget.md."""
    extra = format_html(' data-lang="{}"', lang) if lang else ""
    if link:
        extra = format_html('{} data-link="{}"', extra, link)
    return format_html(
        '<script src="{}/widget.js" data-site="{}"{} defer></script>',
        conf.url(),
        conf.site_key(),
        extra,
    )


class ArticleNode(template.Node):
    def __init__(self, nodelist: NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: Context) -> str:
        return format_html("<div data-errata-article>{}</div>", self.nodelist.render(context))


@register.tag
def errata_article(parser: Parser, token: Token) -> ArticleNode:
    """Marks the article's body for the widget: only what is inside is the article."""
    nodelist = parser.parse(("end_errata_article",))
    parser.delete_first_token()
    return ArticleNode(nodelist)


def jsonld(page: Page, notices: list[CorrectionNotice]) -> SafeString:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "url": page.get_full_url(),
        "correction": [
            {
                "@type": "CorrectionComment",
                "text": notice.text,
                "datePublished": notice.published_at,
            }
            for notice in notices
        ],
    }
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_SAFE)
    # Safe: every "<", ">" and "&" of the JSON is escaped above.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.inclusion_tag("errata_wagtail/corrections.html")
def errata_corrections(page: Page) -> dict[str, Any]:
    """The page's published notices, newest first, with their schema.org JSON-LD."""
    notices = list(CorrectionNotice.objects.public().filter(page=page).order_by("-published_at"))
    return {"notices": notices, "jsonld": jsonld(page, notices) if notices else ""}
