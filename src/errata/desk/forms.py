"""The desk's forms: they check shapes and sizes; the case services decide the rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from errata.models import (
    Case,
    CaseStatus,
    Category,
    CorrectionKind,
    DeclineReason,
    Membership,
    SpellingVariants,
    UrlRule,
)
from errata.models.site import ARTICLE_SELECTOR_MAX
from errata.services import cases
from errata.services.queue import ALL, OPEN, QueueFilters


class QueueForm(forms.Form):
    site = forms.SlugField(required=False, max_length=60)
    status = forms.ChoiceField(
        required=False,
        choices=[(OPEN, _("Open")), *CaseStatus.choices, (ALL, _("All"))],
    )
    category = forms.ChoiceField(
        required=False, choices=[("", _("Any category")), *Category.choices]
    )
    assignee = forms.CharField(required=False, max_length=150)
    article = forms.IntegerField(required=False, min_value=1)
    q = forms.CharField(required=False, max_length=200, label=_("Search"))

    def filters(self) -> QueueFilters:
        if not self.is_valid():
            return QueueFilters()
        data = self.cleaned_data
        return QueueFilters(
            site=data["site"],
            status=data["status"] or OPEN,
            category=data["category"],
            assignee=data["assignee"],
            article=data["article"],
            q=data["q"],
        )


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(label=_("Assign to"), required=False)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = cases.assignable(case)
        self.people = {person.get_username(): person for person in people}
        field = self.fields["assignee"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Nobody")), *((name, name) for name in self.people)]
        if case.assignee is not None:
            field.initial = case.assignee.get_username()

    def person(self) -> Any:
        return self.people.get(self.cleaned_data["assignee"])


class WordForm(forms.Form):
    """« Not a typo, add to the site's vocabulary »: one word the spelling check flagged."""

    word = forms.CharField(max_length=100)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Internal note"),
        max_length=cases.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReattachForm(forms.Form):
    """The passage an editor selected in the article's current text (desk/reattach.js
    fills `passage` and `start` from the selection; without script, type the passage)."""

    passage = forms.CharField(
        label=_("Passage in the current text"), max_length=cases.PASSAGE_MAX, strip=False
    )
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why this passage"),
        max_length=cases.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def kind_choices(case: Case) -> list[tuple[str, str]]:
    return [
        (kind.value, str(kind.label))
        for kind in CorrectionKind
        if kind.public or case.site.allow_silent_fixes
    ]


class AcceptForm(forms.Form):
    """Step one of accepting: the kind and the new wording; step two adds the notice."""

    kind = forms.ChoiceField(label=_("Kind"))
    passage_after = forms.CharField(
        label=_("New wording of the passage"),
        required=False,
        strip=False,
        max_length=cases.PASSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    notice = forms.CharField(
        label=_("Notice"),
        required=False,
        max_length=cases.NOTICE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = kind_choices(case)


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=DeclineReason.choices)
    note = forms.CharField(
        label=_("Internal note"),
        required=False,
        max_length=cases.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DuplicateForm(forms.Form):
    duplicate_of = forms.CharField(label=_("Duplicate of case"), max_length=20)


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)


class TemplateForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), required=False, max_length=300)
    body = forms.CharField(
        label=_("Text"), max_length=5000, widget=forms.Textarea(attrs={"rows": 10})
    )


class SiteSettingsForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    language = forms.CharField(label=_("Default language"), max_length=12)
    sla_hours = forms.IntegerField(
        label=_("Target hours to a decision"), min_value=1, max_value=720
    )
    allow_silent_fixes = forms.BooleanField(label=_("Allow silent typo fixes"), required=False)
    contact_retention_days = forms.IntegerField(
        label=_("Days to keep readers' emails"),
        min_value=1,
        max_value=3650,
        help_text=_(
            "Counted from the report while its case is open, from the closing once it is "
            "closed; then the email is erased (docs/privacy.md)."
        ),
    )
    webhook_url = forms.URLField(
        label=_("Webhook URL"), required=False, max_length=500, assume_scheme="https"
    )
    webhook_secret = forms.CharField(
        label=_("New webhook secret"),
        required=False,
        max_length=100,
        help_text=_("Leave empty to keep the current secret."),
        widget=forms.PasswordInput(render_value=False),
    )
    spelling_variants = forms.ChoiceField(
        label=_("Spelling variants"),
        choices=SpellingVariants.choices,
        required=False,
        help_text=_("Whether 1990 reform spellings (connaitre, évènement) are accepted."),
    )


class SiteSetupForm(forms.Form):
    """Where the widget finds the article, and which article URLs the site accepts."""

    article_selector = forms.CharField(
        label=_("Article selector"),
        required=False,
        max_length=ARTICLE_SELECTOR_MAX,
        help_text=_(
            "A CSS selector of the article's container on your pages, e.g. div.article-body, "
            "tried right after data-errata-article. Empty: the widget finds the article itself."
        ),
    )
    url_rule = forms.ChoiceField(
        label=_("Article URL rule"),
        choices=UrlRule.choices,
        help_text=_(
            "Same host: http and https, www. and bare forms of an allowed origin's host are "
            "accepted and stored as one article. Exact: only the listed origins."
        ),
    )


class OriginForm(forms.Form):
    origin = forms.CharField(
        label=_("Origin"),
        max_length=255,
        help_text=_("scheme://host[:port], e.g. https://www.example.com"),
    )


class MemberForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class ReaderForm(forms.Form):
    """One reader's address, for an export or an erasure of their data."""

    email = forms.EmailField(label=_("Reader's email"), max_length=254)


class EraseReaderForm(ReaderForm):
    texts = forms.BooleanField(
        label=_("Also erase the reader's comments and suggestions"),
        required=False,
        help_text=_("When their own words identify them; the quoted passage stays."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that this cannot be undone"),
        required=True,
    )
