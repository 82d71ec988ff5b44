"""Load or refresh the demo: site « Le Quotidien (démo) », its hosted articles, an editor.

Running it again changes nothing readers or editors made: articles are upserted (a new
version only if the text in `demo/articles/` changed), so reports and cases stay
attached; only the editor's password is reset, because it is printed once per run.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.urls import reverse

from errata.demo.content import DemoArticle, demo_articles
from errata.models import Article, ArticleSource, Membership, Site, SiteOrigin, VersionSource
from errata.models import origin_of as _origin_of
from errata.services.articles import upsert_article

DEMO_SITE_SLUG = "demo"
DEMO_SITE_NAME = "Le Quotidien (démo)"
DEMO_ORIGINS = ("http://127.0.0.1:8000", "http://localhost:8000")
DEMO_EDITOR = "editor"


@dataclass(frozen=True)
class LoadedDemo:
    site: Site
    articles: list[Article]
    editor: AbstractBaseUser
    password: str
    # Whether the editor may read errata's tables in /admin/ (not when other sites exist).


def hosted_url(slug: str) -> str:
    """Where errata serves a hosted article: its canonical URL."""
    base: str = settings.ERRATA_PUBLIC_URL
    return base + reverse("hosted-article", kwargs={"slug": slug})


def load_demo() -> LoadedDemo:
    with transaction.atomic():
        # The demo takes reports posted by hand (curl, the API docs) as well as the widget's,
        # so it asks for no proof of work; new sites do (docs/demo.md).
        site, _created = Site.objects.update_or_create(
            slug=DEMO_SITE_SLUG,
            defaults={"name": DEMO_SITE_NAME, "language": "fr", "require_proof_of_work": False},
        )
        # The configured public URL too, so the demo pages can report when served elsewhere.
        for origin in dict.fromkeys([*DEMO_ORIGINS, settings.ERRATA_PUBLIC_URL]):
            SiteOrigin.objects.get_or_create(site=site, origin=_origin_of(origin))
        articles = [_load_article(site, written) for written in demo_articles()]
        editor, password = _reset_editor(site)
    return LoadedDemo(site, articles, editor, password)


def _load_article(site: Site, written: DemoArticle) -> Article:
    url = hosted_url(written.slug)
    hosted = Article.objects.for_site(site).filter(source=ArticleSource.HOSTED, slug=written.slug)
    if not hosted.filter(url=url).exists():
        # Loaded before under another ERRATA_PUBLIC_URL: move it, with its reports.
        hosted.update(url=url)
    article = upsert_article(
        site,
        url=url,
        source=ArticleSource.HOSTED,
        version_source=VersionSource.DEMO,
        title=written.title,
        language=written.language,
        text=written.body,
        published_at=written.published_at,
        slug=written.slug,
    ).article
    if article.byline != written.byline:
        article.byline = written.byline
        article.save(update_fields=["byline"])
    return article


def _reset_editor(site: Site) -> tuple[AbstractBaseUser, str]:
    user_model = get_user_model()
    editor, _created = user_model.objects.get_or_create(
        username=DEMO_EDITOR, defaults={"email": "editor@demo.invalid"}
    )
    password = secrets.token_urlsafe(12)
    editor.set_password(password)
    editor.is_staff = False  # the admin is for operators (admin.py); the desk is the editor's
    editor.is_active = True
    editor.save()
    # An administrator of the demo site, so the demo shows every desk page.
    Membership.objects.update_or_create(
        site=site, user=editor, defaults={"role": Membership.Role.ADMIN}
    )
    # Earlier demos granted view permissions for /admin/, which is not scoped by site: an
    # editor kept from then loses them.
    editor.user_permissions.clear()
    return editor, password
