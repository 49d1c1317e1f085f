"""The public "Has this been checked?" page: paste a sentence, see the claims it repeats."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from intake.matching import match_sentences

# A paragraph or two pasted into a search box; longer texts go through the API.
MAX_QUERY_CHARACTERS = 5000


def checked(request: HttpRequest) -> HttpResponse:
    """Published claims each sentence of the pasted text repeats, with verdicts and numbers."""
    query = request.GET.get("q", "").replace("\x00", "")
    cut = len(query) > MAX_QUERY_CHARACTERS
    query = query[:MAX_QUERY_CHARACTERS]
    # Readers see published claims only, whoever is logged in: this is a public page.
    found = match_sentences(query, user=None) if query.strip() else []
    return render(
        request,
        "public/claim_checked.html",
        {
            "query": query,
            "cut": cut,
            "max_characters": MAX_QUERY_CHARACTERS,
            "sentences": found,
            "any_match": any(s.matches for s in found),
        },
    )
