"""Desk screens for sources and speakers: lists, a source's page, create and edit forms."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from claims.forms import SourceForm, SpeakerForm
from claims.models import Source, SourceRevision, Speaker
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
    """A source with the claims made in it."""
    source, may_edit = get_source_for(request.user, slug)
    claims = source.claims.select_related("speaker").order_by("-said_on", "-pk")
    context = {"source": source, "may_edit": may_edit, "page": paginate(request, claims)}
    return render(request, "desk/source_detail.html", context)


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
                messages.info(
                    request,
                    f"Revision {revised.revision.number}: {len(revised.moved)} anchored "
                    f"claim(s) moved, {len(revised.orphaned)} orphaned.",
                )
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
