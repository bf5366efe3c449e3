"""The secretariat's programme editor: the Django admin with the scheduling rules as form errors."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from conference import services
from conference.forms import ParticipationAdminForm, SessionAdminForm
from conference.models import Conference, Participation, Person, Room, Session
from conference.rules import participations_problems
from plenary.i18n import FALLBACK_LANGUAGE, LANGUAGE_CHOICES, field_name, translated_field_names
from plenary.text import CleanTextFormMixin


class LanguageCheckboxes:
    """Interpretation languages as three ticks instead of a JSON list typed by hand."""

    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "interpretation_languages":
            return forms.MultipleChoiceField(
                label=capfirst(db_field.verbose_name),
                choices=LANGUAGE_CHOICES,
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class RoomInline(LanguageCheckboxes, admin.TabularInline):
    model = Room
    extra = 0
    fields = ["name", "capacity", "interpretation_languages"]


@admin.register(Conference)
class ConferenceAdmin(admin.ModelAdmin):
    list_display = [
        field_name("title", FALLBACK_LANGUAGE),
        "slug",
        "edition",
        "start_date",
        "end_date",
        field_name("city", FALLBACK_LANGUAGE),
        "status",
    ]
    list_filter = ["status"]
    search_fields = ["slug", *translated_field_names("title"), field_name("city", FALLBACK_LANGUAGE)]
    prepopulated_fields = {"slug": [field_name("title", FALLBACK_LANGUAGE)]}
    inlines = [RoomInline]
    fieldsets = [
        (None, {"fields": ["slug", "edition", "status", ("start_date", "end_date"), "time_zone"]}),
        (
            _("Title and slogan"),
            {"fields": [tuple(translated_field_names("title")), tuple(translated_field_names("slogan"))]},
        ),
        (
            _("Organiser and place"),
            {
                "fields": [
                    tuple(translated_field_names("organiser")),
                    tuple(translated_field_names("city")),
                    "venue",
                ]
            },
        ),
        (
            _("Registration"),
            {
                "fields": [
                    "capacity",
                    ("registration_opens", "registration_closes"),
                    "edit_cutoff",
                    "participants_list_public",
                ],
                "description": _(
                    "Delegates register while the status is “Registration open”, between these dates; "
                    "empty dates follow the conference's first day."
                ),
            },
        ),
    ]


class ParticipationFormSet(BaseInlineFormSet):
    """Each row is checked against the database by ParticipationAdminForm; this adds the clashes
    between rows of the same save (the same person put in two overlapping sessions at once)."""

    def clean(self) -> None:
        super().clean()
        kept = [
            form for form in self.forms if form.cleaned_data and not form.errors and not self._should_delete_form(form)
        ]
        # The error goes on the column the user picked: the person under a session, the session under a person.
        field = "session" if self.fk.name == "person" else "person"
        for form, problems in zip(kept, participations_problems([form.instance for form in kept]), strict=True):
            for problem in problems:
                form.add_error(field, problem)


class ParticipationInline(admin.TabularInline):
    model = Participation
    form = ParticipationAdminForm
    formset = ParticipationFormSet
    extra = 1
    fields = ["person", "role", "order"]
    autocomplete_fields = ["person"]
    ordering = ["order", "pk"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # Each row's label names the person and the session: loaded with the rows, not one query each.
        return super().get_queryset(request).select_related("person", "session")


class PersonParticipationInline(ParticipationInline):
    fields = ["session", "role", "order"]
    autocomplete_fields = ["session"]
    ordering = ["session__starts_at"]
    extra = 0
    verbose_name_plural = _("sessions")


class DayFilter(admin.SimpleListFilter):
    title = _("day")
    parameter_name = "day"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin):
        days = model_admin.get_queryset(request).dates("starts_at", "day")
        return [(day.isoformat(), formats.date_format(day, "D j M Y")) for day in days]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(starts_at__date=self.value()) if self.value() else queryset


@admin.register(Session)
class SessionAdmin(LanguageCheckboxes, admin.ModelAdmin):
    form = SessionAdminForm
    list_display = [
        field_name("title", FALLBACK_LANGUAGE),
        "conference",
        "starts_at",
        "ends_at",
        "room",
        "kind",
        "people",
        "is_published",
        "attendance_list",
    ]
    list_display_links = [field_name("title", FALLBACK_LANGUAGE)]
    list_filter = ["conference", "kind", "room", "is_published", DayFilter]
    list_select_related = ["conference", "room"]
    search_fields = [
        *translated_field_names("title"),
        field_name("description", FALLBACK_LANGUAGE),
        "participations__person__name",
    ]
    autocomplete_fields = ["room"]
    ordering = ["starts_at", "room__name"]
    inlines = [ParticipationInline]
    actions = ["publish", "unpublish"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["conference", "kind", ("starts_at", "ends_at"), "room", "is_published"]}),
        (_("Title"), {"fields": translated_field_names("title")}),
        (_("Description"), {"fields": translated_field_names("description")}),
        (_("Languages"), {"fields": ["floor_language", "interpretation_languages"]}),
        (_("Attendance"), {"fields": ["attendance_list", "seats", "exit_scans"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(people_count=Count("participations", distinct=True))

    def get_search_fields(self, request: HttpRequest) -> list[str]:
        # Searching by name would tell who can only read sessions which one an anonymous witness is in.
        if request.user.has_perm("conference.view_person"):
            return self.search_fields
        return [field for field in self.search_fields if not field.startswith("participations__person")]

    @admin.display(description=_("people"), ordering="people_count")
    def people(self, session: Session) -> int:
        return session.people_count

    @admin.action(description=_("Publish the selected sessions"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._set_published(request, queryset, True)

    @admin.action(description=_("Unpublish the selected sessions"), permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._set_published(request, queryset, False)

    def _set_published(self, request: HttpRequest, queryset: QuerySet, published: bool) -> None:
        count = services.sessions_set_published(sessions=queryset, published=published)
        message = (
            ngettext("%(count)d session published.", "%(count)d sessions published.", count)
            if published
            else ngettext("%(count)d session unpublished.", "%(count)d sessions unpublished.", count)
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)


@admin.register(Room)
class RoomAdmin(LanguageCheckboxes, admin.ModelAdmin):
    list_display = ["name", "conference", "capacity", "interpretation_languages"]
    list_filter = ["conference"]
    list_select_related = ["conference"]
    search_fields = ["name", "conference__slug"]


class PersonAdminForm(CleanTextFormMixin, forms.ModelForm):
    """Names checked (refused with a reason, never changed) and texts cleaned by plenary.text."""

    latin_name_fields = ("name",)
    arabic_name_fields = ("name_ar",)
    text_fields = ("honorific", "organisation", "position")
    multiline_fields = tuple(translated_field_names("biography"))


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    form = PersonAdminForm
    # The private e-mail is editable on the form but never listed or searchable from the list.
    list_display = ["name", "name_ar", "honorific", "organisation", "country", "visibility"]
    list_filter = ["visibility", "country", "participations__session__conference"]
    search_fields = ["name", "name_ar", "organisation", "position"]
    inlines = [PersonParticipationInline]
    fieldsets = [
        (None, {"fields": [("honorific", "name", "name_ar"), "visibility", ("organisation", "position"), "country"]}),
        (_("Biography"), {"fields": [*translated_field_names("biography"), "photo"]}),
        (_("Private"), {"fields": ["email", "account"], "description": _("Never shown on public pages.")}),
    ]
    raw_id_fields = ["account"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # The people filter joins participations; one row per person all the same.
        return super().get_queryset(request).distinct()
