"""Search over claims: their words, summaries, speakers and the notes attached to them."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from annotations.models import ContextNote


def search_claims(claims: QuerySet, query: str) -> QuerySet:
    """Claims matching `query`, every page that searches claims goes through here.

    A plain substring match, portable to SQLite. Only published notes count,
    so a draft note cannot make a claim show up in a public search.
    """
    # No claim contains a NUL character, and PostgreSQL refuses to compare text with one.
    query = (query or "").replace("\x00", "").strip()
    if not query:
        return claims
    matching_note = ContextNote.objects.published().filter(
        claims=OuterRef("pk"), body__icontains=query
    )
    return claims.filter(
        Q(text__icontains=query)
        | Q(summary__icontains=query)
        | Q(speaker__name__icontains=query)
        | Exists(matching_note)
    )
