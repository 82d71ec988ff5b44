"""Evaluation of errata's anchoring against the Hypothesis reference rule.

``python -m bench.anchoring.evaluate`` builds ≥ 300 labelled cases from the articles in
``corpus/`` (``generate.py``, fixed seed), runs errata and ``reference.py`` on each and
prints the markdown table recorded in docs/anchoring.md.
"""
