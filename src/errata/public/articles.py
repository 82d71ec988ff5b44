"""errata's own pages for readers: the home page and the articles errata hosts (the demo).

A hosted article is served at its canonical URL, `/articles/<slug>/`, the way a news site
shows it: the paragraphs of its latest version inside `<article data-errata-article>`,
the published corrections under it, the invitation to report, and the widget's tag. The
headline, byline and date stay outside that element, so the text the widget reads from
the page is exactly the version's text and readers' selections land at its offsets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from errata.demo import DEMO_SITE_SLUG, hosted_url
from errata.i18n import best_language
from errata.models import Article, ArticleSource, ArticleVersion, CorrectionKind, Site

# What the hosted page says around the article, in the article's language.
PAGE_TEXT: dict[str, dict[str, str]] = {
    "fr": {
        "invite": "Avez-vous trouvé une erreur ou une inexactitude ? Nous étudierons vos "
        "commentaires dans les plus brefs délais.",
        "notices": "Rectificatifs et précisions",
        "published": "Publié le",
        "corrections_log": "Tous les rectificatifs de",
    },
    "en": {
        "invite": "Have you found an error or an inaccuracy? We will look into your "
        "comments as soon as possible.",
        "notices": "Corrections and clarifications",
        "published": "Published",
        "corrections_log": "All corrections from",
    },
}
KIND_LABELS: dict[str, dict[str, str]] = {
    "fr": {
        CorrectionKind.CORRECTION: "Rectificatif",
        CorrectionKind.CLARIFICATION: "Précision",
        CorrectionKind.UPDATE: "Mise à jour",
        CorrectionKind.EDITORS_NOTE: "Note de la rédaction",
    },
    "en": {
        CorrectionKind.CORRECTION: "Correction",
        CorrectionKind.CLARIFICATION: "Clarification",
        CorrectionKind.UPDATE: "Update",
        CorrectionKind.EDITORS_NOTE: "Editor's note",
    },
}


@dataclass(frozen=True)
class Notice:
    label: str
    text: str
    published_at: datetime | None


@dataclass(frozen=True)
class HostedPage:
    article: Article
    site: Site
    language: str
    paragraphs: list[str]
    notices: list[Notice]
    text: dict[str, str]
    widget_src: str


def hosted_page(slug: str) -> HostedPage:
    """The hosted article at `/articles/<slug>/` with what its page shows; 404 if none."""
    article = (
        Article.objects.filter(source=ArticleSource.HOSTED, url=hosted_url(slug))
        .select_related("site")
        .order_by("pk")
        .first()
    )
    if article is None:
        raise Http404("No article is hosted at this address.")
    # The publisher's text (demo, correction), never a reader's snapshot of it.
    version = (
        ArticleVersion.objects.for_site(article.site)
        .filter(article=article)
        .authoritative()
        .first()
    )
    if version is None:
        raise Http404("No article is hosted at this address.")
    language = best_language(article.language, article.site.language)
    notices = [
        Notice(KIND_LABELS[language][correction.kind], correction.notice, correction.published_at)
        for correction in article.corrections.published()
    ]
    return HostedPage(
        article=article,
        site=article.site,
        language=language,
        paragraphs=version.text.split("\n\n"),
        notices=notices,
        text=PAGE_TEXT[language],
        widget_src=f"{settings.ERRATA_PUBLIC_URL}/widget.js",
    )


def demo_articles() -> tuple[Site | None, list[Article]]:
    """The demo site and its hosted articles, newest first; (None, []) before `errata demo`."""
    site = Site.objects.filter(slug=DEMO_SITE_SLUG).first()
    if site is None:
        return None, []
    hosted = Article.objects.for_site(site).filter(source=ArticleSource.HOSTED)
    return site, list(hosted.order_by("-published_at", "-pk"))


def home(request: HttpRequest) -> HttpResponse:
    site, articles = demo_articles()
    return render(request, "errata/public/home.html", {"demo_site": site, "articles": articles})


def article(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "errata/public/article.html", {"page": hosted_page(slug)})


urlpatterns = [
    path("", home, name="home"),
    path("articles/<slug:slug>/", article, name="hosted-article"),
]
