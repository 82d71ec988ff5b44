"""errata: readers report errors in news articles, editors correct them, readers hear back."""

__version__ = "0.1.0"
