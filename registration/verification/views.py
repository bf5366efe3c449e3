"""The page a consulate or a funder opens from a letter's or a certificate's QR code: no language prefix (the
visitor's language, from their browser), rate limited per client, never indexed."""

from allauth.core.internal import ratelimit
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from plenary.rate_limit import rate_limit_exceeded
from registration.verification.selectors import document_for_reference


@require_safe
def verify(request: HttpRequest, reference: str) -> HttpResponse:
    limited = rate_limit_exceeded(
        key=f"verify:{ratelimit.get_ip(request)}",
        burst=settings.PLENARY_VERIFY_BURST,
        per_second=settings.PLENARY_VERIFY_PER_SECOND,
    )
    document = None if limited else document_for_reference(reference)
    # A wrong reference and a found one give the same page; only "found" changes what it says.
    status = 429 if limited else (200 if document else 404)
    response = render(request, "registration/verify.html", {"document": document, "limited": limited}, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
