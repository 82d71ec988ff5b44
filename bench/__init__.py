"""Benchmarks and evaluations, run by `make bench`; never part of `make test`.

`bench.intake` measures `POST /api/v1/reports` against a production-mode server; its
results and how to read them are in docs/performance.md.
"""
