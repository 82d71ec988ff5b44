"""What errata can tell about a report before an editor reads it.

Pure functions over plain text (language, spelling, typography, consistency, garbage
text), plus the few that need the site's data (learned vocabulary, consensus, severity
rules). The intake steps `verify`, `spam` and `prioritise` call them; each result is a
finding `{check, verdict, reason, data}` that the desk shows as it is (docs/triage.md).
"""
