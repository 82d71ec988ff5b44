"""The public pages: the home page, hosted articles, corrections logs and feeds."""

from errata.public import articles, corrections, widget

urlpatterns = [*articles.urlpatterns, *corrections.urlpatterns, *widget.urlpatterns]
