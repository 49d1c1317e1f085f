"""Atom and RSS feeds of new and corrected fact-checks: all of them, per speaker, per tag."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from claims.models import Claim, Speaker, Tag
from claims.workflow import Status
from publication.context import site_url

FEED_LENGTH = 30
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def latest(claim: Claim) -> tuple[dt.datetime, int]:
    """When a claim was last news: corrected, else published."""
    return (claim.corrected_at or claim.published_at or EPOCH, claim.pk)


class ClaimsFeed(Feed):
    """Newest published or corrected fact-checks first (Atom)."""

    feed_type = Atom1Feed
    feed_name = "feed-atom"

    def get_object(self, request: HttpRequest, *args, **kwargs) -> Speaker | Tag | None:
        return None

    def title(self, obj: Speaker | Tag | None) -> str:
        return f"{settings.PUBLISHER_NAME}: new and corrected fact-checks"

    def subtitle(self, obj: Speaker | Tag | None) -> str:
        return "Claims checked against their context, with the verdict and the notes."

    description = subtitle

    def link(self, obj: Speaker | Tag | None) -> str:
        return f"{site_url()}{reverse('public:claim-list')}"

    def feed_url(self, obj: Speaker | Tag | None) -> str:
        args = [obj.slug] if obj is not None else []
        return f"{site_url()}{reverse(self.feed_name, args=args)}"

    def claims(self, obj: Speaker | Tag | None) -> QuerySet:
        return Claim.objects.published()

    def items(self, obj: Speaker | Tag | None) -> list[Claim]:
        claims = self.claims(obj).select_related("speaker", "verdict__rating")
        claims = claims.prefetch_related("tags")
        # The newest publications (by the published_at index) and the newest corrections
        # (few), merged: ordering everything by "latest of the two" would sort every claim.
        published = list(claims.order_by("-published_at", "-pk")[:FEED_LENGTH])
        corrected = claims.filter(corrected_at__isnull=False).exclude(
            pk__in=[claim.pk for claim in published]
        )
        news = published + list(corrected.order_by("-corrected_at", "-pk")[:FEED_LENGTH])
        return sorted(news, key=latest, reverse=True)[:FEED_LENGTH]

    def item_title(self, item: Claim) -> str:
        prefix = {Status.CORRECTED: "Corrected: ", Status.RETRACTED: "Retracted: "}
        return f"{prefix.get(item.status, '')}{item.speaker.name}: {item.summary}"

    def item_description(self, item: Claim) -> str:
        verdict = getattr(item, "verdict", None)
        if verdict is None:
            return f"{item.speaker.name}: “{item.text}”"
        return f"Verdict: {verdict.rating.label}. {verdict.explanation}"

    def item_link(self, item: Claim) -> str:
        return f"{site_url()}{item.get_absolute_url()}"

    def item_guid(self, item: Claim) -> str:
        return self.item_link(item)

    def item_pubdate(self, item: Claim) -> dt.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Claim) -> dt.datetime | None:
        return item.corrected_at or item.published_at

    def item_author_name(self, item: Claim) -> str:
        return settings.PUBLISHER_NAME

    def item_categories(self, item: Claim) -> list[str]:
        return [tag.name for tag in item.tags.all()]


class ClaimsRssFeed(ClaimsFeed):
    """The same fact-checks as RSS 2.0."""

    feed_type = Rss201rev2Feed
    feed_name = "feed-rss"


class SpeakerFeed(ClaimsFeed):
    """One speaker's fact-checks (Atom)."""

    feed_name = "speaker-feed-atom"

    def get_object(self, request: HttpRequest, slug: str) -> Speaker:
        return get_object_or_404(Speaker, slug=slug)

    def title(self, obj: Speaker) -> str:
        return f"Fact-checks of {obj.name}"

    def link(self, obj: Speaker) -> str:
        return f"{site_url()}{reverse('speaker-detail', args=[obj.slug])}"

    def claims(self, obj: Speaker) -> QuerySet:
        return Claim.objects.published().filter(speaker=obj)


class SpeakerRssFeed(SpeakerFeed):
    feed_type = Rss201rev2Feed
    feed_name = "speaker-feed-rss"


class TagFeed(ClaimsFeed):
    """Fact-checks on one topic (Atom)."""

    feed_name = "tag-feed-atom"

    def get_object(self, request: HttpRequest, slug: str) -> Tag:
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj: Tag) -> str:
        return f"Fact-checks tagged {obj.name}"

    def link(self, obj: Tag) -> str:
        return f"{site_url()}{reverse('public:claim-list')}?tag={obj.slug}"

    def claims(self, obj: Tag) -> QuerySet:
        return Claim.objects.published().filter(tags=obj)


class TagRssFeed(TagFeed):
    feed_type = Rss201rev2Feed
    feed_name = "tag-feed-rss"
