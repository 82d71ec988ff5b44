"""errata inside Wagtail: the widget's tags, article pushes on publish, corrections applied
as new page revisions. See docs/integrations.md, "errata on Wagtail"."""

__version__ = "0.1.0"
