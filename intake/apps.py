"""Language features over text: sentences, figures, check-worthiness, repeated-claim matching."""

from __future__ import annotations

from django.apps import AppConfig


class IntakeConfig(AppConfig):
    """Depends on claims/ and annotations/; neither of them imports it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "intake"
    verbose_name = "Intake and matching"
