"""Admin for doors and door devices. Doors are named through the same services as the secretariat's doors page;
a device is revoked through the revoke service. Devices are never added here (pairing shows a link once, on the
secretariat's devices page, which the list links to) and no hash of a secret is shown."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conference.models import Conference
from plenary.i18n import translated_field_names
from registration.doors import devices as device_services
from registration.doors.selectors import version_of
from registration.models import Door, DoorDevice

_NAMES = translated_field_names("name")


@admin.register(Door)
class DoorAdmin(admin.ModelAdmin):
    list_display = ("__str__", *_NAMES, "conference")
    list_filter = ("conference",)
    search_fields = _NAMES
    list_select_related = ("conference",)

    def get_fields(self, request: HttpRequest, obj: Door | None = None) -> list[str]:
        return [*_NAMES] if obj else ["conference", *_NAMES]

    def has_delete_permission(self, request: HttpRequest, obj: Door | None = None) -> bool:
        # Its check-ins and scans name it; a door no longer used is simply not picked.
        return False

    def save_model(self, request: HttpRequest, obj: Door, form, change: bool) -> None:
        names = {name.rsplit("_", 1)[1]: form.cleaned_data[name] for name in _NAMES}
        if change:
            device_services.door_rename(door=obj, names=names)
        else:
            obj.pk = device_services.door_create(conference=obj.conference, names=names).pk


@admin.register(DoorDevice)
class DoorDeviceAdmin(admin.ModelAdmin):
    list_display = ("label", "door", "last_contact_at", "last_queue_length", "list_age", "revoked_at")
    list_filter = ("conference", "door", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("label",)
    list_select_related = ("door",)
    fields = (
        "label",
        "conference",
        "door",
        "paired_at",
        "last_contact_at",
        "last_queue_length",
        "list_age",
        "revoked_at",
        "created_at",
        "created_by",
    )
    readonly_fields = fields[1:]
    actions = ["revoke"]

    @admin.display(description=_("list age"))
    def list_age(self, device: DoorDevice) -> str:
        if not device.last_list_version:
            return "—"
        minutes = (version_of(timezone.now()) - device.last_list_version) // 60_000
        return _("%(minutes)d min") % {"minutes": minutes}

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: DoorDevice | None = None) -> bool:
        # Its scans name it; a lost phone is revoked, and the record stays.
        return False

    @admin.action(description=_("Revoke (the phone's list is wiped at its next contact)"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[DoorDevice]) -> None:
        revoked = 0
        for device in queryset.filter(revoked_at__isnull=True):
            device_services.device_revoke(device=device)
            self.log_change(request, device, [{"changed": {"fields": ["revoked_at"]}}])
            revoked += 1
        self.message_user(request, _("Devices revoked: %(count)d.") % {"count": revoked}, messages.SUCCESS)

    def changelist_view(self, request: HttpRequest, extra_context=None):
        conferences = Conference.objects.order_by("-start_date", "-pk")[:5]
        links = [
            (conference, reverse("registration:doors_manage", args=[conference.slug])) for conference in conferences
        ]
        return super().changelist_view(request, {**(extra_context or {}), "plenary_pairing_links": links})
