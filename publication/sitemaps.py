"""sitemap.xml: every published claim and every speaker with one, on the public address."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse

from claims.models import Claim, Speaker
from publication.context import site_url


class PublicSitemap(Sitemap):
    """Absolute URLs on PUBLIC_BASE_URL, whatever host the request came in on."""

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(site_url()).scheme or "https"

    def get_domain(self, site=None) -> str:
        return urlsplit(site_url()).netloc


class ClaimSitemap(PublicSitemap):
    """One entry per published (or corrected, or retracted) claim."""

    changefreq = "weekly"

    def items(self) -> QuerySet:
        return (
            Claim.objects.published()
            .order_by("pk")
            .only("slug", "published_at", "corrected_at", "updated_at")
        )

    def location(self, item: Claim) -> str:
        return item.get_absolute_url()

    def lastmod(self, item: Claim) -> dt.datetime | None:
        return item.corrected_at or item.published_at


class SpeakerSitemap(PublicSitemap):
    """One entry per speaker with a published claim."""

    changefreq = "weekly"

    def items(self) -> QuerySet:
        published = Claim.objects.published().filter(speaker=OuterRef("pk"))
        return Speaker.objects.filter(Exists(published)).order_by("pk").only("slug")

    def location(self, item: Speaker) -> str:
        return reverse("speaker-detail", args=[item.slug])


SITEMAPS = {"claims": ClaimSitemap, "speakers": SpeakerSitemap}
