"""The one rule that turns an article into the plain text selectors count in.

The widget computes the same text from the reader's DOM; both sides are tested against
`tests/fixtures/text/normalisation.json`. The rule is written down in
docs/text-normalisation.md.
"""

from errata.text.html import html_to_text
from errata.text.normalise import normalise, normalise_quote
from errata.text.url import canonical_url

__all__ = ["canonical_url", "html_to_text", "normalise", "normalise_quote"]
