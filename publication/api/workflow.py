"""Workflow steps through the API: the model methods and services, with 403 and 400 answers."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions

from annotations import services
from claims.workflow import Reviewable, TransitionError
from publication.api.base import refuse, require_perm

STEPS = ("submit", "approve", "reject", "correct", "retract")


def run_step(*, step: str, obj: Reviewable, user, data: dict[str, Any]) -> None:
    """Run one workflow step as `user`: 403 when their role may not, 400 when the state forbids."""
    label = f"{obj._meta.app_label}.%s_{obj._meta.model_name}"
    name = obj._meta.verbose_name
    if step == "submit":
        require_perm(user, label % "change", f"You cannot submit this {name}.")
    else:
        require_perm(user, label % "review", f"Only reviewers can {step} a {name}.")
    if step == "approve" and obj.created_by_id is not None and obj.created_by_id == user.pk:
        raise exceptions.PermissionDenied(
            "You cannot approve your own work; another reviewer must."
        )
    try:
        if step == "submit":
            obj.submit(by=user)
        elif step == "approve":
            obj.approve(by=user)
        elif step == "reject":
            obj.reject(by=user, reason=data["reason"])
        elif step == "correct":
            services.correct(obj=obj, by=user, text=data["text"])
        elif step == "retract":
            services.retract(obj=obj, by=user, reason=data["reason"])
        else:  # pragma: no cover - the URLs only route the steps above
            raise ValueError(step)
    except TransitionError as error:
        raise refuse(error) from error
