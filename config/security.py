"""Request-level protections: the client's address for login lockouts, and body size limits."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.template.defaultfilters import filesizeformat


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


class RequestSizeLimitMiddleware:
    """Answers 413 with a short explanation when a request body is over the configured limits.

    Django refuses such bodies with a bare 400 (RequestDataTooBig, TooManyFieldsSent) when a
    view or the CSRF check first reads the form; this reads it first, as the CSRF check
    would, and says what was too large instead.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            self.check_size(request)
        except RequestDataTooBig:
            # filesizeformat joins with a no-break space, meant for HTML; this answer is text.
            limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE).replace("\xa0", " ")
            return self.too_large(f"This server accepts at most {limit} of form data or content.")
        except TooManyFieldsSent:
            limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
            return self.too_large(f"This server accepts at most {limit} form fields.")
        except TooManyFilesSent:
            limit = settings.DATA_UPLOAD_MAX_NUMBER_FILES
            return self.too_large(f"This server accepts at most {limit} files.")
        return self.get_response(request)

    @staticmethod
    def check_size(request: HttpRequest) -> None:
        """Raise Django's own exceptions for a body over DATA_UPLOAD_MAX_* limits."""
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if request.content_type == "multipart/form-data":
            if request.path_info.startswith("/api/"):
                # The API takes no uploads, so its whole body counts, and reading it first
                # lets the API parse it again with its own parsers (which refuse NUL
                # characters) instead of reusing the form parsed here.
                request.body  # noqa: B018
            # Only the form fields count, not the files: Django checks them while parsing.
            if request.method == "POST":
                # Malformed, not too large: the view refuses it in its own words (the API
                # with a JSON 400), instead of Django's bare HTML 400 from here.
                with contextlib.suppress(MultiPartParserError):
                    request.POST  # noqa: B018
            return
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        # Covers JSON bodies too, which API parsers read without Django's own check.
        if limit is not None and length > limit:
            raise RequestDataTooBig
        if request.method == "POST":
            request.POST  # noqa: B018  (counts the fields of a url-encoded form)

    @staticmethod
    def too_large(message: str) -> HttpResponse:
        """A 413 answer in plain words, readable by a person and by an API client."""
        return HttpResponse(
            f"Request too large. {message}\n",
            status=413,
            content_type="text/plain; charset=utf-8",
        )
