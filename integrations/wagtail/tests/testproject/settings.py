"""A tiny Wagtail site for the app's tests: one page type (news.NewsPage) and the app."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
SECRET_KEY = "errata-wagtail-tests"
DEBUG = False
ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = [
    "news",
    "errata_wagtail",
    "wagtail.admin",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.sites",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]
ROOT_URLCONF = "testproject.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("WAGTAIL_DB", str(BASE_DIR / "db.sqlite3")),
    }
}
USE_TZ = True
LANGUAGE_CODE = "en"
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
MEDIA_ROOT = BASE_DIR / "media"
WAGTAIL_SITE_NAME = "errata-wagtail tests"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://localhost")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

ERRATA_URL = os.environ.get("ERRATA_URL", "http://errata.invalid")
ERRATA_SITE_KEY = os.environ.get("ERRATA_SITE_KEY", "pk_test")
ERRATA_API_KEY = os.environ.get("ERRATA_API_KEY", "ek_test")
ERRATA_WEBHOOK_SECRET = os.environ.get(
    "ERRATA_WEBHOOK_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
)
ERRATA_TIMEOUT = 5
# Tests only: hashing the test editors' passwords quickly.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
