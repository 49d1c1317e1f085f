from __future__ import annotations

from django.urls import path

from publication import views

app_name = "public"

urlpatterns = [
    path("", views.claim_list, name="claim-list"),
    path("<slug:slug>/", views.claim_detail, name="claim-detail"),
]
