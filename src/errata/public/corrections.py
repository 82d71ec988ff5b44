"""The public corrections log of a site (`/corrections/<slug>/`) and its Atom feed.

Both are in the site's language and list what `services.corrections.published_corrections`
returns: never a silent fix, never another site's correction.
"""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import feedgenerator, translation

from errata.i18n import best_language
from errata.models import Correction, Site
from errata.presenters.corrections import entry_title, log_texts, public_correction
from errata.services.corrections import published_corrections

PAGE_SIZE = 50
FEED_SIZE = 50


def corrections_log(request: HttpRequest, slug: str) -> HttpResponse:
    site = get_object_or_404(Site, slug=slug)
    language = best_language(site.language)
    page = Paginator(published_corrections(site), PAGE_SIZE).get_page(request.GET.get("page"))
    texts = log_texts(language, site.name, page=page.number, pages=page.paginator.num_pages)
    context = {
        "site": site,
        "language": language,
        "texts": texts,
        "page": page,
        "corrections": [public_correction(correction, language) for correction in page],
    }
    with translation.override(language):  # dates and numbers in the site's language
        return render(request, "errata/public/corrections.html", context)


# Feed is generic only in django-stubs; subscripting it would fail at run time.
class CorrectionsFeed(Feed):  # type: ignore[type-arg]
    """Atom feed of a site's latest published corrections."""

    feed_type = feedgenerator.Atom1Feed
    description_template = "errata/public/corrections_feed_entry.html"
    item_guid_is_permalink = False

    def get_object(self, request: HttpRequest, slug: str) -> Site:
        return get_object_or_404(Site, slug=slug)

    def get_feed(self, obj: Site, request: HttpRequest) -> feedgenerator.SyndicationFeed:
        # Feed takes its xml:lang, and item_title its labels, from the active language.
        with translation.override(best_language(obj.language)):
            return super().get_feed(obj, request)

    def title(self, obj: Site) -> str:
        return log_texts(obj.language, obj.name)["title"]

    def subtitle(self, obj: Site) -> str:
        return log_texts(obj.language, obj.name)["intro"]

    def link(self, obj: Site) -> str:
        return reverse("corrections_log", args=[obj.slug])

    def feed_url(self, obj: Site) -> str:
        return reverse("corrections_feed", args=[obj.slug])

    def items(self, obj: Site) -> QuerySet[Correction]:
        return published_corrections(obj)[:FEED_SIZE]

    def item_title(self, item: Correction) -> str:
        # Atom titles are text, escaped once by the XML writer (RSS's double escaping
        # would show readers "&amp;").
        return entry_title(item, translation.get_language() or "")

    def item_link(self, item: Correction) -> str:
        url = item.article.url
        return url if url.startswith(("https://", "http://")) else self.link(item.article.site)

    def item_guid(self, item: Correction) -> str:
        return f"urn:uuid:{item.public_id}"

    def item_pubdate(self, item: Correction) -> Any:
        return item.published_at

    def item_updateddate(self, item: Correction) -> Any:
        return item.published_at

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        site: Site = kwargs["obj"]
        language = best_language(site.language)
        return {
            "correction": public_correction(kwargs["item"], language),
            "texts": log_texts(language, site.name),
        }


urlpatterns = [
    path("corrections/<slug:slug>/", corrections_log, name="corrections_log"),
    path("corrections/<slug:slug>/feed.atom", CorrectionsFeed(), name="corrections_feed"),
]
