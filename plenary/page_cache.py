"""The public programme pages, kept rendered in the shared cache for visitors who are not signed in.

On the morning registration opens, a hundred visitors reading the agenda and the speakers in three languages
cost more than the delegates registering: each page is a dozen queries and a template. A visitor who is not
signed in sees the same page as every other (the language is in the address), so the page is rendered once
and served from Django's cache (a row in the database, shared by every web process and machine).

Any change to the programme (a save or delete of any model of the conference app, or a service that writes
with ``update()`` and calls ``programme_changed``) moves the programme's version, and every cached page of
the old version is no longer looked for: a withdrawn speaker or unpublished session leaves the public pages
with that write. Pages also expire after ``PAGE_SECONDS``, a bound for whatever writes without a signal.
"""

import hashlib
import secrets
from collections.abc import Callable
from functools import wraps

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import translation

VERSION_KEY = "plenary:programme-version"
PAGE_SECONDS = 300


def programme_changed(**_signal_arguments) -> None:
    """Forgets every cached public page (also a signal receiver: hence the keyword arguments it ignores)."""
    cache.set(VERSION_KEY, secrets.token_hex(8), None)


def _cacheable(request: HttpRequest) -> bool:
    """Only what every visitor sees alike: a GET, signed out, with no message waiting to be shown."""
    return request.method == "GET" and not request.user.is_authenticated and not len(get_messages(request))


def _key(request: HttpRequest, version: str) -> str:
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"plenary:page:{version}:{translation.get_language()}:{address}"


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serves the view's page from the cache for visitors who are not signed in; signed-in people (their
    pages hold their name, and staff see drafts) always get it rendered."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = _key(request, cache.get_or_set(VERSION_KEY, secrets.token_hex(8), None))
        page = cache.get(key)
        if page is not None:
            return page
        response = view(request, *args, **kwargs)
        # Only a plain page: no cookie set for this visitor, no file streamed.
        if response.status_code == 200 and not response.cookies and not response.streaming:
            cache.set(key, response, PAGE_SECONDS)
        return response

    return wrapped
