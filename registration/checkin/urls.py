"""The door: scanner page, counts; the scan and search endpoints."""

from django.urls import path

from registration.checkin import paper_views, pwa, views

urlpatterns = [
    path("<slug:slug>/manage/checkin/", views.checkin_counts, name="checkin_counts"),
    path("<slug:slug>/manage/checkin/live/", views.checkin_counts_live, name="checkin_counts_live"),
    path("<slug:slug>/checkin/", views.checkin_page, name="checkin"),
    path("<slug:slug>/manage/checkin/paper/", paper_views.checkin_paper, name="checkin_paper"),
    path("<slug:slug>/manage/checkin/paper/print/", paper_views.checkin_paper_print, name="checkin_paper_print"),
    path("<slug:slug>/manage/checkin/paper/jobs/<int:pk>/", paper_views.checkin_paper_job, name="checkin_paper_job"),
    path("<slug:slug>/manage/checkin/desk/", paper_views.checkin_desk, name="checkin_desk"),
    path("<slug:slug>/manage/checkin/desk/<int:pk>/", paper_views.checkin_desk_badge, name="checkin_desk_badge"),
    path(
        "<slug:slug>/manage/checkin/desk/<int:pk>/badge.pdf",
        paper_views.checkin_desk_badge_pdf,
        name="checkin_desk_badge_pdf",
    ),
    path("<slug:slug>/checkin/service-worker.js", pwa.service_worker, name="checkin_service_worker"),
    path("<slug:slug>/checkin/manifest.webmanifest", pwa.manifest, name="checkin_manifest"),
]

# Without the language prefix.
file_urlpatterns = [
    # What a badge's QR code encodes: SITE_URL/b/<token>.
    path("b/<str:token>", views.badge_landing, name="badge_landing"),
    path("<slug:slug>/checkin/scan", views.checkin_scan, name="checkin_scan"),
    path("<slug:slug>/checkin/search", views.checkin_search, name="checkin_search"),
]
