"""Doors and devices: the secretariat's pages, the pairing link, and the door's two offline endpoints."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from conference.models import Conference
from plenary.pdf.qr import qr_png_data_uri
from plenary.permissions import SECRETARIAT, conference_view
from plenary.rate_limit import rate_limit_exceeded
from registration.doors import devices as device_services
from registration.doors import selectors, services
from registration.doors.access import DEVICE_COOKIE, door_view
from registration.doors.forms import DeviceForm, DoorForm, UploadError, check_upload_length, parse_upload
from registration.models import DoorDevice


@require_http_methods(["GET", "POST"])
@conference_view(SECRETARIAT)
def doors_manage(request: HttpRequest, conference: Conference) -> HttpResponse:
    """The conference's doors and devices; a new door."""
    form = DoorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device_services.door_create(conference=conference, names=_names(form))
        return redirect("registration:doors_manage", conference.slug)
    return render(
        request,
        "registration/doors_manage.html",
        {
            "conference": conference,
            "form": form,
            "doors": selectors.doors_of(conference=conference),
            "devices": selectors.devices_of(conference=conference, now=timezone.now()),
        },
    )


def _names(form: DoorForm) -> dict[str, str]:
    return {name.rsplit("_", 1)[1]: value for name, value in form.cleaned_data.items()}


@require_http_methods(["GET", "POST"])
@conference_view(SECRETARIAT)
def door_edit(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    door = selectors.door_get(conference=conference, pk=pk)
    form = DoorForm(request.POST or None, instance=door)
    if request.method == "POST" and form.is_valid():
        device_services.door_rename(door=door, names=_names(form))
        return redirect("registration:doors_manage", conference.slug)
    return render(request, "registration/door_edit.html", {"conference": conference, "form": form, "door": door})


@require_POST
@conference_view(SECRETARIAT)
def device_add(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    """A new device for a door: its pairing link, shown once, as a link and a QR code."""
    door = selectors.door_get(conference=conference, pk=pk)
    form = DeviceForm(request.POST)
    if not form.is_valid():
        return render(
            request, "registration/door_edit.html", {"conference": conference, "door": door, "device_form": form}
        )
    added = device_services.device_add(door=door, label=form.cleaned_data["label"], by=request.user)
    link = request.build_absolute_uri(reverse("registration:device_pair", args=[added.pairing_token]))
    return render(
        request,
        "registration/device_pairing.html",
        {
            "conference": conference,
            "device": added.device,
            "link": link,
            "qr": qr_png_data_uri(link),
            "minutes": int(device_services.PAIRING_VALID_FOR.total_seconds() // 60),
        },
    )


@require_http_methods(["GET", "POST"])
@conference_view(SECRETARIAT)
def device_revoke(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    """Asks first; revoking wipes the phone's list at its next contact and refuses its uploads."""
    device = selectors.device_get(conference=conference, pk=pk)
    if request.method == "POST":
        device_services.device_revoke(device=device)
        return redirect("registration:doors_manage", conference.slug)
    return render(request, "registration/device_revoke.html", {"conference": conference, "device": device})


@never_cache
@require_safe
def device_pair(request: HttpRequest, token: str) -> HttpResponse:
    """What the pairing QR code opens on the phone: once, within its minutes. The page sends the phone on to
    the scanner itself (a redirect right after a cross-site visit would not carry a SameSite=Strict cookie)."""
    paired = device_services.device_pair(token=token)
    if paired is None:
        return render(request, "registration/device_pair.html", {"paired": False}, status=404)
    device = paired.device
    response = render(
        request,
        "registration/device_pair.html",
        {
            "paired": True,
            "device": device,
            "conference": device.conference,
            "scanner": reverse("registration:checkin", args=[device.conference.slug]),
        },
    )
    response.set_cookie(
        DEVICE_COOKIE,
        f"{device.pk}.{paired.secret}",
        expires=device.conference.ends_at + dt.timedelta(days=1),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )
    return response


def _rate_limited(request: HttpRequest, device: DoorDevice | None) -> bool:
    key = f"device:{device.pk}" if device else f"account:{request.user.pk}"
    return rate_limit_exceeded(
        key=f"door:{key}", burst=settings.PLENARY_DOOR_BURST, per_second=settings.PLENARY_DOOR_PER_SECOND
    )


def _too_many() -> JsonResponse:
    return JsonResponse({"error": "rate_limited"}, status=429)


def _optional_int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) <= 18 else None


@never_cache
@require_safe
@door_view(as_json=True)
def offline_list(request: HttpRequest, conference: Conference, device: DoorDevice | None) -> JsonResponse:
    if _rate_limited(request, device):
        return _too_many()
    now = timezone.now()
    door = (
        device.door
        if device
        else selectors.door_of_conference(conference=conference, pk=_optional_int(request.GET.get("door")))
    )
    found = selectors.local_list(
        conference=conference, door=door, since=_optional_int(request.GET.get("since")), now=now
    )
    if device is not None:
        device_services.device_contact(
            device=device, now=now, queue_length=_optional_int(request.GET.get("queue")), list_version=found.version
        )
    return JsonResponse(found.as_json())


@never_cache
@require_POST
@door_view(as_json=True, hear_revoked=True)
def offline_scans(request: HttpRequest, conference: Conference, device: DoorDevice | None) -> JsonResponse:
    if _rate_limited(request, device):
        return _too_many()
    try:
        check_upload_length(request.META.get("CONTENT_LENGTH"))
        upload = parse_upload(request.body)
    except UploadError as error:
        return JsonResponse({"error": str(error)}, status=400)
    except RequestDataTooBig:
        return JsonResponse({"error": "too_large"}, status=400)
    now = timezone.now()
    door = device.door if device else selectors.door_of_conference(conference=conference, pk=upload.door_id)
    if device is None and upload.door_id is not None and door is None:
        return JsonResponse({"error": gettext("This door is not one of this conference's.")}, status=400)
    sender = services.Sender(conference=conference, door=door, device=device, user=None if device else request.user)
    results = services.scans_upload(sender=sender, scans=upload.scans, sent_at=upload.sent_at, now=now)
    answer = {
        "server_time": now.isoformat(),
        "results": [result.as_json() for result in results],
        "rejected": [rejected.as_json() for rejected in upload.rejected],
    }
    if device is not None and device.revoked_at is not None:
        return JsonResponse({**answer, "wipe": True, "error": "refused"}, status=403)
    if device is not None:
        device_services.device_contact(device=device, now=now, queue_length=upload.queue_length)
    return JsonResponse(answer)
