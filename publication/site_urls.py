"""Public URLs outside /claims/: speakers, feeds, oEmbed, sitemap.xml and robots.txt.

Feeds and the sitemap are polled by readers, partners and crawlers: they are served
through the cache with validators (publication.cache), like the pages.
"""

from __future__ import annotations

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from publication import feeds, sharing, views
from publication.cache import cached_view
from publication.sitemaps import SITEMAPS

polled = cached_view()

urlpatterns = [
    path("claims/feed.atom", polled(feeds.ClaimsFeed()), name="feed-atom"),
    path("claims/feed.rss", polled(feeds.ClaimsRssFeed()), name="feed-rss"),
    path("speakers/<slug:slug>/", views.speaker_detail, name="speaker-detail"),
    path("speakers/<slug:slug>/feed.atom", polled(feeds.SpeakerFeed()), name="speaker-feed-atom"),
    path("speakers/<slug:slug>/feed.rss", polled(feeds.SpeakerRssFeed()), name="speaker-feed-rss"),
    path("tags/<slug:slug>/feed.atom", polled(feeds.TagFeed()), name="tag-feed-atom"),
    path("tags/<slug:slug>/feed.rss", polled(feeds.TagRssFeed()), name="tag-feed-rss"),
    path("oembed/", sharing.oembed, name="oembed"),
    path("sitemap.xml", polled(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
]
