"""What every page's template knows about the public site: its address and its name."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def site_url() -> str:
    """The public base URL without its trailing slash, so "{{ base_url }}/claims/" reads right."""
    return settings.PUBLIC_BASE_URL.rstrip("/")


def public_site(request: HttpRequest) -> dict[str, str]:
    """base_url, canonical_url (this page on the public address) and publisher_name."""
    base = site_url()
    return {
        "base_url": base,
        "canonical_url": f"{base}{request.path}",
        "publisher_name": settings.PUBLISHER_NAME,
    }
