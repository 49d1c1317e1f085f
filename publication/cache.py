"""Public reads served from the cache, invalidated exactly when what they show changes.

Every cached response is stored under a key that includes *generation* values
kept in the same cache (Redis when REDIS_URL or CACHE_URL names one, so every
app process sees them):

- `all`: bumped by a change to any row of the claims and annotations apps that
  has no mapping below (safe by default: such a change empties everything);
- `published`: the published set, bumped by every change to anything published;
  lists, searches, exports and the API's other resources depend on it;
- `claim:<slug>`: one claim's page and API detail.

A saved or deleted row is mapped to the published claims whose output shows it
(a note to its claims, a citation to its note's claims, a speaker to their
claims, a claim to itself and the claims related to it...), and those claims'
generations are bumped together with `published`. Saving a draft, or a row
that hangs only under drafts, changes nothing published and bumps nothing.
A bump writes a new value, so entries stored under the old one are never read
again (they expire); a response built from data read before a change is stored
under the generation read before it too. Bumps happen at once and again when
the transaction commits, so a reader racing the commit cannot store old data
under the new generation.

Only anonymous GETs without a session, messages cookie or Authorization header
are served from or stored in the cache: staff always get a fresh response, so
a draft never enters the cache. Every response of these views carries an ETag
and the cached ones a Last-Modified (the time of the last bump they depend on),
and a matching If-None-Match or If-Modified-Since answers 304.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from claims.workflow import PUBLIC_STATUSES

ALL = "all"
PUBLISHED = "published"
APPS = ("claims", "annotations")
# Generation values never expire; responses do, to bound the cache's memory (a bump,
# not the timeout, is what keeps them fresh).
RESPONSE_TIMEOUT = 6 * 60 * 60
PUBLIC_CACHE_CONTROL = "public, max-age=0, must-revalidate"
VERSION_ETAG = re.compile(r'^(?:W/)?"(?P<version>.+-v\d+)(?:-[0-9a-f]{12})?"$')


def _gen_key(name: str) -> str:
    return f"pub:gen:{name}"


def claim_scope(slug: str) -> str:
    """The generation name of one claim's page and API detail."""
    return f"claim:{slug}"


# --- generations ---------------------------------------------------------------


def generations(names: Iterable[str]) -> dict[str, int] | None:
    """The current value of each generation (one round trip when they all exist).

    None when the cache keeps nothing (dummy://, or a value vanished at once):
    without generations nothing may be served from a cache.
    """
    keys = {_gen_key(name): name for name in names}
    found = cache.get_many(list(keys))
    missing = [key for key in keys if key not in found]
    if missing:
        # add() keeps a value another process set meanwhile; read back what won.
        now = time.time_ns()
        for key in missing:
            cache.add(key, now, timeout=None)
        found.update(cache.get_many(missing))
    if any(key not in found for key in keys):
        return None
    return {keys[key]: int(found[key]) for key in keys}


def bump(names: Iterable[str]) -> None:
    """Give these generations a new value now, so responses stored under the old one are dropped."""
    value = time.time_ns()
    cache.set_many({_gen_key(name): value for name in set(names)}, timeout=None)


def invalidate(*, claims: Iterable[str] = (), everything: bool = False) -> None:
    """Bump the given claims and the published set (or everything), now and at commit."""
    names = {ALL} if everything else {PUBLISHED, *(claim_scope(slug) for slug in claims)}
    bump(names)
    # A reader between this bump and the commit still reads the old rows; bumping again
    # after the commit makes whatever it stored unreachable.
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: bump(names))


# --- which claims a change affects ----------------------------------------------

PUBLIC = {"status__in": PUBLIC_STATUSES}


@dataclass(frozen=True)
class Mapping:
    """Which claims show a row (a filter on Claim), and whether lists show it on its own."""

    claims: Callable[[Any], Q | None]
    listed: bool = False  # shown by the API lists even without a published claim


def _note_claims(note_id: int | None) -> Q | None:
    return None if note_id is None else Q(notes=note_id, notes__status__in=PUBLIC_STATUSES)


def _claim(row: Any) -> Q | None:
    if row.status not in PUBLIC_STATUSES:
        return None  # a draft or a claim in review is shown nowhere public
    # Related claims show this one's summary and status.
    return Q(pk=row.pk) | Q(relations_out__to_claim=row.pk) | Q(relations_in__from_claim=row.pk)


def _note(row: Any) -> Q | None:
    return _note_claims(row.pk) if row.status in PUBLIC_STATUSES else None


def _figure(row: Any) -> Q:
    # Figures and note figures that take one of this claim's figures as their denominator
    # show its value and its key, which is its place among the claim's figures.
    return (
        Q(pk=row.claim_id)
        | Q(figures__part_of__claim=row.claim_id)
        | Q(notes__figures__part_of__claim=row.claim_id)
    )


def _citation(row: Any) -> Q | None:
    # A citation shows on the note it was entered on and on every note it is shared with.
    condition = _note_claims(row.note_id)
    if row.pk is None:
        return condition
    shared = Q(notes__shared_citations=row.pk, notes__status__in=PUBLIC_STATUSES)
    return shared if condition is None else condition | shared


def _correction(row: Any) -> Q | None:
    by_note = _note_claims(row.note_id)
    by_claim = Q(pk=row.claim_id) if row.claim_id else None
    if by_note is None or by_claim is None:
        return by_note or by_claim
    return by_claim | by_note


MAPPINGS: dict[str, Mapping] = {
    "claims.claim": Mapping(_claim),
    "claims.speaker": Mapping(
        lambda row: Q(speaker=row.pk) | Q(source__author=row.pk), listed=True
    ),
    "claims.source": Mapping(lambda row: Q(source=row.pk), listed=True),
    "claims.tag": Mapping(lambda row: Q(tags=row.pk), listed=True),
    "claims.figure": Mapping(_figure),
    "claims.claimrelation": Mapping(lambda row: Q(pk__in=[row.from_claim_id, row.to_claim_id])),
    # A claim's anchor is in its published JSON and on its page (the quote in context).
    "claims.anchor": Mapping(lambda row: Q(pk=row.claim_id)),
    "annotations.contextnote": Mapping(_note),
    "annotations.citation": Mapping(_citation),
    "annotations.notefigure": Mapping(lambda row: _note_claims(row.note_id)),
    "annotations.verdict": Mapping(lambda row: Q(pk=row.claim_id)),
    "annotations.correction": Mapping(_correction),
    "annotations.rating": Mapping(lambda row: Q(verdict__rating=row.pk), listed=True),
    "annotations.ratingscale": Mapping(lambda row: Q(verdict__rating__scale=row.pk), listed=True),
}


def register(label: str, claims: Callable[[Any], Q | None], *, listed: bool = False) -> None:
    """Say which claims show rows of `label` ("app.model"); unmapped models bump everything."""
    MAPPINGS[label.lower()] = Mapping(claims, listed=listed)


def affected_claims(condition: Q) -> list[str]:
    """Slugs of the published claims matching `condition`."""
    claim_model = apps.get_model("claims", "Claim")
    published = claim_model.objects.filter(condition, **PUBLIC)
    return list(published.values_list("slug", flat=True).distinct())


def row_changed(row: models.Model) -> None:
    """Invalidate what shows `row`, which was just saved or deleted."""
    mapping = MAPPINGS.get(row._meta.label_lower)
    if mapping is None:
        invalidate(everything=True)
        return
    condition = mapping.claims(row)
    slugs = affected_claims(condition) if condition is not None else []
    if slugs or mapping.listed:
        invalidate(claims=slugs)


def _tracked(sender: type[models.Model]) -> bool:
    from simple_history.models import HistoricalChanges

    meta = sender._meta
    return (
        meta.app_label in APPS
        and not meta.auto_created
        and not issubclass(sender, HistoricalChanges)
    )


def on_save(sender: type[models.Model], instance: models.Model, raw: bool = False, **kw) -> None:
    """post_save and post_delete: invalidate what the row appears in."""
    if not raw and _tracked(sender):
        row_changed(instance)


def on_m2m(sender, instance, action: str, model, pk_set, **kwargs) -> None:
    """m2m_changed (a claim's tags, a note's claims): both ends may be shown."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if instance._meta.app_label not in APPS:
        return
    if getattr(instance, "status", None) is not None and instance.status not in PUBLIC_STATUSES:
        return  # a draft note's claims or a draft claim's tags: nothing public changed
    row_changed(instance)
    if pk_set and model._meta.label_lower == "claims.claim":
        # A published note taken off a claim no longer maps to it.
        invalidate(claims=affected_claims(Q(pk__in=pk_set)))
    elif pk_set and model._meta.label_lower == "annotations.contextnote":
        # A citation no longer shared with a note no longer maps to that note's claims.
        notes = Q(notes__in=pk_set, notes__status__in=PUBLIC_STATUSES)
        invalidate(claims=affected_claims(notes))


def on_migrate(**kwargs: Any) -> None:
    """After migrate (a deploy): the shape or the rows may have changed; start afresh."""
    invalidate(everything=True)


def connect() -> None:
    """Connect the signals; called once from PublicationConfig.ready."""
    from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

    post_save.connect(on_save, dispatch_uid="publication.cache.save")
    post_delete.connect(on_save, dispatch_uid="publication.cache.delete")
    m2m_changed.connect(on_m2m, dispatch_uid="publication.cache.m2m")
    post_migrate.connect(on_migrate, dispatch_uid="publication.cache.migrate")


# --- serving ------------------------------------------------------------------


def shared(request: HttpRequest) -> bool:
    """Whether this request may be answered from (and stored in) the shared cache."""
    if request.method != "GET":
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def content_etag(content: bytes, given: str | None = None) -> str:
    """The ETag of a response: a version ETag from the view gains a digest of the content.

    A claim's version changes only when the claim row is saved; what its
    document shows (notes, citations, the speaker's name) changes without it,
    so the digest is what tells a reader polling with If-None-Match.
    """
    digest = _digest(content)[:12]
    match = VERSION_ETAG.match(given or "")
    if match:
        return f'W/"{match["version"]}-{digest}"'
    return given or f'W/"{digest}"'


def same_version(sent: str, current: str) -> bool:
    """Whether an If-Match tag names the same version as `current` (digests ignored)."""
    a, b = VERSION_ETAG.match(sent.strip()), VERSION_ETAG.match(current)
    return bool(a and b and a["version"] == b["version"])


@dataclass
class Entry:
    """A stored response: body, the view's own headers and its validators."""

    content: bytes
    headers: list[tuple[str, str]]
    etag: str
    last_modified: int | None


def _rendered(response: HttpResponseBase) -> HttpResponseBase:
    render = getattr(response, "render", None)
    if render is not None and not getattr(response, "is_rendered", True):
        render()
    return response


def _entry(response: HttpResponseBase, last_modified: int | None) -> Entry:
    content = response.content
    etag = content_etag(content, response.get("ETag"))
    headers = [(k, v) for k, v in response.items() if k.lower() not in ("etag", "last-modified")]
    return Entry(content, headers, etag, last_modified)


def _answer(
    request: HttpRequest,
    entry: Entry,
    response: HttpResponseBase | None,
    *,
    api: bool,
    public: bool,
) -> HttpResponseBase:
    """`response` (or one rebuilt from `entry`) with its validators, or 304 when they match."""
    if response is None:
        response = HttpResponse(entry.content)
        for name, value in entry.headers:
            response[name] = value
    response["ETag"] = entry.etag
    if entry.last_modified is not None:
        response["Last-Modified"] = http_date(entry.last_modified)
    response["Cache-Control"] = PUBLIC_CACHE_CONTROL if public else "private, no-cache"
    patch_vary_headers(response, ["Accept", "Cookie", "Authorization"] if api else ["Cookie"])
    conditional = get_conditional_response(
        request, etag=entry.etag, last_modified=entry.last_modified, response=response
    )
    return conditional or response


class LocalEntries:
    """This process's copies of shared entries, least recently used dropped first.

    An entry's key includes the generations it was built under, so a copy can
    never be stale: after a change the key is another one. Keeping copies
    saves the second round trip to Redis and unpickling the body on a hit.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.entries: OrderedDict[str, Entry] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> Entry | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: Entry) -> None:
        with self.lock:
            if key in self.entries:
                return
            self.entries[key] = entry
            self.size += len(entry.content)
            while self.size > self.max_bytes and self.entries:
                _, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped.content)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.size = 0


LOCAL = LocalEntries(max_bytes=64 * 1024 * 1024)


def _key(request: HttpRequest, gens: dict[str, int]) -> str:
    parts = [
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        request.headers.get("Accept", ""),
        repr(sorted(gens.items())),
    ]
    return "pub:resp:" + _digest("\n".join(parts).encode())


def serve(
    request: HttpRequest,
    build: Callable[[], HttpResponseBase],
    *,
    claim: str | None = None,
    api: bool = False,
) -> HttpResponseBase:
    """The response of `build()`, from the cache when the request may share it; 304 if unchanged.

    `claim` names the claim whose page this is (its generation is used instead
    of the published set's). Responses other than a plain 200 are never stored.
    """
    if request.method not in ("GET", "HEAD"):
        return build()
    public = shared(request)
    gens = generations([ALL, claim_scope(claim) if claim else PUBLISHED]) if public else None
    if gens is None:
        response = _rendered(build())
        if response.status_code != 200 or response.streaming:
            return response
        return _answer(request, _entry(response, None), response, api=api, public=public)
    key = _key(request, gens)
    entry = LOCAL.get(key) or cache.get(key)
    response = None
    if entry is None:
        response = _rendered(build())
        if response.status_code != 200 or response.streaming or response.cookies:
            return response
        entry = _entry(response, max(gens.values()) // 10**9)
        cache.set(key, entry, timeout=RESPONSE_TIMEOUT)
    LOCAL.put(key, entry)
    return _answer(request, entry, response, api=api, public=True)


def cached_view(*, claim_kwarg: str | None = None) -> Callable:
    """Decorator for a public page view: served through serve(), per claim if `claim_kwarg`."""

    def decorate(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            claim = kwargs.get(claim_kwarg) if claim_kwarg else None
            return serve(request, lambda: view(request, *args, **kwargs), claim=claim)

        return wrapper

    return decorate


class CachedReads:
    """Viewset mixin: list and retrieve go through serve(); set `per_claim` for claim details."""

    per_claim = False

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        action = getattr(self, "action_map", {}).get(request.method.lower())
        parent = super().dispatch  # type: ignore[misc]
        if action not in ("list", "retrieve"):
            return parent(request, *args, **kwargs)
        claim = kwargs.get(self.lookup_field) if self.per_claim and action == "retrieve" else None
        return serve(request, lambda: parent(request, *args, **kwargs), claim=claim, api=True)


# --- exports ------------------------------------------------------------------


def export_validators(name: str, compute: Callable[[], tuple[str, int | None]]) -> tuple:
    """An export's (ETag, Last-Modified), computed once per change of the published set."""
    gens = generations([ALL, PUBLISHED])
    if gens is None:
        return compute()
    key = f"pub:export:{name}:{gens[ALL]}:{gens[PUBLISHED]}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, timeout=RESPONSE_TIMEOUT)
    return found


def export_body_key(name: str, etag: str) -> str:
    """Where the whole body of a small export is kept, by its ETag."""
    return f"pub:export-body:{name}:{_digest(etag.encode())}"


def streamed_and_kept(pieces: Iterator[str], key: str, *, limit: int) -> Iterator[str]:
    """Yield `pieces`; when the whole export came to at most `limit` bytes, keep it at `key`."""
    kept: list[str] | None = []
    size = 0
    for piece in pieces:
        if kept is not None:
            size += len(piece)
            if size <= limit:
                kept.append(piece)
            else:
                kept = None
        yield piece
    if kept is not None:
        cache.set(key, "".join(kept), timeout=RESPONSE_TIMEOUT)
