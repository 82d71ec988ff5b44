"""Textes destinés aux lecteurs, en français."""

MESSAGES = {
    "report_received": (
        "Merci ! Votre signalement a bien été reçu sous la référence {reference}. "
        "La rédaction l'étudiera dans les plus brefs délais."
    ),
    # The public corrections log, its feed and the corrections API.
    "correction_kind_correction": "Correction",
    "correction_kind_clarification": "Précision",
    "correction_kind_update": "Mise à jour",
    "correction_kind_editors_note": "Note de la rédaction",
    "correction_kind_silent": "Correction typographique",
    "corrections_log_title": "Rectificatifs — {site}",
    "corrections_log_intro": (
        "Les corrections, précisions et mises à jour publiées par {site}, "
        "des plus récentes aux plus anciennes."
    ),
    "corrections_log_empty": "Aucun rectificatif n'a encore été publié.",
    "corrections_feed_link": "Flux Atom des rectificatifs",
    "corrections_before": "Avant",
    "corrections_after": "Après",
    "corrections_page": "Page {number} sur {count}",
    "corrections_newer": "Plus récents",
    "corrections_older": "Plus anciens",
    "corrections_entry_title": "{label}\u00a0: {title}",
    "corrections_skip": "Aller aux rectificatifs",
}
