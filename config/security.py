"""Request-level protections: the client's address for login lockouts."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip_address(request: HttpRequest) -> str | None:
    """The client's address, past TRUSTED_PROXY_COUNT proxies adding to X-Forwarded-For."""
    remote_addr = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return remote_addr
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [address for address in forwarded if address]
    # Each trusted proxy appends the address it received the request from, so the client is
    # the entry the outermost proxy wrote; anything left of it came from the client and may
    # be forged. Fewer entries than proxies means a request that bypassed them.
    if len(forwarded) < proxies:
        return remote_addr
    return forwarded[-proxies]
