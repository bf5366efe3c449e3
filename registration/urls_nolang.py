"""Addresses without a language prefix (files, machine endpoints)."""

from django.urls import path

from registration.badges import views as badge_views
from registration.checkin import views as checkin_views

app_name = "registration_files"
urlpatterns: list = [
    # What a badge's QR code encodes: SITE_URL/b/<token>.
    path("b/<str:token>", checkin_views.badge_landing, name="badge_landing"),
    path("<slug:slug>/checkin/scan", checkin_views.checkin_scan, name="checkin_scan"),
    path("<slug:slug>/checkin/search", checkin_views.checkin_search, name="checkin_search"),
    path("<slug:slug>/my/badge.pdf", badge_views.my_badge_pdf, name="my_badge_pdf"),
]
