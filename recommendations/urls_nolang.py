"""Addresses without a language prefix (files, machine endpoints)."""

from django.urls import path

from recommendations import views

app_name = "recommendations_files"
urlpatterns = [
    path("<slug:slug>/recommendations.pdf", views.pdf_latest, name="latest_pdf"),
    path("<slug:slug>/recommendations/v<int:number>.pdf", views.pdf_version, name="version_pdf"),
    path("<slug:slug>/recommendations/v<int:number>-archival.pdf", views.pdf_version_archival, name="archival_pdf"),
    path("<slug:slug>/recommendations/v<int:number>.json", views.version_json, name="version_json"),
]
