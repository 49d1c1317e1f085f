"""Load the demo case (ICE non-detained docket, autumn 2024) and the demo accounts."""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import models, transaction
from django.utils import timezone

from annotations import demo
from annotations.models import Citation, ContextNote, NoteFigure, Rating, Verdict
from claims.models import Anchor, Claim, ClaimRelation, Figure, Source, SourceRevision, Speaker, Tag
from claims.workflow import Status

DEMO_ACCOUNTS = [
    # username, group, is superuser, the name bylines show
    ("editor", "editor", False, "Demo Editor"),
    ("reviewer", "reviewer", False, "Demo Reviewer"),
    ("admin", "admin", True, "Demo Administrator"),
]


class Command(BaseCommand):
    help = "Load the demo case and demo accounts. Running it again changes nothing."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Give the demo accounts new passwords and print them.",
        )

    def handle(self, *args: Any, reset_passwords: bool = False, **options: Any) -> None:
        with transaction.atomic():
            users, passwords = self.load_accounts(reset_passwords)
            created = Loader(users).load()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Loaded the demo case ({created} new records)."))
        else:
            self.stdout.write("The demo case is already loaded; nothing changed.")
        if passwords:
            self.stdout.write("\nDemo logins (shown once; keep them):")
            for username, password in passwords.items():
                self.stdout.write(f"  {username:<9} {password}")
            self.stdout.write("")
        else:
            self.stdout.write(
                "Demo accounts editor, reviewer and admin exist; their passwords were printed "
                "when they were created. New ones: manage.py load_demo --reset-passwords"
            )

    def load_accounts(self, reset: bool) -> tuple[dict[str, Any], dict[str, str]]:
        User = get_user_model()
        users, passwords = {}, {}
        for username, group_name, is_super, name in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "email": f"{username}@example.org",
                    "is_staff": is_super,
                    "is_superuser": is_super,
                    "first_name": name.split(" ", 1)[0],
                    "last_name": name.split(" ", 1)[1],
                },
            )
            if created or reset:
                password = secrets.token_urlsafe(12)
                user.set_password(password)
                user.save()
                passwords[username] = password
            if created:
                user.groups.add(Group.objects.get(name=group_name))
            users[username] = user
        return users, passwords


class Loader:
    """Creates what is missing, keyed by natural keys; never touches existing rows."""

    def __init__(self, users: dict[str, Any]) -> None:
        self.editor = users["editor"]
        self.reviewer = users["reviewer"]
        self.created = 0
        self.published_at = timezone.now()

    def get_or_create(self, model: type[models.Model], lookup: dict, **defaults: Any):
        obj = model._default_manager.filter(**lookup).first()
        if obj is not None:
            return obj
        obj = model(**lookup, **defaults)
        # History entries for the demo are attributed to the reviewer who published it.
        obj._history_user = self.reviewer
        obj.save()
        self.created += 1
        return obj

    def published(self) -> dict[str, Any]:
        return {
            "status": Status.PUBLISHED,
            "created_by": self.editor,
            "approved_by": self.reviewer,
            "published_at": self.published_at,
        }

    def load(self) -> int:
        speakers = {
            key: self.get_or_create(Speaker, {"slug": key}, **fields)
            for key, fields in demo.SPEAKERS.items()
        }
        sources = {}
        for key, fields in demo.SOURCES.items():
            fields = {"text_public": True, **fields}
            author = fields.pop("author", None)
            source = sources[key] = self.get_or_create(
                Source, {"slug": key}, author=speakers.get(author), **fields
            )
            text = demo.SOURCE_TEXTS.get(key, "")
            # Once per database: a later edit of the text is the desk's, and stays.
            if text and not source.revisions.filter(text=text).exists():
                source.revise(text=text, by=self.reviewer, origin=SourceRevision.Origin.DEMO)
                self.created += 1
        tags = [self.get_or_create(Tag, {"name": name}) for name in demo.TAGS]

        claims = {}
        for key, fields in demo.CLAIMS.items():
            source = sources[fields["source"]]
            claim = claims[key] = self.get_or_create(
                Claim,
                {"slug": key},
                speaker=speakers[fields["speaker"]],
                source=source,
                said_on=source.date,
                said_on_precision=source.date_precision,
                text=fields["text"],
                text_kind=fields["text_kind"],
                summary=fields["summary"],
                **self.published(),
            )
            if not claim.tags.exists():
                claim.tags.set(tags)

        # Figures in a second pass: a denominator may sit in a claim loaded later.
        figures = {}
        for key, fields in demo.CLAIMS.items():
            for position, row in enumerate(fields["figures"]):
                figures[f"{key}:{position}"] = self.figure(
                    Figure, {"claim": claims[key], "position": position}, row
                )
        for key, fields in demo.CLAIMS.items():
            for position, row in enumerate(fields["figures"]):
                figure = figures[f"{key}:{position}"]
                if row[6] and figure.part_of_id is None:
                    figure.part_of = figures[row[6]]
                    figure._history_user = self.reviewer
                    figure.save()

        for key, fields in demo.NOTES.items():
            note = self.get_or_create(
                ContextNote,
                {"slug": key},
                kind=fields["kind"],
                title=fields["title"],
                body=fields["body"],
                **self.published(),
            )
            if not note.claims.exists():
                note.claims.set([claims[c] for c in fields["claims"]])
            for position, citation in enumerate(fields["citations"]):
                self.get_or_create(Citation, {"note": note, "position": position}, **citation)
            for position, row in enumerate(fields["figures"]):
                self.figure(
                    NoteFigure,
                    {"note": note, "position": position},
                    row,
                    part_of=figures[row[6]] if row[6] else None,
                )

        for from_key, kind, to_key in demo.RELATIONS:
            self.get_or_create(
                ClaimRelation,
                {"from_claim": claims[from_key], "to_claim": claims[to_key], "kind": kind},
            )

        for key, exact in demo.ANCHORS.items():
            if not Anchor.objects.filter(claim=claims[key]).exists():
                claims[key].anchor_to(exact=exact)
                self.created += 1

        rating = Rating.objects.get(scale__is_default=True, label=demo.VERDICT_LABEL)
        for key, explanation in demo.VERDICTS.items():
            self.get_or_create(
                Verdict,
                {"claim": claims[key]},
                rating=rating,
                explanation=explanation,
                created_by=self.reviewer,
            )
        return self.created

    def figure(self, model, lookup: dict, row: tuple, **extra: Any):
        value, qualifier, counts, unit, as_of, period, _part_of = row
        return self.get_or_create(
            model,
            lookup,
            value=Decimal(value),
            qualifier=qualifier,
            counts=counts,
            unit=unit,
            as_of=as_of,
            period=period,
            **extra,
        )
