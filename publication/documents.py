"""Published documents of claims: fetch rows, shape them, one chunk at a time."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from django.conf import settings
from django.db import connections, router
from django.db.models import Q, QuerySet

from claims.models import Claim
from publication import pgjson
from publication.fetch import DEFAULT_CHUNK_SIZE, fetch_claims, iter_claim_chunks
from publication.shape import claim_document


def base_url() -> str:
    """The site's address, which public URLs in the published JSON start with."""
    return settings.PUBLIC_BASE_URL


def published_claims() -> QuerySet:
    """Everything the desk has published (published, corrected and retracted claims)."""
    return Claim.objects.published()


def claim_documents(claims: QuerySet, *, public_only: bool = True) -> list[dict[str, Any]]:
    """The published JSON of each claim in `claims`, in a fixed number of queries."""
    url = base_url()
    return [
        claim_document(bundle, base_url=url)
        for bundle in fetch_claims(claims, public_only=public_only)
    ]


def documents_by_key(
    *, ids: Sequence[int] = (), slugs: Sequence[str] = (), public_only: bool = True
) -> list[dict[str, Any]]:
    """The published JSON of the claims with these ids or slugs, ordered by slug.

    With public_only, only public claims and what is public around them (what
    anonymous visitors see); without, everything (newsroom staff). On
    PostgreSQL one query builds the JSON (publication.pgjson).
    """
    if connections[router.db_for_read(Claim)].vendor == "postgresql":
        texts = pgjson.claims_json(
            ids=ids, slugs=slugs, base_url=base_url(), public_only=public_only
        )
        return [json.loads(text) for text in texts]
    claims = Claim.objects.filter(Q(pk__in=ids) | Q(slug__in=slugs))
    if public_only:
        claims = claims.published()
    return claim_documents(claims.order_by("slug"), public_only=public_only)


def iter_claim_documents(
    claims: QuerySet | None = None, *, chunk_size: int = DEFAULT_CHUNK_SIZE
) -> Iterator[dict[str, Any]]:
    """Published JSON of each published claim ordered by slug, read in bounded chunks."""
    url = base_url()
    claims = published_claims() if claims is None else claims
    for chunk in iter_claim_chunks(claims, chunk_size=chunk_size, public_only=True):
        for bundle in chunk:
            yield claim_document(bundle, base_url=url)
