"""Attendance per session: the secretariat's pages (the door's scans go through registration/doors)."""

from django.urls import path

from registration.attendance import views

urlpatterns = [
    path("<slug:slug>/manage/checkin/sessions/<int:pk>/", views.attendance_session, name="attendance_session"),
    path(
        "<slug:slug>/manage/checkin/sessions/<int:pk>/live/",
        views.attendance_session_live,
        name="attendance_session_live",
    ),
]
