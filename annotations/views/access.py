"""What a user may do with a context note, asked the same way by every view."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from annotations.models import ContextNote


def get_note_for(user: Any, slug: str, *, for_edit: bool = False) -> tuple[ContextNote, bool]:
    """The note `slug` for the desk, and whether `user` may edit it in place.

    Published, corrected and retracted notes go through a correction or a
    retraction instead. With `for_edit`, a user who may not edit gets a 403.
    """
    note = get_object_or_404(
        ContextNote.objects.select_related("created_by", "approved_by"), slug=slug
    )
    may_edit = note.is_editable and user.has_perm("annotations.change_contextnote")
    if for_edit and not may_edit:
        if not note.is_editable:
            raise PermissionDenied(
                f"“{note}” is {note.get_status_display().lower()}: it is not edited in "
                "place. A reviewer corrects or retracts it."
            )
        raise PermissionDenied("You cannot edit context notes.")
    return note, may_edit
