from __future__ import annotations

from django.urls import path

from intake.views import checked
from publication import sharing, views

app_name = "public"

urlpatterns = [
    path("", views.claim_list, name="claim-list"),
    # Before the claim pages, which would read "checked" as a slug.
    path("checked/", checked, name="claim-checked"),
    path("<slug:slug>/", views.claim_detail, name="claim-detail"),
    path("<slug:slug>/card.png", sharing.card_png, name="claim-card"),
    path("<slug:slug>/embed/", sharing.claim_embed, name="claim-embed"),
]
