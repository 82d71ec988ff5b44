"""The configuration errors: each is documented for the widget's and the CMS's developers."""

from __future__ import annotations

import re
from pathlib import Path

from errata.site_checks import CONFIGURATION_ERRORS

API_DOCS = Path(__file__).parents[2] / "docs" / "api.md"


def test_every_configuration_error_is_documented_with_its_setting() -> None:
    text = API_DOCS.read_text(encoding="utf-8")
    section = text.split("### Configuration errors: the reader cannot fix them", 1)[1]
    section = section.split("\n#", 1)[0]
    rows = re.findall(r"^\| `([a-z-]+)` \| `[a-z_-]+` \|", section, re.MULTILINE)
    documented = set(rows) - {"code"}  # the header row

    assert documented == CONFIGURATION_ERRORS
