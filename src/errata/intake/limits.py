"""The sizes a report may have; the API schema and docs/api.md state the same numbers."""

QUOTE_MAX = 1_000
CONTEXT_MAX = 64  # the widget sends 32 code points of prefix and suffix; allow slack
COMMENT_MAX = 2_000
SUGGESTION_MAX = 1_000
EMAIL_MAX = 254
URL_MAX = 2_000
TITLE_MAX = 500
LANGUAGE_MAX = 12
ARTICLE_TEXT_MAX = 200_000
# The longest text errata stores (a CMS's article), so the largest offset into one.
OFFSET_MAX = 1_000_000
# A form left open for weeks is still a form; 2**31 - 1 ms is 24 days.
FILL_TIME_MAX_MS = 2**31 - 1
SITE_KEY_MAX = 64
HONEYPOT_MAX = 200
LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"
