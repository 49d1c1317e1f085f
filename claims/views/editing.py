"""The desk's one edit loop: valid → save → stale → 409 with the other person's changes.

Every record edited on the desk with a version check (a claim with its figures, a note
with its citations, and both again when a published one is corrected) describes how
its forms are built, saved and traced in an EditSpec; edit_loop does the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render

from claims.history import changed_since
from claims.workflow import StaleEdit, TransitionError

# save(obj, expected_version): a save other than the plain version-checked one (a correction).
Save = Callable[[models.Model, int], None]


def posted(request: HttpRequest) -> QueryDict | None:
    """The POSTed data to bind a form to, or None to show it unbound."""
    return request.POST if request.method == "POST" else None


def stale_context(request: HttpRequest, stale: StaleEdit, *children: Any) -> dict[str, Any]:
    """What changed since the user opened the form, and their input rebound to the new version.

    Saving the rebound input again is a deliberate overwrite: the user has
    now seen the other changes.
    """
    data = request.POST.copy()
    started_at = int(data.get("version") or 0)
    data["version"] = str(stale.current.version)
    return {
        "stale": True,
        "changed_meanwhile": changed_since(stale.current, started_at, *children),
        "data": data,
    }


class Formsets(dict):
    """Several formsets of one record's child rows, by name: checked and shown together."""

    def is_valid(self) -> bool:
        # Every formset is checked, so each shows its errors on the same page.
        return all([formset.is_valid() for formset in self.values()])


@dataclass(frozen=True)
class EditSpec:
    """How one kind of record is edited on the desk: its forms, its save, its history."""

    # (data, obj) -> (the record's form, the formset of its child rows, or Formsets)
    build: Callable[[QueryDict | None, Any], tuple[forms.ModelForm, Any]]
    # (form, children, creating=…, save=…) -> the saved record; StaleEdit when overtaken
    save: Callable[..., Any]
    # obj -> [(history queryset, label)] of the child rows, for what changed meanwhile
    child_history: Callable[[Any], list[tuple[Any, Any]]]
    children_name: str
    template: str


def edit_loop(
    request: HttpRequest,
    obj: models.Model,
    *,
    spec: EditSpec,
    done: Callable[[Any], HttpResponse],
    context: dict[str, Any],
    creating: bool = False,
    correction: Callable[[QueryDict | None], forms.Form] | None = None,
    save: Callable[[forms.Form], Save] | None = None,
    back: str = "",
    check: Callable[[forms.ModelForm], bool] | None = None,
    after_save: Callable[[Any], None] | None = None,
) -> HttpResponse:
    """Show the forms; on a valid POST save; a stale save answers 409 with what changed.

    `correction` builds an extra form (the public correction text) whose valid
    content `save` turns into the save to use; a workflow refusal then goes `back`.
    `check` runs once the forms are valid (a claim's anchor is placed there, or its form
    gets the error); `after_save` runs in the save's transaction (the anchor is kept).
    """
    form, children = spec.build(posted(request), obj)
    extra = correction(request.POST or None) if correction else None
    status, stale = 200, {}
    if request.method == "POST":
        # All checked, not just up to the first invalid one: every error shows at once.
        checked = [form.is_valid(), children.is_valid(), extra is None or extra.is_valid()]
        valid = all(checked)
        if valid and (check is None or check(form)):
            try:
                with transaction.atomic():
                    saved = spec.save(
                        form,
                        children,
                        creating=creating,
                        save=save(extra) if save and extra is not None else None,
                    )
                    if after_save is not None:
                        after_save(saved)
            except StaleEdit as overtaken:
                stale = stale_context(request, overtaken, *spec.child_history(overtaken.current))
                form, children = spec.build(stale["data"], overtaken.current)
                extra = correction(stale["data"]) if correction else None
                status = 409
            except TransitionError as exc:
                messages.error(request, str(exc))
                return redirect(back)
            else:
                return done(saved)
        else:
            status = 400
    named = children if isinstance(children, Formsets) else {spec.children_name: children}
    page = {"form": form, **named, **context, **stale}
    if extra is not None:
        page["correction"] = extra
    return render(request, spec.template, page, status=status)
