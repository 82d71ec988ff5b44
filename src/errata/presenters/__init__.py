"""Output shapes, built in one place: what the API, the public pages and feeds show.

Presenters read model rows and return plain data (dicts, small dataclasses); they never
query beyond the rows they are given and know nothing about HTTP.
"""
