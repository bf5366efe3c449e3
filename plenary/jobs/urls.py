"""Progress and download of background jobs (polled by static/js/job-progress.js)."""

from django.urls import path

from plenary.jobs import views

app_name = "jobs"

urlpatterns = [
    path("jobs/<int:pk>/status", views.status, name="status"),
    path("jobs/<int:pk>/download", views.download, name="download"),
]
