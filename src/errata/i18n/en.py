"""Reader-facing texts, in English."""

MESSAGES = {
    "report_received": (
        "Thank you. Your report has been received as {reference}; "
        "the editors will look into it as soon as possible."
    ),
}
