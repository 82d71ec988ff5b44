"""Reader-facing texts, in English."""

MESSAGES = {
    "report_received": (
        "Thank you. Your report has been received as {reference}; "
        "the editors will look into it as soon as possible."
    ),
    # The public corrections log, its feed and the corrections API.
    "correction_kind_correction": "Correction",
    "correction_kind_clarification": "Clarification",
    "correction_kind_update": "Update",
    "correction_kind_editors_note": "Editor's note",
    "correction_kind_silent": "Typo fix",
    "corrections_log_title": "Corrections — {site}",
    "corrections_log_intro": (
        "The corrections, clarifications and updates {site} has published, newest first."
    ),
    "corrections_log_empty": "No corrections have been published yet.",
    "corrections_feed_link": "Atom feed of corrections",
    "corrections_before": "Before",
    "corrections_after": "After",
    "corrections_page": "Page {number} of {count}",
    "corrections_newer": "Newer",
    "corrections_older": "Older",
    "corrections_entry_title": "{label}: {title}",
    "corrections_skip": "Skip to the corrections",
}
