"""WSGI entry point (gunicorn: `errata.conf.wsgi:application`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "errata.conf.settings")
application = get_wsgi_application()
