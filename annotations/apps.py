from django.apps import AppConfig
from django.db.backends.signals import connection_created


class AnnotationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "annotations"

    def ready(self) -> None:
        from annotations.search import set_trigram_threshold

        connection_created.connect(set_trigram_threshold, dispatch_uid="trigram_threshold")
