"""The scanner page as an installable web app that works offline: its manifest and its service worker.

The worker is generated here so that it names the files the page uses by their served (hashed, in production)
addresses; its logic is static/js/door/service-worker.js.
"""

import hashlib
import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from conference.models import Conference
from plenary.i18n import language_direction
from plenary.permissions import conference_view

# What templates/registration/checkin.html loads (tests/registration/checkin/test_pwa.py keeps them in step),
# plus the QR decoder, which the camera loads only when the browser has no BarcodeDetector of its own, and the
# manifest's icon.
SCANNER_STATIC_FILES = (
    "css/plenary.css",
    "js/door/store.js",
    "vendor/barcode-detector/barcode-detector.js",
    "js/door/camera.js",
    "js/door/search.js",
    "js/door/lists.js",
    "js/door/codes.js",
    "js/door/screen.js",
    "js/checkin.js",
    "vendor/barcode-detector/zxing_reader.wasm",
    "img/door-icon.svg",
)


@never_cache  # the browser checks for a new worker on every visit
@require_safe
@conference_view()
def service_worker(request: HttpRequest, conference: Conference) -> HttpResponse:
    page = reverse("registration:checkin", args=[conference.slug])
    files = [static(name) for name in SCANNER_STATIC_FILES]
    config = {
        # A new set of files (a deployment) is a new cache; the worker deletes the old one when it takes over.
        "cache": "plenary-door-" + hashlib.sha256(json.dumps([page, *files]).encode()).hexdigest()[:16],
        "page": page,
        "files": files,
    }
    script = (
        f"self.PLENARY_DOOR = {json.dumps(config)};\n"
        f"importScripts({json.dumps(static('js/door/service-worker.js'))});\n"
    )
    return HttpResponse(script, content_type="text/javascript; charset=utf-8")


@require_safe
@conference_view()
def manifest(request: HttpRequest, conference: Conference) -> JsonResponse:
    page = reverse("registration:checkin", args=[conference.slug])
    return JsonResponse(
        {
            "name": gettext("Plenary door: %(conference)s") % {"conference": conference.title},
            "short_name": gettext("Door"),
            "start_url": page,
            "scope": page,
            "display": "standalone",
            "lang": request.LANGUAGE_CODE,
            "dir": language_direction(request.LANGUAGE_CODE),
            "background_color": "#ffffff",
            "theme_color": "#ffffff",
            "icons": [{"src": static("img/door-icon.svg"), "sizes": "any", "type": "image/svg+xml"}],
        },
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )
