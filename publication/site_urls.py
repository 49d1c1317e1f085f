"""Public URLs outside /claims/: speakers, feeds, oEmbed, sitemap.xml and robots.txt."""

from __future__ import annotations

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from publication import feeds, sharing, views
from publication.sitemaps import SITEMAPS

urlpatterns = [
    path("claims/feed.atom", feeds.ClaimsFeed(), name="feed-atom"),
    path("claims/feed.rss", feeds.ClaimsRssFeed(), name="feed-rss"),
    path("speakers/<slug:slug>/", views.speaker_detail, name="speaker-detail"),
    path("speakers/<slug:slug>/feed.atom", feeds.SpeakerFeed(), name="speaker-feed-atom"),
    path("speakers/<slug:slug>/feed.rss", feeds.SpeakerRssFeed(), name="speaker-feed-rss"),
    path("tags/<slug:slug>/feed.atom", feeds.TagFeed(), name="tag-feed-atom"),
    path("tags/<slug:slug>/feed.rss", feeds.TagRssFeed(), name="tag-feed-rss"),
    path("oembed/", sharing.oembed, name="oembed"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
]
