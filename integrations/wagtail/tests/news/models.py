"""The test site's article page: a headline and a rich-text body, like a newsroom's."""

from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page


class NewsPage(Page):
    body = RichTextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]


class StreamPage(Page):
    """A page whose body is a StreamField, to correct rich-text blocks."""

    body = StreamField(
        [("paragraph", blocks.RichTextBlock()), ("quote", blocks.CharBlock())], blank=True
    )

    content_panels = [*Page.content_panels, FieldPanel("body")]
