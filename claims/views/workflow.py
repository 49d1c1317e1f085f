"""Workflow steps as web actions, shared by claims and context notes.

The wrong person gets a 403 saying why; the right person at the wrong moment
(approving a draft, a double click) gets a message on the page they came from.
Never a 500.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from claims.forms import ReasonForm
from claims.workflow import NotPermitted, Reviewable, StaleEdit, TransitionError

DONE = {
    "submit": "Sent “{obj}” to review.",
    "approve": "Approved and published “{obj}”.",
    "reject": "Sent “{obj}” back to its author with your reason.",
    "correct": "Published a correction of “{obj}”.",
    "retract": "Retracted “{obj}”. It stays visible, marked as retracted.",
}


def check_or_refuse(
    request: HttpRequest, obj: Reviewable, action: str, back: str
) -> HttpResponse | None:
    """None when `action` is allowed now; otherwise a redirect with a message, or a 403."""
    try:
        getattr(obj, f"check_{action}")(by=request.user)
    except NotPermitted as exc:
        raise PermissionDenied(str(exc)) from exc
    except TransitionError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    return None


def simple_step(request: HttpRequest, obj: Reviewable, action: str, back: str) -> HttpResponse:
    """Run a step that needs no input (submit, approve) and go back to the item."""
    refused = check_or_refuse(request, obj, action, back)
    if refused is not None:
        return refused
    try:
        getattr(obj, action)(by=request.user)
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, DONE[action].format(obj=obj))
    return redirect(back)


CHANGED_MEANWHILE = "“{obj}” was changed by someone else a moment ago: check it and try again."


def reason_step(
    request: HttpRequest,
    obj: Reviewable,
    action: str,
    back: str,
    perform: Callable[[str], Any],
    explain: str,
) -> HttpResponse:
    """A step that needs a reason (reject, retract): a form on GET, the step on a valid POST."""
    refused = check_or_refuse(request, obj, action, back)
    if refused is not None:
        return refused
    status = 200
    form = ReasonForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                perform(form.cleaned_data["reason"])
            except TransitionError as exc:
                messages.error(request, str(exc))
            except StaleEdit:
                messages.error(request, CHANGED_MEANWHILE.format(obj=obj))
            else:
                messages.success(request, DONE[action].format(obj=obj))
            return redirect(back)
        status = 400
    context = {"obj": obj, "form": form, "action": action, "back": back, "explain": explain}
    return render(request, "desk/reason_form.html", context, status=status)
