"""Language features over text: sentences, figures, check-worthiness, repeated-claim matching."""

from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_save


def keep_embedding_current(sender, instance, raw: bool = False, **kwargs) -> None:
    """After a claim is saved (desk, API, import, demo), embed it again if its words changed."""
    if raw:  # loaddata: the fixture's rows are caught up when the index next refreshes
        return
    from intake.embeddings import embed_claim

    embed_claim(instance)


def embed_generated_archive(sender, **kwargs) -> None:
    """After `generate_archive`, embed its claims so the first match request stays fast."""
    from intake.embeddings import catch_up

    catch_up()


class IntakeConfig(AppConfig):
    """Depends on claims/ and annotations/; neither of them imports it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "intake"
    verbose_name = "Intake and matching"

    def ready(self) -> None:
        from annotations.synthetic import archive_generated
        from claims.models import Claim

        post_save.connect(
            keep_embedding_current, sender=Claim, dispatch_uid="intake.keep_embedding_current"
        )
        archive_generated.connect(
            embed_generated_archive, dispatch_uid="intake.embed_generated_archive"
        )
