"""The case page's actions (POST, CSRF-protected): each calls one case service function.

A form that does not validate, or an action the case's state refuses (409/422), shows the
case page again with the reason; a refusal of access (403/404) is the problem page.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms as django_forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from errata.desk import forms
from errata.desk.casepage import preview_of, render_case
from errata.desk.pages import desk_page
from errata.errors import Problem
from errata.models import Case
from errata.services import cases, vocabulary
from errata.services.permissions import case_for


def case_url(case: Case) -> str:
    return reverse("desk:case", kwargs={"site": case.site.slug, "reference": case.reference})


def _run(
    request: HttpRequest,
    case: Case,
    form_key: str,
    form: django_forms.Form,
    action: Callable[[], object],
    done: str,
) -> HttpResponse:
    if not form.is_valid():
        return render_case(request, case, bound={form_key: form}, status=422)
    try:
        action()
    except Problem as problem:
        if problem.status in (403, 404):
            raise
        return render_case(request, case, bound={form_key: form}, problem=problem)
    messages.success(request, done)
    return redirect(case_url(case))


def _case(request: HttpRequest, site: str, reference: str) -> Case:
    return case_for(request.user, reference, site)


@require_POST
@desk_page
def assign(request: HttpRequest, site: str, reference: str) -> HttpResponse:
    case = _case(request, site, reference)
    form = forms.AssignForm(request.POST, case=case)
    return _run(
        request, case, "assign_form", form,
        lambda: cases.assign(request.user, case, form.person()), _("Assignment saved."),
    )  # fmt: skip


@require_POST
@desk_page
def note(request: HttpRequest, site: str, reference: str) -> HttpResponse:
    case = _case(request, site, reference)
    form = forms.NoteForm(request.POST)
    return _run(
        request, case, "note_form", form,
        lambda: cases.add_note(request.user, case, form.cleaned_data["note"]), _("Note added."),
    )  # fmt: skip


@require_POST
@desk_page
def preview(request: HttpRequest, site: str, reference: str) -> HttpResponse:
    """Step two of accepting: the diff and the drafted notice, editable, before publishing."""
    case = _case(request, site, reference)
    form = forms.AcceptForm(request.POST, case=case)
    if not form.is_valid():
        return render_case(request, case, bound={"accept_form": form}, status=422)
    data = form.cleaned_data
    try:
        draft = cases.draft(
            request.user, case, kind=data["kind"], passage_after=data["passage_after"],
            notice=data["notice"] or None,
        )  # fmt: skip
    except Problem as problem:
        if problem.status in (403, 404):
            raise
        return render_case(request, case, bound={"accept_form": form}, problem=problem)
    return render_case(request, case, bound={"accept_form": form}, extra=preview_of(draft))


@require_POST
@desk_page
def accept(request: HttpRequest, site: str, reference: str) -> HttpResponse:
    case = _case(request, site, reference)
    form = forms.AcceptForm(request.POST, case=case)
    return _run(
        request, case, "accept_form", form,
        lambda: cases.accept(
            request.user, case, kind=form.cleaned_data["kind"],
            passage_after=form.cleaned_data["passage_after"],
            notice=form.cleaned_data["notice"] or None,
        ),
        _("The correction is published."),
    )  # fmt: skip


@require_POST
@desk_page
def decline(request: HttpRequest, site: str, reference: str) -> HttpResponse:
    case = _case(request, site, reference)
    form = forms.DeclineForm(request.POST)
    return _run(
        request, case, "decline_form", form,
        lambda: cases.decline(
            request.user, case, form.cleaned_data["reason"], form.cleaned_data["note"]
        ),
        _("The case is declined."),
    )  # fmt: skip


@require_POST
@desk_page
def duplicate(request: HttpRequest, site: str, reference: str) -> HttpResponse:
    case = _case(request, site, reference)
    form = forms.DuplicateForm(request.POST)
    return _run(
        request, case, "duplicate_form", form,
        lambda: cases.mark_duplicate(request.user, case, form.cleaned_data["duplicate_of"]),
        _("The case is marked as a duplicate."),
    )  # fmt: skip


@require_POST
@desk_page
def reattach(request: HttpRequest, site: str, reference: str) -> HttpResponse:
    case = _case(request, site, reference)
    form = forms.ReattachForm(request.POST)
    return _run(
        request, case, "reattach_form", form,
        lambda: cases.reattach(
            request.user, case, passage=form.cleaned_data["passage"],
            start=form.cleaned_data["start"], reason=form.cleaned_data["reason"],
        ),
        _("The case is attached to the selected passage."),
    )  # fmt: skip


def _simple(action: Callable[..., object], done: Promise) -> Callable[..., HttpResponse]:
    """An action without fields: spam, not spam, reopen."""

    @require_POST
    @desk_page
    def view(request: HttpRequest, site: str, reference: str) -> HttpResponse:
        case = _case(request, site, reference)
        return _run(
            request, case, "", django_forms.Form({}), lambda: action(request.user, case), str(done)
        )

    view.__name__ = action.__name__
    return view


spam = _simple(cases.mark_spam, gettext_lazy("The case is marked as spam."))
not_spam = _simple(cases.mark_not_spam, gettext_lazy("The case is back in the queue."))
reopen = _simple(cases.reopen, gettext_lazy("The case is reopened."))
apply_fix = _simple(cases.apply_fix, gettext_lazy("The verified fix is published."))
close_fixed = _simple(
    cases.close_fixed_by_edit, gettext_lazy("The case is closed: the article's edit settled it.")
)


@require_POST
@desk_page
def add_word(request: HttpRequest, site: str, reference: str) -> HttpResponse:
    """« Not a typo »: the flagged word joins the site's vocabulary (a history row)."""
    case = _case(request, site, reference)
    form = forms.WordForm(request.POST)
    return _run(
        request, case, "word_form", form,
        lambda: vocabulary.accept_word(request.user, case, form.cleaned_data["word"]),
        _("The word is added to the site's vocabulary."),
    )  # fmt: skip
