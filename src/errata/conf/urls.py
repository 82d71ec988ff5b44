"""errata's URLs: the public contract in docs/api.md, the desk, the operators' endpoints."""

from django.contrib import admin
from django.urls import include, path

from errata.api import api

urlpatterns = [
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("", include("errata.ops.urls")),
    path("", include("errata.public.urls")),
]
