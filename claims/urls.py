"""Desk URLs for speakers, sources, claims and relations (mounted under /desk/ as "desk")."""

from __future__ import annotations

from django.urls import path

from claims.views import claims, relations, sources

urlpatterns = [
    path("speakers/", sources.speaker_list, name="speaker-list"),
    path("speakers/new/", sources.speaker_create, name="speaker-create"),
    path("speakers/<slug:slug>/edit/", sources.speaker_edit, name="speaker-edit"),
    path("sources/", sources.source_list, name="source-list"),
    path("sources/new/", sources.source_create, name="source-create"),
    path("sources/<slug:slug>/", sources.source_detail, name="source-detail"),
    path("sources/<slug:slug>/edit/", sources.source_edit, name="source-edit"),
    path("sources/<slug:slug>/text/", sources.source_upload, name="source-upload"),
    path("sources/<slug:slug>/changes/", sources.source_diff, name="source-diff"),
    path("claims/new/", claims.claim_create, name="claim-create"),
    path("claims/<slug:slug>/", claims.claim_detail, name="claim-detail"),
    path("claims/<slug:slug>/edit/", claims.claim_edit, name="claim-edit"),
    path("claims/<slug:slug>/anchor/", claims.claim_anchor, name="claim-anchor"),
    path("claims/<slug:slug>/submit/", claims.claim_submit, name="claim-submit"),
    path("claims/<slug:slug>/approve/", claims.claim_approve, name="claim-approve"),
    path("claims/<slug:slug>/reject/", claims.claim_reject, name="claim-reject"),
    path("claims/<slug:slug>/relations/", relations.relation_create, name="relation-create"),
    path("relations/<int:pk>/delete/", relations.relation_delete, name="relation-delete"),
]
