"""Evaluation of the triage checks: `python -m bench.triage.evaluate` (docs/triage.md)."""
