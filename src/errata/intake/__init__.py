"""Intake: a reader's report → a stored Report in a Case, as an ordered list of steps.

The order is named in `pipeline.py`; each step is a small module, testable alone.
"""
