"""`path("errata/", include("errata_wagtail.urls"))` serves the webhook at /errata/webhook/."""

from django.urls import path

from errata_wagtail import views

app_name = "errata_wagtail"
urlpatterns = [path("webhook/", views.webhook, name="webhook")]
