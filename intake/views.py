"""The public "Has this been checked?" page, and the desk's intake of a source's text."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from claims.anchoring import AnchorError
from claims.models import Claim
from claims.views.access import desk_required, get_source_for, require_perm
from claims.workflow import NotPermitted
from intake import desk
from intake.forms import PasteForm, RepeatForm, SentenceClaimForm, SentenceFigureFormSet
from intake.matching import match_sentences
from intake.models import Intake
from intake.services import claim_from_sentence, repeat_from_sentence

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


@desk_required
def already_checked(request: HttpRequest) -> HttpResponse:
    """The "already checked" badges of a text being typed (the new-claim form asks as you type)."""
    text = request.GET.get("text", "").replace("\x00", "")[:MAX_QUERY_CHARACTERS]
    found = desk.badges(text) if text.strip() else []
    return render(request, "desk/_already_checked.html", {"found": found})


# A source's text longer than this is not matched on every view of its desk page (a long
# transcript takes seconds); its intake page matches it once and keeps the result.
SOURCE_BADGES_MAX_CHARACTERS = 20_000


@desk_required
def source_already_checked(request: HttpRequest, slug: str) -> HttpResponse:
    """The "already checked" badges of a source's current text (its desk page asks on load)."""
    source, _ = get_source_for(request.user, slug)
    text = source.full_text
    if len(text) > SOURCE_BADGES_MAX_CHARACTERS:
        return render(request, "desk/_already_checked.html", {"too_long": source})
    found = desk.badges(text) if text.strip() else []
    return render(request, "desk/_already_checked.html", {"found": found})


def may_take_in(user: Any) -> bool:
    """Whether `user` may change a source's text and make claims from it."""
    return user.has_perm("claims.change_source") and user.has_perm("claims.add_claim")


def intake_url(intake: Intake, number: int | None = None) -> str:
    """The intake page of the intake's source, at sentence `number` if given."""
    url = reverse("desk:source-intake", kwargs={"slug": intake.revision.source.slug})
    return f"{url}#s{number}" if number is not None else url


@desk_required
def source_intake(request: HttpRequest, slug: str) -> HttpResponse:
    """Paste or upload a source's text; see its sentences ranked, figures marked, repeats."""
    source, _ = get_source_for(request.user, slug)
    may_write = may_take_in(request.user)
    status = 200
    form = PasteForm()
    if request.method == "POST":
        require_perm(request.user, "claims.change_source", "You cannot change sources.")
        require_perm(request.user, "claims.add_claim", "You cannot create claims.")
        form = PasteForm(request.POST, request.FILES)
        if form.is_valid():
            text, origin = form.content
            revised = source.revise(text=text, by=request.user, origin=origin)
            revision = revised.revision or source.current_revision()
            intake = desk.intake_for(revision, by=request.user)
            messages.success(
                request,
                f"Read {len(intake.sentences)} sentences (revision {revision.number}) "
                f"in {intake.seconds:.1f} s.",
            )
            return redirect("desk:source-intake", slug=source.slug)
        status = 400
    revision = source.current_revision()
    intake = (
        Intake.objects.select_related("revision").filter(revision=revision).first()
        if revision
        else None
    )
    if intake is None and revision is not None and not form.is_bound:
        form = PasteForm(initial={"text": revision.text})
    context = {
        "source": source,
        "revision": revision,
        "intake": intake,
        "rows": desk.rows(intake) if intake else [],
        "form": form,
        "may_write": may_write,
    }
    return render(request, "desk/intake.html", context, status=status)


def _sentence(request: HttpRequest, pk: int, number: int) -> tuple[Intake, dict[str, Any]]:
    require_perm(request.user, "claims.add_claim", "You cannot create claims.")
    intake = get_object_or_404(Intake.objects.select_related("revision__source__author"), pk=pk)
    if number >= len(intake.sentences):
        raise Http404("No such sentence in this text.")
    return intake, intake.sentence(number)


def sentence_context(intake: Intake, number: int) -> dict[str, Any]:
    """What the sentence pages show of the sentence and where it comes from."""
    sentence = intake.sentence(number)
    return {
        "intake": intake,
        "source": intake.revision.source,
        "number": number,
        "sentence": sentence,
        "pieces": desk.pieces(sentence),
    }


def figure_initial(sentence: dict[str, Any]) -> list[dict[str, Any]]:
    """The sentence's figures as the rows of the figure forms, for the editor to confirm."""
    return [
        {
            "keep": True,
            "qualifier": figure["qualifier"],
            "value": figure["value"],
            "unit": figure["unit"],
            "counts": figure["counts"],
            "as_of": figure["as_of"],
            "period": figure["period"],
        }
        for figure in sentence["figures"]
    ]


@desk_required
def sentence_claim(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Make an anchored draft claim of one sentence, its figures confirmed or corrected."""
    intake, sentence = _sentence(request, pk, number)
    source = intake.revision.source
    data = request.POST if request.method == "POST" else None
    text = sentence["text"]
    form = SentenceClaimForm(
        data, initial={"speaker": source.author_id, "summary": text if len(text) <= 75 else ""}
    )
    labels = [f["text"] for f in sentence["figures"]]
    figures = SentenceFigureFormSet(
        data, initial=figure_initial(sentence), prefix="figures", labels=labels
    )
    status = 200
    if data is not None:
        if form.is_valid() and figures.is_valid():
            try:
                claim = claim_from_sentence(
                    intake=intake,
                    number=number,
                    speaker=form.cleaned_data["speaker"],
                    summary=form.cleaned_data["summary"],
                    figures=figures.figures(),
                    by=request.user,
                )
            except AnchorError as error:
                form.add_error(None, f"The sentence could not be anchored: {error.message}")
                status = 409
            else:
                messages.success(request, f"Made the draft claim “{claim}”.")
                return redirect(intake_url(intake, number))
        else:
            status = 400
    context = {**sentence_context(intake, number), "form": form, "figures": figures}
    return render(request, "desk/intake_claim.html", context, status=status)


@desk_required
def sentence_repeat(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Record one sentence as a repeat of a published claim, anchored on the sentence."""
    intake, sentence = _sentence(request, pk, number)
    source = intake.revision.source
    data = request.POST if request.method == "POST" else None
    form = RepeatForm(
        data, initial={"checked": request.GET.get("checked"), "speaker": source.author_id}
    )
    status = 200
    if data is not None:
        if form.is_valid():
            try:
                claim = repeat_from_sentence(
                    intake=intake,
                    number=number,
                    checked=form.cleaned_data["checked"],
                    speaker=form.cleaned_data["speaker"],
                    by=request.user,
                )
            except (AnchorError, NotPermitted) as error:
                form.add_error(None, str(error))
                status = 409
            else:
                messages.success(request, f"Recorded “{claim}” as a repeat.")
                return redirect(intake_url(intake, number))
        else:
            status = 400
    wanted = form["checked"].value()
    found = [r for r in sentence.get("repeats", []) if str(r["claim"]) == str(wanted)]
    checked = Claim.objects.published().filter(pk=found[0]["claim"]).first() if found else None
    context = {
        **sentence_context(intake, number),
        "form": form,
        "checked": checked,
        "comparison": found[0]["figures"] if found else [],
    }
    return render(request, "desk/intake_repeat.html", context, status=status)
