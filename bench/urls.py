"""The project's URLs plus a trivial view, for the benchmark only (never the app's URLconf)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from config.urls import urlpatterns as project_urlpatterns


def trivial(request: HttpRequest) -> HttpResponse:
    """Does nothing: what any page costs through Django's middleware and URL routing."""
    return HttpResponse("ok", content_type="text/plain")


class TrivialAPI(APIView):
    """Does nothing through Django REST framework: what any API response costs at least."""

    permission_classes = [AllowAny]

    def get(self, request) -> Response:
        return Response({})


urlpatterns = [
    path("bench/trivial/", trivial),
    path("bench/trivial-api/", TrivialAPI.as_view()),
    *project_urlpatterns,
]
