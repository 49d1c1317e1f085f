"""Published context notes and verdicts as W3C Web Annotations, in pages of a collection.

Each published note is an Annotation whose targets are its published claims'
anchored spans (the source's public page with the quote and position
selectors) or, for a claim without an anchor, the claim's public page. Each
verdict on a published claim is an Annotation with the motivation
"assessing". Retracted notes and claims are left out: an annotation says
what the desk stands behind.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.urls import reverse

from annotations.models import ContextNote, Verdict
from claims.models import Anchor, Claim
from claims.workflow import Status
from publication.documents import base_url
from publication.shape import claim_path, timestamp

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MEDIA_TYPE = f'application/ld+json; profile="{CONTEXT}"'
PAGE_SIZE = 50
STANDING = (Status.PUBLISHED, Status.CORRECTED)  # what the desk stands behind today

# Definitions describe what a word means; every other kind of note comments on the claim.
DESCRIBING_KINDS = {"definition"}


def url(path: str) -> str:
    """An absolute public URL."""
    return urljoin(base_url(), path)


def collection_url() -> str:
    """The address of the collection of all annotations."""
    return url(reverse("api:annotations"))


def annotation_url(key: str) -> str:
    """The address of one annotation ("note-<slug>" or "verdict-<claim slug>")."""
    return url(reverse("api:annotation", kwargs={"key": key}))


def notes() -> QuerySet[ContextNote]:
    """Published notes with their standing claims and anchors, in a constant number of queries."""
    claims = (
        Claim.objects.filter(status__in=STANDING)
        .select_related("source", "anchor")
        .order_by("slug")
    )
    # A W3C annotation needs a target: a note on no standing claim is left out.
    on_standing = Claim.objects.filter(status__in=STANDING, notes=OuterRef("pk"))
    return (
        ContextNote.objects.filter(Exists(on_standing), status__in=STANDING)
        .prefetch_related(Prefetch("claims", queryset=claims))
        .order_by("slug")
    )


def verdicts() -> QuerySet[Verdict]:
    """Verdicts on standing claims, with their claim, anchor, source and rating."""
    return (
        Verdict.objects.filter(claim__status__in=STANDING)
        .select_related("rating", "claim__source", "claim__anchor")
        .order_by("claim__slug")
    )


def target(claim: Claim) -> dict[str, Any] | str:
    """The claim's anchored words in its source, or the claim's page when it has no anchor."""
    anchor = claim.anchor_or_none
    if anchor is None or anchor.state != Anchor.State.ANCHORED:
        return url(claim_path(claim.slug))
    return {
        "type": "SpecificResource",
        "source": url(reverse("source-page", kwargs={"slug": claim.source.slug})),
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": anchor.exact,
                "prefix": anchor.prefix,
                "suffix": anchor.suffix,
            },
            {"type": "TextPositionSelector", "start": anchor.start, "end": anchor.end},
        ],
    }


def note_annotation(note: ContextNote) -> dict[str, Any]:
    """A published context note as a W3C Annotation."""
    motivation = "describing" if note.kind in DESCRIBING_KINDS else "commenting"
    return {
        "id": annotation_url(f"note-{note.slug}"),
        "type": "Annotation",
        "motivation": motivation,
        "created": timestamp(note.published_at or note.created_at),
        "modified": timestamp(note.updated_at),
        "body": [
            {
                "id": url(reverse("api:note-detail", kwargs={"slug": note.slug})),
                "type": "TextualBody",
                "purpose": motivation,
                "format": "text/markdown",
                "value": note.body,
            },
            {"type": "TextualBody", "purpose": "tagging", "value": note.get_kind_display()},
        ],
        "target": [target(claim) for claim in note.claims.all()],
    }


def verdict_annotation(verdict: Verdict) -> dict[str, Any]:
    """A verdict on a published claim as a W3C Annotation assessing the claim."""
    return {
        "id": annotation_url(f"verdict-{verdict.claim.slug}"),
        "type": "Annotation",
        "motivation": "assessing",
        "created": timestamp(verdict.created_at),
        "modified": timestamp(verdict.updated_at),
        "body": [
            {"type": "TextualBody", "purpose": "assessing", "value": verdict.rating.label},
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "format": "text/plain",
                "value": verdict.explanation,
            },
        ],
        "target": target(verdict.claim),
    }


def total() -> tuple[int, int]:
    """How many note annotations and verdict annotations there are."""
    return notes().count(), verdicts().count()


def collection(counts: tuple[int, int]) -> dict[str, Any]:
    """The AnnotationCollection: its size and the first and last pages."""
    pages = page_count(counts)
    return {
        "@context": CONTEXT,
        "id": collection_url(),
        "type": "AnnotationCollection",
        "label": "Published context notes and verdicts",
        "total": sum(counts),
        "first": page_url(1),
        "last": page_url(pages),
    }


def page_count(counts: tuple[int, int]) -> int:
    """How many pages the collection has (one, empty, when there is nothing)."""
    return max(1, -(-sum(counts) // PAGE_SIZE))


def page_url(number: int) -> str:
    """The address of page `number` of the collection."""
    return f"{collection_url()}?page={number}"


def page(number: int, counts: tuple[int, int]) -> dict[str, Any]:
    """Page `number` (from 1) of the collection: notes by slug, then verdicts by claim slug."""
    note_count = counts[0]
    start = (number - 1) * PAGE_SIZE
    end = start + PAGE_SIZE
    items = [note_annotation(n) for n in notes()[start:end]] if start < note_count else []
    if end > note_count:
        first = max(0, start - note_count)
        items += [verdict_annotation(v) for v in verdicts()[first : end - note_count]]
    body: dict[str, Any] = {
        "@context": CONTEXT,
        "id": page_url(number),
        "type": "AnnotationPage",
        "partOf": {"id": collection_url(), "total": sum(counts)},
        "startIndex": start,
        "items": items,
    }
    if number > 1:
        body["prev"] = page_url(number - 1)
    if number < page_count(counts):
        body["next"] = page_url(number + 1)
    return body


def one(key: str) -> dict[str, Any] | None:
    """The annotation at `key` ("note-<slug>", "verdict-<claim slug>"), None if not published."""
    kind, _, slug = key.partition("-")
    if kind == "note":
        found = notes().filter(slug=slug).first()
        item = note_annotation(found) if found else None
    elif kind == "verdict":
        found = verdicts().filter(claim__slug=slug).first()
        item = verdict_annotation(found) if found else None
    else:
        item = None
    return {"@context": CONTEXT, **item} if item else None
