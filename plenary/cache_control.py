"""No copy of a signed-in person's page or file in any cache: ``Cache-Control: no-store, private``.

Pages and files seen signed in hold personal data (the vetting queue, exports, badges, a delegate's own
registration), so neither the browser's cache (a shared or stolen laptop) nor a proxy may keep them.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class NoStoreWhenSignedInMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        signed_in = _signed_in(request)
        response = self.get_response(request)
        # Also the response to the request that signed in or out (the user changes on the way).
        if signed_in or _signed_in(request):
            patch_cache_control(response, no_store=True, private=True)  # drops a "public" a view set
        return response


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)
