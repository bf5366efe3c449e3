"""Root URLs. Pages live under /<lang>/; files and machine endpoints (agenda.ics, scans) do not."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from conference import views
from plenary.jobs import views as job_views

programme_files = (
    [
        path("<slug:slug>/agenda.ics", views.agenda_ics, name="agenda_ics"),
        path("<slug:slug>/agenda.json", views.agenda_json, name="agenda_json"),
        path("<slug:slug>/sessions/<int:pk>.ics", views.session_ics, name="session_ics"),
    ],
    "programme_files",
)

job_files = (
    [
        path("jobs/<int:pk>/status", job_views.status, name="status"),
        path("jobs/<int:pk>/download", job_views.download, name="download"),
    ],
    "jobs",
)

programme_pages = (
    [
        path("", views.conference_list, name="index"),
        path("<slug:slug>/", views.conference_home, name="home"),
        path("<slug:slug>/agenda/", views.agenda, name="agenda"),
        path("<slug:slug>/sessions/<int:pk>/", views.session_detail, name="session"),
        path("<slug:slug>/speakers/", views.speaker_list, name="speakers"),
        path("<slug:slug>/speakers/<int:pk>/", views.speaker_detail, name="speaker"),
    ],
    "conference",
)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include(programme_files)),
    path("", include(job_files)),
    path("", include("registration.urls_nolang")),
    path("", include("recommendations.urls_nolang")),
]
urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("", include("registration.urls")),
    path("", include("recommendations.urls")),
    path("", include(programme_pages)),
)
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
