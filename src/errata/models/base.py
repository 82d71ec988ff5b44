"""What every errata table shares: a Site, a creation time, and a queryset scoped by site."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.db import models

if TYPE_CHECKING:
    from errata.models.site import Site


class SiteScopedQuerySet(models.QuerySet[Any]):
    """Every query about readers' or editors' data starts with `.for_site(site)`."""

    def for_site(self, site: Site | int) -> Self:
        return self.filter(site=site)


class SiteScoped(models.Model):
    site = models.ForeignKey("errata.Site", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        abstract = True
