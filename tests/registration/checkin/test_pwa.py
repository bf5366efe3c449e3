"""The scanner page as a web app: its service worker and manifest, what the worker caches, the CSP it needs, and
the QR decoder vendored with its licence and version."""

import hashlib
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.templatetags.static import static

from registration.checkin.pwa import SCANNER_STATIC_FILES
from tests.factories import ConferenceFactory

pytestmark = pytest.mark.django_db
VENDOR = Path(settings.BASE_DIR) / "static" / "vendor" / "barcode-detector"


def worker_config(response) -> dict:
    first_line = response.content.decode().splitlines()[0]
    return json.loads(first_line.removeprefix("self.PLENARY_DOOR = ").removesuffix(";"))


def test_the_worker_is_javascript_never_stored_and_scoped_to_the_scanner_page(client):
    conference = ConferenceFactory(slug="brussels-2025")

    response = client.get(f"/en/{conference.slug}/checkin/service-worker.js")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert "no-store" in response.headers["Cache-Control"]
    assert f'importScripts("{static("js/door/service-worker.js")}");' in response.content.decode()
    config = worker_config(response)
    # Served from the page's folder, the worker's default scope is the page: no Service-Worker-Allowed needed.
    assert config["page"] == f"/en/{conference.slug}/checkin/"
    assert "Service-Worker-Allowed" not in response.headers


def test_the_worker_caches_every_file_the_scanner_page_loads_and_the_decoder(door_client):
    conference = ConferenceFactory(slug="brussels-2025")
    page = door_client.get(f"/en/{conference.slug}/checkin/").content.decode()
    loaded = set(re.findall(r'<script src="([^"]+)"', page)) | set(re.findall(r'rel="stylesheet" href="([^"]+)"', page))

    config = worker_config(door_client.get(f"/en/{conference.slug}/checkin/service-worker.js"))

    assert loaded and loaded <= set(config["files"])
    assert static("vendor/barcode-detector/zxing_reader.wasm") in config["files"]
    assert f'data-decoder-url="{static("vendor/barcode-detector/zxing_reader.wasm")}"' in page
    assert config["cache"].startswith("plenary-door-")


def test_the_manifest_names_the_conference_in_the_page_language(client):
    conference = ConferenceFactory(slug="brussels-2025", title_en="Brussels 2025", title_ar="بروكسل 2025")

    response = client.get(f"/ar/{conference.slug}/checkin/manifest.webmanifest")

    assert response.headers["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["start_url"] == manifest["scope"] == f"/ar/{conference.slug}/checkin/"
    assert manifest["lang"] == "ar" and manifest["dir"] == "rtl"
    assert "بروكسل 2025" in manifest["name"]
    assert manifest["display"] == "standalone"
    assert manifest["icons"][0]["src"] == static("img/door-icon.svg")


def test_the_scanner_page_links_its_manifest(door_client):
    conference = ConferenceFactory(slug="brussels-2025")
    page = door_client.get(f"/en/{conference.slug}/checkin/").content.decode()
    assert f'<link rel="manifest" href="/en/{conference.slug}/checkin/manifest.webmanifest">' in page


def test_no_worker_nor_manifest_for_a_conference_that_does_not_exist(client):
    assert client.get("/en/nowhere/checkin/service-worker.js").status_code == 404
    assert client.get("/en/nowhere/checkin/manifest.webmanifest").status_code == 404


def test_the_policy_lets_webassembly_compile_but_not_javascript_eval(client):
    policy = client.get("/en/").headers["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'wasm-unsafe-eval'" in script_src
    assert "'unsafe-eval'" not in script_src.replace("'wasm-unsafe-eval'", "")


def test_the_worker_files_exist_in_static():
    for name in SCANNER_STATIC_FILES:
        assert (Path(settings.BASE_DIR) / "static" / name).is_file(), name


def test_the_decoder_ships_with_its_licence_and_version_and_the_wasm_it_expects():
    assert "MIT License" in (VENDOR / "LICENSE").read_text()
    version = (VENDOR / "VERSION").read_text()
    assert "barcode-detector 3.2.2" in version and "zxing-wasm 3.1.3" in version
    digest = hashlib.sha256((VENDOR / "zxing_reader.wasm").read_bytes()).hexdigest()
    assert digest in version
    assert f"`{digest}`" in (VENDOR / "barcode-detector.js").read_text()  # the script's ZXING_WASM_SHA256
    assert "jsdelivr" not in (Path(settings.BASE_DIR) / "static" / "js" / "door" / "camera.js").read_text()
