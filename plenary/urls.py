"""Root URLs: each capability brings its own. Pages live under /<lang>/; files and machine endpoints
(agenda.ics, scans, job progress) do not."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from plenary.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("conference.urls_nolang")),
    path("", include("plenary.jobs.urls")),
    path("", include("registration.urls_nolang")),
    path("", include("recommendations.urls_nolang")),
]
urlpatterns += i18n_patterns(
    path("accounts/2fa/enrol/", include("plenary.mfa_urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("registration.urls")),
    path("", include("recommendations.urls")),
    path("", include("conference.urls")),
)
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "plenary.errors.bad_request"
handler403 = "plenary.errors.permission_denied"
handler404 = "plenary.errors.page_not_found"
handler500 = "plenary.errors.server_error"
