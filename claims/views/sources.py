"""Desk screens for sources and speakers: lists, a source's page, create and edit forms."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from claims.anchors import Revised
from claims.extract import ExtractError, extract
from claims.forms import (
    AnchorForm,
    RevisionDiffForm,
    SourceForm,
    SpeakerForm,
    TextUploadForm,
)
from claims.marking import anchored_marks, marked_text, word_diff
from claims.models import Anchor, Source, SourceRevision, Speaker
from claims.views.access import (
    desk_required,
    get_source_for,
    get_speaker_for,
    paginate,
    require_perm,
)


@desk_required
def source_list(request: HttpRequest) -> HttpResponse:
    """Sources, newest first, searchable by title and publisher."""
    query = request.GET.get("q", "").strip()
    sources = Source.objects.select_related("author").annotate(claim_count=Count("claims"))
    if query:
        sources = sources.filter(
            Q(title__icontains=query)
            | Q(publisher__icontains=query)
            | Q(author__name__icontains=query)
        )
    context = {"page": paginate(request, sources.order_by("-date", "title", "pk")), "query": query}
    return render(request, "desk/source_list.html", context)


@desk_required
def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A source: its text with every anchored claim marked, its claims, its revisions.

    Selecting words in the text (or typing them in the form under it) starts
    a new claim anchored on them.
    """
    source, may_edit = get_source_for(request.user, slug)
    claims = source.claims.select_related("speaker").order_by("-said_on", "-pk")
    anchors = list(
        Anchor.objects.filter(claim__source=source)
        .select_related("claim__speaker")
        .order_by("start", "end")
    )
    marks = anchored_marks(anchors, "desk:claim-detail")
    revisions = list(
        source.revisions.select_related("created_by").defer("text").order_by("-number")
    )
    context = {
        "source": source,
        "may_edit": may_edit,
        "page": paginate(request, claims),
        "marked_text": marked_text(source.full_text, marks),
        "marks": marks,
        "orphaned": [a for a in anchors if a.state == Anchor.State.ORPHANED],
        "revisions": revisions,
        "diff_form": RevisionDiffForm(
            initial={"before": max(1, len(revisions) - 1), "after": len(revisions)}
        ),
        "anchor_form": AnchorForm(prefix="anchor"),
        "may_annotate": request.user.has_perm("claims.add_claim"),
    }
    return render(request, "desk/source_detail.html", context)


@desk_required
def source_diff(request: HttpRequest, slug: str) -> HttpResponse:
    """What changed between two revisions of a source's text, word by word."""
    source, _ = get_source_for(request.user, slug)
    form = RevisionDiffForm(request.GET or None)
    if not form.is_valid():
        context = {"source": source, "form": form}
        return render(request, "desk/source_diff.html", context, status=400)
    numbers = (form.cleaned_data["before"], form.cleaned_data["after"])
    found = {
        r.number: r
        for r in source.revisions.select_related("created_by").filter(number__in=numbers)
    }
    for name, number in zip(("before", "after"), numbers, strict=True):
        if number not in found:
            form.add_error(name, f"This source has no revision {number}.")
    if form.errors:
        return render(
            request, "desk/source_diff.html", {"source": source, "form": form}, status=400
        )
    before, after = found[numbers[0]], found[numbers[1]]
    context = {
        "source": source,
        "form": form,
        "before": before,
        "after": after,
        "diff": word_diff(before.text, after.text),
    }
    return render(request, "desk/source_diff.html", context)


@desk_required
def source_upload(request: HttpRequest, slug: str) -> HttpResponse:
    """Replace a source's text with the text of a PDF, saved web page or text file."""
    source, _ = get_source_for(request.user, slug, for_edit=True)
    form = TextUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            limit = settings.SOURCE_UPLOAD_MAX_BYTES
            try:
                if upload.size > limit:
                    raise ExtractError(
                        f"The file is {upload.size:,} bytes; the limit is {limit:,} bytes."
                    )
                text, kind = extract(upload.read(), upload.name or "")
            except ExtractError as error:
                form.add_error("file", str(error))
            else:
                revised = source.revise(text=text, by=request.user, origin=kind)
                report_revision(request, revised)
                return redirect("desk:source-detail", slug=source.slug)
        status = 400
    return render(
        request, "desk/source_upload.html", {"source": source, "form": form}, status=status
    )


def report_revision(request: HttpRequest, revised: Revised) -> None:
    """Tell the user which revision their change made and what it did to the anchors."""
    if revised.revision is None:
        messages.info(request, "The text is the same as the current revision: nothing changed.")
        return
    messages.success(
        request,
        f"Revision {revised.revision.number}: {len(revised.moved)} anchored claim(s) moved, "
        f"{len(revised.orphaned)} orphaned.",
    )


@desk_required
def source_create(request: HttpRequest) -> HttpResponse:
    """Record a new source."""
    require_perm(request.user, "claims.add_source", "You cannot add sources.")
    return _source_form(request, Source())


@desk_required
def source_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Edit a source."""
    source, _ = get_source_for(request.user, slug, for_edit=True)
    return _source_form(request, source)


def _source_form(request: HttpRequest, source: Source) -> HttpResponse:
    creating = source.pk is None
    form = SourceForm(request.POST or None, instance=source)
    if request.method == "POST":
        if form.is_valid():
            source = form.save(commit=False)
            revised = source.save_and_revise(by=request.user, origin=SourceRevision.Origin.PASTED)
            messages.success(request, f"{'Created' if creating else 'Saved'} “{source}”.")
            if revised.revision is not None and (revised.moved or revised.orphaned):
                report_revision(request, revised)
            return redirect("desk:source-detail", slug=source.slug)
        status = 400
    else:
        status = 200
    context = {"form": form, "source": source, "creating": creating}
    return render(request, "desk/source_form.html", context, status=status)


@desk_required
def speaker_list(request: HttpRequest) -> HttpResponse:
    """Speakers by name, with how many claims each has."""
    query = request.GET.get("q", "").strip()
    speakers = Speaker.objects.annotate(claim_count=Count("claims"))
    if query:
        speakers = speakers.filter(Q(name__icontains=query) | Q(role__icontains=query))
    context = {
        "page": paginate(request, speakers.order_by("name", "pk")),
        "query": query,
        "may_edit": request.user.has_perm("claims.change_speaker"),
    }
    return render(request, "desk/speaker_list.html", context)


@desk_required
def speaker_create(request: HttpRequest) -> HttpResponse:
    """Add a speaker."""
    require_perm(request.user, "claims.add_speaker", "You cannot add speakers.")
    return _speaker_form(request, Speaker())


@desk_required
def speaker_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Edit a speaker."""
    speaker, _ = get_speaker_for(request.user, slug, for_edit=True)
    return _speaker_form(request, speaker)


def _speaker_form(request: HttpRequest, speaker: Speaker) -> HttpResponse:
    creating = speaker.pk is None
    form = SpeakerForm(request.POST or None, instance=speaker)
    if request.method == "POST":
        if form.is_valid():
            speaker = form.save()
            messages.success(request, f"{'Created' if creating else 'Saved'} “{speaker}”.")
            return redirect("desk:speaker-list")
        status = 400
    else:
        status = 200
    context = {"form": form, "speaker": speaker, "creating": creating}
    return render(request, "desk/speaker_form.html", context, status=status)
