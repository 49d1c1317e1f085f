"""Data: the default rating scale and the editor / reviewer / admin groups."""

from __future__ import annotations

from django.contrib.auth.management import create_permissions
from django.db import migrations

DEFAULT_SCALE = [
    (1, "False", "The claim is not true."),
    (2, "Misleading", "Accurate in part, but gives a wrong impression."),
    (3, "Missing context", "Needs the context the desk adds to be read correctly."),
    (4, "Mostly accurate", "Accurate, with minor caveats."),
    (5, "Accurate", "The claim is correct as stated."),
]

WRITE = ("add", "change", "view")
# What each group may do, by model. Deleting drafts is allowed; deleting
# published content is refused by the models themselves.
EDITOR = {
    "claims": {
        "speaker": WRITE,
        "source": WRITE,
        "tag": WRITE,
        "claim": (*WRITE, "delete"),
        "figure": (*WRITE, "delete"),
        "claimrelation": (*WRITE, "delete"),
    },
    "annotations": {
        "contextnote": (*WRITE, "delete"),
        "citation": (*WRITE, "delete"),
        "notefigure": (*WRITE, "delete"),
        "verdict": ("view",),
        "rating": ("view",),
        "ratingscale": ("view",),
        "correction": ("view",),
    },
}
REVIEWER_EXTRA = {
    "claims": {"claim": ("review",)},
    "annotations": {
        "contextnote": ("review",),
        "verdict": ("add", "change", "delete"),
        "correction": ("add",),
    },
}


def codenames(spec: dict[str, dict[str, tuple[str, ...]]]) -> list[tuple[str, str]]:
    return [
        (app, f"{action}_{model}")
        for app, models in spec.items()
        for model, actions in models.items()
        for action in actions
    ]


def forwards(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    RatingScale = apps.get_model("annotations", "RatingScale")
    Rating = apps.get_model("annotations", "Rating")
    scale, _ = RatingScale.objects.get_or_create(
        slug="default", defaults={"name": "Default scale", "is_default": True}
    )
    for value, label, description in DEFAULT_SCALE:
        Rating.objects.get_or_create(
            scale=scale, value=value, defaults={"label": label, "description": description}
        )

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(pairs):
        found = []
        for app, codename in pairs:
            found.append(Permission.objects.get(content_type__app_label=app, codename=codename))
        return found

    editor_perms = perms(codenames(EDITOR))
    reviewer_perms = editor_perms + perms(codenames(REVIEWER_EXTRA))
    Group.objects.get_or_create(name="editor")[0].permissions.set(editor_perms)
    Group.objects.get_or_create(name="reviewer")[0].permissions.set(reviewer_perms)
    Group.objects.get_or_create(name="admin")[0].permissions.set(Permission.objects.all())


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["editor", "reviewer", "admin"]
    ).delete()
    apps.get_model("annotations", "RatingScale").objects.filter(slug="default").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0001_initial"),
        ("claims", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
