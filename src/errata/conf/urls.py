"""errata's URLs: the public contract in docs/api.md, the desk, the operators' endpoints."""

from django.contrib import admin
from django.urls import include, path, re_path

from errata.api import api
from errata.api.problems import api_not_found

urlpatterns = [
    path("api/", api.urls),
    re_path(r"^api/(?P<path>.*)$", api_not_found),
    path("admin/", admin.site.urls),
    path("desk/", include("errata.desk.urls")),
    path("", include("errata.ops.urls")),
    path("", include("errata.public.urls")),
]
