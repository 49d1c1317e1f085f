"""The editorial workflow shared by claims and context notes.

draft → in review → published; in review → draft when rejected;
published → corrected or retracted. Nobody approves their own work.
Every save of an existing row bumps `version`, so a form or API client that
read an older version can be refused instead of overwriting silently.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    User = AbstractBaseUser | AnonymousUser


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    CORRECTED = "corrected", "Corrected"
    RETRACTED = "retracted", "Retracted"


# What the public sees. A retracted item stays visible, marked as retracted.
PUBLIC_STATUSES = (Status.PUBLISHED, Status.CORRECTED, Status.RETRACTED)


class TransitionError(Exception):
    """A workflow step that is not allowed now, with a message for the user."""


class NotPermitted(TransitionError):
    """The user may not take this step on this item at all (a 403, not a state problem)."""


class StaleEdit(Exception):
    """Someone else saved the record after this edit started."""

    def __init__(self, current: models.Model) -> None:
        super().__init__("This record was changed by someone else while you were editing it.")
        self.current = current


class DeletionRefused(Exception):
    """Published content is corrected or retracted, never deleted."""


class ReviewableQuerySet(models.QuerySet):
    def published(self) -> ReviewableQuerySet:
        """What anonymous visitors may see: published, corrected and retracted items."""
        return self.filter(status__in=PUBLIC_STATUSES)

    def visible_to(self, user: User) -> ReviewableQuerySet:
        """Everything for newsroom staff who can view drafts; published items for everyone else."""
        perm = f"{self.model._meta.app_label}.view_{self.model._meta.model_name}"
        if user.is_authenticated and user.has_perm(perm):
            return self.all()
        return self.published()

    def in_review(self) -> ReviewableQuerySet:
        return self.filter(status=Status.IN_REVIEW)

    def drafts(self) -> ReviewableQuerySet:
        return self.filter(status=Status.DRAFT)

    def delete(self) -> tuple[int, dict[str, int]]:
        public = self.filter(status__in=PUBLIC_STATUSES).first()
        if public is not None:
            raise DeletionRefused(public.deletion_refused_message())
        return super().delete()


class Versioned(models.Model):
    """A version bumped by every save, so a save based on an older read can be refused."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            self.version += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, *self.bumped_fields()}
        super().save(*args, **kwargs)

    def bumped_fields(self) -> set[str]:
        """The fields every save changes, added to a save limited to some fields."""
        return {"version"}

    def save_checked(self, *, expected_version: int, **kwargs: Any) -> None:
        """Save only if nobody saved the row since `expected_version` was read.

        Raises StaleEdit carrying the current row. The row lock makes the check
        and the write one step on PostgreSQL, so two concurrent saves cannot
        both pass.
        """
        with transaction.atomic():
            current = type(self)._default_manager.select_for_update().get(pk=self.pk)
            if current.version != expected_version:
                raise StaleEdit(current)
            self.version = current.version
            self.save(**kwargs)

    def delete_checked(self, *, expected_version: int) -> None:
        """Delete only if nobody saved the row since `expected_version` was read (StaleEdit)."""
        with transaction.atomic():
            current = type(self)._default_manager.select_for_update().get(pk=self.pk)
            if current.version != expected_version:
                raise StaleEdit(current)
            self.delete()


class Reviewable(Versioned):
    """Status, authorship and version fields plus the guarded workflow transitions."""

    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The author. Nobody may approve their own work.",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set by a correction; ClaimReview's dateModified.
    corrected_at = models.DateTimeField(null=True, blank=True, editable=False)
    rejection_reason = models.TextField(blank=True)
    retraction_reason = models.TextField(blank=True)

    objects = ReviewableQuerySet.as_manager()

    class Meta:
        abstract = True

    # --- saving -----------------------------------------------------------

    def bumped_fields(self) -> set[str]:
        return {"version", "updated_at"}

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        # Checked before Django opens its delete transaction, so the refusal
        # leaves the caller's transaction usable.
        if self.is_public:
            raise DeletionRefused(self.deletion_refused_message())
        return super().delete(*args, **kwargs)

    def deletion_refused_message(self) -> str:
        return f"“{self}” is published: retract it instead of deleting it."

    # --- workflow ---------------------------------------------------------

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def is_editable(self) -> bool:
        """Drafts and items in review are edited in place; public ones go through corrections."""
        return self.status in (Status.DRAFT, Status.IN_REVIEW)

    def _review_perm(self) -> str:
        return f"{self._meta.app_label}.review_{self._meta.model_name}"

    def _require_status(self, *allowed: str, action: str) -> None:
        if self.status not in allowed:
            raise TransitionError(
                f"Cannot {action} a {self._meta.verbose_name} that is "
                f"{self.get_status_display().lower()}."
            )

    def _require_reviewer(self, by: User, action: str) -> None:
        if not (by.is_authenticated and by.has_perm(self._review_perm())):
            raise NotPermitted(f"Only reviewers can {action} a {self._meta.verbose_name}.")

    # Each check raises NotPermitted (who) before TransitionError (when), so a
    # caller can answer 403 to the wrong person whatever state the item is in.

    def check_submit(self, *, by: User) -> None:
        """Raise unless `by` may send this item to review now."""
        change_perm = f"{self._meta.app_label}.change_{self._meta.model_name}"
        if not (by.is_authenticated and by.has_perm(change_perm)):
            raise NotPermitted(f"You cannot submit this {self._meta.verbose_name}.")
        self._require_status(Status.DRAFT, action="submit")

    def check_approve(self, *, by: User) -> None:
        """Raise unless `by` may approve this item now (never their own work)."""
        self._require_reviewer(by, "approve")
        if self.created_by_id is not None and self.created_by_id == by.pk:
            raise NotPermitted("You cannot approve your own work; another reviewer must.")
        self._require_status(Status.IN_REVIEW, action="approve")

    def check_reject(self, *, by: User) -> None:
        """Raise unless `by` may send this item back to its author now."""
        self._require_reviewer(by, "reject")
        self._require_status(Status.IN_REVIEW, action="reject")

    def check_correct(self, *, by: User) -> None:
        """Raise unless `by` may correct this published item now."""
        self._require_reviewer(by, "correct")
        self._require_status(Status.PUBLISHED, Status.CORRECTED, action="correct")

    def check_retract(self, *, by: User) -> None:
        """Raise unless `by` may retract this published item now."""
        self._require_reviewer(by, "retract")
        self._require_status(Status.PUBLISHED, Status.CORRECTED, action="retract")

    TRANSITIONS = ("submit", "approve", "reject", "correct", "retract")

    def available_transitions(self, user: User) -> list[str]:
        """The workflow steps `user` may take now, in TRANSITIONS order (to show buttons)."""
        allowed = []
        for action in self.TRANSITIONS:
            try:
                getattr(self, f"check_{action}")(by=user)
            except TransitionError:
                continue
            allowed.append(action)
        return allowed

    def submit(self, *, by: User) -> None:
        """Send a draft to review."""
        self.check_submit(by=by)
        self.status = Status.IN_REVIEW
        self.submitted_at = timezone.now()
        self.rejection_reason = ""
        self.save()

    def approve(self, *, by: User) -> None:
        """Approve and publish an item in review (two-person rule)."""
        self.check_approve(by=by)
        self.status = Status.PUBLISHED
        self.approved_by = by
        self.published_at = self.published_at or timezone.now()
        self.save()

    def reject(self, *, by: User, reason: str) -> None:
        """Send an item in review back to its author with a reason."""
        self.check_reject(by=by)
        if not reason.strip():
            raise TransitionError("Give the author a reason for the rejection.")
        self.status = Status.DRAFT
        self.rejection_reason = reason.strip()
        self.save()

    def mark_corrected(self, *, by: User, expected_version: int | None = None) -> None:
        """Record that published content changed; the public entry is written by the caller.

        Field changes already made on this instance are saved with the new
        status, so a correction is one history entry; `expected_version`
        refuses a correction based on a stale read.
        """
        self.check_correct(by=by)
        self.status = Status.CORRECTED
        self.corrected_at = timezone.now()
        # Always checked under a row lock: a correction or retraction based on a read that
        # someone else's save has since overtaken is refused (StaleEdit), and so is a stale
        # save after it.
        self.save_checked(
            expected_version=self.version if expected_version is None else expected_version
        )

    def retract(self, *, by: User, reason: str, expected_version: int | None = None) -> None:
        """Withdraw published content; it stays visible, marked as retracted."""
        self.check_retract(by=by)
        if not reason.strip():
            raise TransitionError("A retraction needs a reason, shown to readers.")
        self.status = Status.RETRACTED
        self.retraction_reason = reason.strip()
        # Always checked under a row lock: a correction or retraction based on a read that
        # someone else's save has since overtaken is refused (StaleEdit), and so is a stale
        # save after it.
        self.save_checked(
            expected_version=self.version if expected_version is None else expected_version
        )
