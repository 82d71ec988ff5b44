"""Prepare the test site to be served: its address, an editor who can sign in.

    python -m django preparesite --port 8001 --editor-password …

Prints, as JSON, the id of the page new articles go under (the site's home page).
"""

import json
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from wagtail.models import Site


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, required=True)
        parser.add_argument("--hostname", default="127.0.0.1")
        parser.add_argument("--editor-password", required=True)

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        site = Site.objects.get(is_default_site=True)
        site.hostname, site.port = options["hostname"], options["port"]
        site.save()
        editor = get_user_model().objects.filter(username="editor").first()
        if editor is None:
            get_user_model().objects.create_superuser(
                "editor", "editor@wagtail.example", options["editor_password"]
            )
        self.stdout.write(json.dumps({"home": site.root_page_id}))
