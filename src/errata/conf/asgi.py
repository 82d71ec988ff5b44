"""ASGI entry point: what `errata serve` runs (gunicorn's asgi worker, decision 15).

gunicorn's asyncio worker reads each request whole, however slowly it arrives, before
errata sees it; idle and slow connections cost a socket, not a worker. errata itself
stays a WSGI application: a2wsgi hands each complete request to Django's WSGI handler in
a small thread pool (`ERRATA_SERVE_THREADS`). Django's own ASGI handler would run every
middleware hook through a thread hop of its own, which measured about 7 ms of CPU per
request here, against 1.3 ms this way (docs/performance.md). A reader's report, the one
hot write, is answered beside Django's request cycle by `api.fast_intake` (decision 28).
"""

import os

from a2wsgi import WSGIMiddleware
from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "errata.conf.settings")
_django = get_wsgi_application()

from errata.api.fast_intake import ReportsFirst  # noqa: E402 -- needs Django set up

# django-stubs types the handler as returning its response; it is an iterable of bytes.
_wsgi = WSGIMiddleware(_django, workers=settings.ERRATA_SERVE_THREADS)  # type: ignore[arg-type]
# A reader's report is answered beside Django's request cycle (decision 28).
application = ReportsFirst(_wsgi)
