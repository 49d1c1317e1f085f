"""Server time and SQL queries of the API, the public page and search, next to a trivial view.

Each request goes through Django's test Client in this process: the whole
middleware stack, the view, the template or renderer, and the body read to
the end, but no network and no web server. The trivial view (bench/urls.py)
takes the same path and does nothing, so "× trivial" says how much the page
itself costs over Django's own floor, measured in the same run under the same
load.

Every request is timed twice: *warm*, as readers get it from the cache
(publication/cache.py) between two changes, and *cold*, the first request
after a change: before each cold request, untimed, every generation is bumped,
so the response is built from the database and stored again.
"""

from __future__ import annotations

import base64
import statistics
import time
from dataclasses import dataclass
from urllib.parse import urlencode

TRIVIAL_URL = "/bench/trivial/"


@dataclass
class RequestRow:
    """One request: SQL queries and server time in ms over `runs` repetitions."""

    name: str
    url: str
    queries: int
    median_ms: float
    p95_ms: float
    runs: int
    times_trivial: float = 0.0
    cold_queries: int = 0
    cold_median_ms: float = 0.0
    cold_p95_ms: float = 0.0
    cold_times_trivial: float = 0.0


def use_bench_urls() -> None:
    """Serve the project's URLs plus the trivial view, without touching the app's URLconf."""
    from django.conf import settings
    from django.urls import clear_url_caches, set_urlconf

    settings.ROOT_URLCONF = "bench.urls"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    set_urlconf(None)
    clear_url_caches()


def deep_cursor(fraction: float = 0.5) -> str:
    """A cursor for the API claim list `fraction` of the way down, as a client paging there sends.

    The list is ordered newest first on created_at (publication.api.base.NewestFirst);
    DRF's cursor holds the created_at of the last row seen.
    """
    from claims.models import Claim

    claims = Claim.objects.published().order_by("-created_at")
    position = claims.values_list("created_at", flat=True)[int(claims.count() * fraction)]
    token = urlencode({"p": str(position)})
    return base64.b64encode(token.encode("ascii")).decode("ascii")


def deep_public_page(fraction: float = 0.5) -> str:
    """The public list's "older" cursor `fraction` of the way down, as its links write it."""
    from claims.models import Claim
    from publication import keyset

    claims = Claim.objects.published().order_by("-published_at", "-pk")
    values = claims.values_list("published_at", "pk")[int(claims.count() * fraction)]
    return keyset.encode(list(values))


def sample_claim() -> str:
    """A typical published claim: the one in the middle by slug that has notes and a verdict."""
    from claims.models import Claim

    claims = Claim.objects.published().filter(verdict__isnull=False, notes__isnull=False)
    slugs = claims.order_by("slug").values_list("slug", flat=True).distinct()
    return slugs[slugs.count() // 2]


def busiest_speaker() -> str:
    """The slug of the speaker with the most published claims: the largest speaker page."""
    from django.db.models import Count

    from claims.models import Speaker

    speakers = Speaker.objects.filter(claims__status__in=("published", "corrected", "retracted"))
    speakers = speakers.annotate(n=Count("claims")).order_by("-n", "slug")
    return speakers.values_list("slug", flat=True)[0]


def search_queries() -> list[tuple[str, str]]:
    """A topic query and a speaker's name, as bench.search types them."""
    from bench.search import typical_queries

    queries = typical_queries()
    speaker = queries[4] if len(queries) > 4 else queries[0]
    return [("search, topic words", "convicted criminals"), ("search, speaker name", speaker)]


def requests_to_time() -> list[tuple[str, str]]:
    """(name, URL) of each request the benchmark times, the trivial view first."""
    slug = sample_claim()
    rows = [
        ("trivial view", TRIVIAL_URL),
        ("trivial DRF view (reference)", "/bench/trivial-api/"),
        ("API claim list, first page", "/api/v1/claims/"),
        ("API claim list, deep cursor page", f"/api/v1/claims/?cursor={deep_cursor()}"),
        ("API claim detail", f"/api/v1/claims/{slug}/"),
        ("public claim page", f"/claims/{slug}/"),
        ("public list, first page", "/claims/"),
        ("public list, deep page", "/claims/?" + urlencode({"older": deep_public_page()})),
        ("speaker page, busiest speaker", f"/speakers/{busiest_speaker()}/"),
        ("Atom feed of new and corrected", "/claims/feed.atom"),
        ("share image (PNG)", f"/claims/{slug}/card.png"),
    ]
    rows += [(name, "/claims/?" + urlencode({"q": query})) for name, query in search_queries()]
    return rows


def _get(client, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    if response.streaming:
        for _ in response.streaming_content:
            pass


def a_change() -> None:
    """What any change does to the cache: everything cached is built again on its next read."""
    from publication.cache import ALL, bump

    bump([ALL])


def count_queries(client, url: str, *, cold: bool = False) -> int:
    """SQL queries of one request (the first after a change when `cold`)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if cold:
        a_change()
    with CaptureQueriesContext(connection) as queries:
        _get(client, url)
    return len(queries)


def time_request(
    client,
    url: str,
    *,
    warmup: int = 10,
    runs: int = 200,
    budget_s: float = 8.0,
    cold: bool = False,
) -> list[float]:
    """Server times in ms of `runs` requests after a warm-up (fewer if the budget runs out)."""
    for _ in range(warmup):
        _get(client, url)
    times: list[float] = []
    deadline = time.perf_counter() + budget_s
    while len(times) < runs and (len(times) < 20 or time.perf_counter() < deadline):
        if cold:
            a_change()
        started = time.perf_counter()
        _get(client, url)
        times.append((time.perf_counter() - started) * 1000)
    return times


def measure_requests(*, runs: int = 200, budget_s: float = 8.0) -> list[RequestRow]:
    """Time every request of requests_to_time(); ratios are against the trivial view's median."""
    from django.test import Client

    use_bench_urls()
    client = Client()
    rows = []
    for name, url in requests_to_time():
        _get(client, url)
        queries = count_queries(client, url)
        times = time_request(client, url, runs=runs, budget_s=budget_s)
        cold_queries = count_queries(client, url, cold=True)
        cold = time_request(client, url, runs=runs, budget_s=budget_s, cold=True)
        rows.append(
            RequestRow(
                name=name,
                url=url,
                queries=queries,
                median_ms=statistics.median(times),
                p95_ms=statistics.quantiles(times, n=20)[-1],
                runs=len(times),
                cold_queries=cold_queries,
                cold_median_ms=statistics.median(cold),
                cold_p95_ms=statistics.quantiles(cold, n=20)[-1],
            )
        )
    trivial = rows[0].median_ms
    for row in rows:
        row.times_trivial = row.median_ms / trivial
        row.cold_times_trivial = row.cold_median_ms / trivial
    return rows
