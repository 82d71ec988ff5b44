"""Intake: a reader's report → a stored Report (in the request) → filed into a Case (in
the grouping task right after), as ordered lists of small steps.

The order is named in `pipeline.py`; each step is a small module, testable alone.
"""
