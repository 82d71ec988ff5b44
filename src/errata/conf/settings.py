"""Django settings for errata, all read through the one registry in `conf/registry.py`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from errata.conf.registry import missing_in_production, value

ENV = value("ERRATA_ENV")
if ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"ERRATA_ENV must be 'development' or 'production', not {ENV!r}")
PRODUCTION = ENV == "production"
if PRODUCTION and (missing := missing_in_production()):
    raise ImproperlyConfigured(
        "errata is running with ERRATA_ENV=production but these secrets are not set in the "
        f"environment: {', '.join(missing)}. See docs/settings.md."
    )

DEBUG = not PRODUCTION
SECRET_KEY = value("ERRATA_SECRET_KEY")
ERRATA_IP_HASH_SECRET = value("ERRATA_IP_HASH_SECRET")
ERRATA_IP_HASH_RETENTION_DAYS = value("ERRATA_IP_HASH_RETENTION_DAYS")
ALLOWED_HOSTS = value("ERRATA_ALLOWED_HOSTS")
ERRATA_PUBLIC_URL = value("ERRATA_PUBLIC_URL").rstrip("/")
ERRATA_RATE_LIMIT_REPORTS = value("ERRATA_RATE_LIMIT_REPORTS")
ERRATA_RATE_LIMIT_ARTICLE = value("ERRATA_RATE_LIMIT_ARTICLE")
ERRATA_TRUSTED_PROXY_COUNT = value("ERRATA_TRUSTED_PROXY_COUNT")
ERRATA_METRICS_TOKEN = value("ERRATA_METRICS_TOKEN")
ERRATA_OUTBOUND_ALLOWED_NETWORKS = value("ERRATA_OUTBOUND_ALLOWED_NETWORKS")
ERRATA_SERVE_THREADS = value("ERRATA_SERVE_THREADS")
DATA_DIR = Path(value("ERRATA_DATA_DIR")).resolve()

INSTALLED_APPS = [
    "errata.apps.OperatorsAdminConfig",  # django.contrib.admin, for operators only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "errata",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "errata.security.ContentSecurityPolicyMiddleware",
    "errata.security.NulInPathMiddleware",
    "errata.api.cors.ApiCorsMiddleware",
    "errata.api.problems.ApiBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "errata.conf.urls"
WSGI_APPLICATION = "errata.conf.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database() -> dict[str, Any]:
    url = value("DATABASE_URL")
    if url:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
        if config["ENGINE"] == "django.db.backends.sqlite3":
            config["ENGINE"] = "errata.db.sqlite"  # its writers queue (decision 27)
        return config
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {
        # Django's SQLite backend whose writers queue on a file lock instead of sleeping
        # in SQLite's busy handler (errata/db/sqlite, decision 27).
        "ENGINE": "errata.db.sqlite",
        # Reopening the file and replaying the PRAGMAs on every request costs more than
        # the request; keep each thread's connection.
        "CONN_MAX_AGE": 600,
        "CONN_HEALTH_CHECKS": True,
        "NAME": DATA_DIR / "errata.sqlite3",
        "OPTIONS": {
            # IMMEDIATE takes the write lock when a transaction starts, so two writers
            # queue on busy_timeout instead of failing with "database is locked" mid-way.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=20000"
            ),
        },
        # Tests use a file, not the shared-cache in-memory database, so that concurrent
        # connections lock the way production's do; one file per test process.
        "TEST": {"NAME": str(DATA_DIR / f"test-{os.getpid()}.sqlite3")},
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_cache_url = value("ERRATA_CACHE_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
        if _cache_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "desk:login"

LANGUAGE_CODE = "en"
LANGUAGES = [("fr", "Français"), ("en", "English")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# WhiteNoise serves STATIC_ROOT (filled by `errata serve` through collectstatic) and warns
# when the folder is missing.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

_email_url = urlsplit(value("ERRATA_EMAIL_URL"))
if _email_url.scheme in {"smtp", "smtp+tls", "smtps"}:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email_url.hostname or "localhost"
    EMAIL_PORT = _email_url.port or {"smtp": 25, "smtp+tls": 587, "smtps": 465}[_email_url.scheme]
    EMAIL_HOST_USER = unquote(_email_url.username or "")
    EMAIL_HOST_PASSWORD = unquote(_email_url.password or "")
    EMAIL_USE_TLS = _email_url.scheme == "smtp+tls"
    EMAIL_USE_SSL = _email_url.scheme == "smtps"
    EMAIL_TIMEOUT = 20
elif _email_url.scheme:
    raise ImproperlyConfigured(
        f"ERRATA_EMAIL_URL must start with smtp://, smtp+tls:// or smtps://, "
        f"not {_email_url.scheme}://"
    )
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = value("ERRATA_DEFAULT_FROM_EMAIL")

# Readers' reports are small; an article snapshot is the largest part (see docs/api.md).
DATA_UPLOAD_MAX_MEMORY_SIZE = 1_048_576

# Behind a TLS-terminating proxy Django sees plain HTTP; trust the proxy's word for the
# scheme only when proxies are declared, and the public URL as an origin for forms.
CSRF_TRUSTED_ORIGINS = [ERRATA_PUBLIC_URL]
if ERRATA_TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# In production errata is reached over HTTPS only (docs/operations.md, behind a proxy).
# Health checks and metrics scrapes come from inside the network, often in plain HTTP.
SECURE_SSL_REDIRECT = PRODUCTION and value("ERRATA_SSL_REDIRECT")
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
SECURE_HSTS_SECONDS = value("ERRATA_HSTS_SECONDS") if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {"errata": {"handlers": ["console"], "level": value("ERRATA_LOG_LEVEL")}},
}
