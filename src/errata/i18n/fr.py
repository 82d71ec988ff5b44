"""Textes destinés aux lecteurs, en français."""

MESSAGES = {
    "report_received": (
        "Merci ! Votre signalement a bien été reçu sous la référence {reference}. "
        "La rédaction l'étudiera dans les plus brefs délais."
    ),
}
