from __future__ import annotations

from django.urls import path

from publication import sharing, views

app_name = "public"

urlpatterns = [
    path("", views.claim_list, name="claim-list"),
    path("<slug:slug>/", views.claim_detail, name="claim-detail"),
    path("<slug:slug>/card.png", sharing.card_png, name="claim-card"),
    path("<slug:slug>/embed/", sharing.claim_embed, name="claim-embed"),
]
