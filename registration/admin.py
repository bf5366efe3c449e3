"""Admin for accounts, registrations and the audit log. Status changes go through the same services as
the vetting queue (admin actions), so the capacity rule, the history and the e-mails apply here too.

Registrations are exported here (django-import-export, formulas neutralised as in every Plenary export) but never
imported: the secretariat's import page (``registration.spreadsheets``) is the one way in, and the registration
list links to it."""

import tablib
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter
from import_export.admin import ExportActionMixin

from conference.models import Conference
from plenary.audit import services as audit_services
from plenary.audit.models import Action, AuditLogEntry
from plenary.mfa_invitations import mfa_invitation_send
from registration import services as registration_services
from registration.doors import admin as doors_admin  # noqa: F401  (registers the doors' and devices' admin)
from registration.models import Attendance, Badge, CheckIn, Registration, Scan, StatusChange, User
from registration.self_service.forms import RegistrationTextMixin
from registration.spreadsheets.exports import neutralise
from registration.spreadsheets.resources import RegistrationResource


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ("email",)
    list_display = ("email", "is_active", "is_staff", "date_joined", "last_login")
    list_filter = ("is_active", "is_staff", "is_superuser", "groups")
    search_fields = ("email",)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    readonly_fields = ("last_login", "date_joined")
    actions = ["send_mfa_invitation"]

    @admin.action(description=_("Send a two-factor enrolment invitation"), permissions=["change"])
    def send_mfa_invitation(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        users = list(queryset.filter(is_active=True))
        for user in users:
            mfa_invitation_send(user=user)
        self.message_user(
            request,
            _("Invitations sent: %(count)d. Each link works once, for a limited time.") % {"count": len(users)},
            messages.SUCCESS,
        )


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    fields = ("at", "from_status", "to_status", "by", "message")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("at", "pk")

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


def _status_action(to_status: str, description: str):
    @admin.action(description=description, permissions=["change"])
    def action(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        outcome: dict[str, int] = {}
        skipped = 0
        conferences = {registration.conference for registration in queryset.select_related("conference")}
        for conference in sorted(conferences, key=lambda c: c.pk):
            result = registration_services.registration_bulk_set_status(
                conference=conference,
                registrations=queryset.filter(conference=conference),
                to_status=to_status,
                by=request.user,
            )
            for status, count in result.counts.items():
                outcome[status] = outcome.get(status, 0) + count
            skipped += result.skipped_cancelled
        labels = dict(Registration.Status.choices)
        summary = ", ".join(f"{labels[status]}: {count}" for status, count in outcome.items()) or _("nothing changed")
        modeladmin.message_user(request, summary, messages.SUCCESS)
        if skipped:
            modeladmin.message_user(request, registration_services.skipped_cancelled_message(skipped), messages.WARNING)

    action.__name__ = f"set_{to_status}"
    return action


def _no_admin_import(request: HttpRequest, *args, **kwargs):
    raise Http404("Registrations are imported on the secretariat's import page, not in the admin.")


class RegistrationAdminForm(RegistrationTextMixin, forms.ModelForm):
    """Names checked and texts cleaned as on the delegate's form (direction controls dropped, not refused)."""


@admin.register(Registration)
class RegistrationAdmin(ExportActionMixin, admin.ModelAdmin):
    form = RegistrationAdminForm
    resource_classes = [RegistrationResource]
    import_export_change_list_template = "admin/registration/registration/change_list.html"
    list_display = ("__str__", "email", "organisation", "country", "category", "status", "source", "conference")
    list_filter = ("conference", "status", "category", "source", ("country", CountryFilter), "language")
    search_fields = ("first_name", "last_name", "name_ar", "email", "organisation")
    list_select_related = ("conference",)
    readonly_fields = (
        "status",
        "source",
        "import_batch",
        "user",
        "privacy_policy_version",
        "privacy_accepted_at",
        "waitlisted_at",
        "created_at",
        "updated_at",
        "anonymised_at",
    )
    inlines = [StatusChangeInline]
    actions = [
        _status_action(Registration.Status.APPROVED, _("Approve (waiting list when full)")),
        _status_action(Registration.Status.WAITLISTED, _("Put on the waiting list")),
        _status_action(Registration.Status.DECLINED, _("Decline")),
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Registrations come from delegates or from an import, never typed in here.
        return False

    def get_urls(self):
        # Without these the admin's catch-all would take "import/" for a registration's id.
        info = self.opts.app_label, self.opts.model_name
        refused = [
            path(route, self.admin_site.admin_view(_no_admin_import), name=f"{info[0]}_{info[1]}_{name}")
            for route, name in (("import/", "import"), ("process_import/", "process_import"))
        ]
        return refused + super().get_urls()

    def changelist_view(self, request: HttpRequest, extra_context=None):
        conferences = Conference.objects.order_by("-start_date", "-pk")[:5]
        extra_context = {
            **(extra_context or {}),
            "plenary_import_links": [
                (conference, reverse("registration:import", kwargs={"slug": conference.slug}))
                for conference in conferences
            ],
        }
        return super().changelist_view(request, extra_context)

    def get_data_for_export(self, request: HttpRequest, queryset, **kwargs):
        # Every cell a spreadsheet would run as a formula (= + - @, tab, CR) gets a ' in front, as in the
        # Plenary exports; the library's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT only strips a leading =.
        dataset = super().get_data_for_export(request, queryset, **kwargs)
        rows = [
            [neutralise(value) if isinstance(value, str) else "" if value is None else value for value in row]
            for row in dataset
        ]
        return tablib.Dataset(*rows, headers=dataset.headers, title=dataset.title)

    def get_export_data(self, file_format, request: HttpRequest, queryset: QuerySet[Registration], **kwargs):
        data = super().get_export_data(file_format, request, queryset, **kwargs)
        conferences = sorted(set(queryset.values_list("conference__slug", flat=True)))
        audit_services.audit_record(
            action=Action.EXPORT,
            summary=f"{queryset.count()} registration(s) exported from the admin ({file_format.get_title()})",
            conference=queryset.first().conference if len(conferences) == 1 else None,
            actor=request.user,
            details={"format": file_format.get_title(), "conferences": conferences, "via": "admin"},
        )
        return data

    def save_model(self, request: HttpRequest, obj: Registration, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if form.changed_data:
            audit_services.audit_record(
                action=Action.REGISTRATION_UPDATE,
                summary=f"Registration #{obj.pk} updated in the admin: {', '.join(form.changed_data)}",
                conference=obj.conference,
                actor=request.user,
                details={"registration": obj.pk, "fields": form.changed_data},
            )


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records of what happened: readable, never edited by hand (badges change through reprint)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(AuditLogEntry)
class AuditLogEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor", "action", "summary", "conference")
    list_filter = ("action", "conference")
    search_fields = ("summary",)
    list_select_related = ("actor", "conference")


@admin.register(Badge)
class BadgeAdmin(ReadOnlyAdmin):
    list_display = ("registration", "issued_at", "printed_at", "revoked_at")
    list_filter = ("registration__conference", "printed_at", "revoked_at")
    search_fields = ("registration__last_name", "registration__first_name", "registration__email")
    list_select_related = ("registration",)
    exclude = ("token",)  # the token is the badge: it stays on paper, not on screens


@admin.register(CheckIn)
class CheckInAdmin(ReadOnlyAdmin):
    list_display = ("registration", "day", "at", "door", "by")
    list_filter = ("registration__conference", "day", "door")
    search_fields = ("registration__last_name", "registration__first_name")
    list_select_related = ("registration", "by")


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ("registration", "session", "direction", "at", "door", "over_capacity")
    list_filter = ("session__conference", "direction", "over_capacity")
    search_fields = ("registration__last_name", "registration__first_name")
    list_select_related = ("registration", "session", "door")


@admin.register(Scan)
class ScanAdmin(ReadOnlyAdmin):
    list_display = ("at", "conference", "door", "session", "outcome", "registration", "by")
    list_filter = ("conference", "outcome", "door")
    list_select_related = ("conference", "registration", "by", "session")
