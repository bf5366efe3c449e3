"""Addresses without a language prefix (files, machine endpoints)."""

from django.urls import path

from recommendations import files
from recommendations.live import urls as live

app_name = "recommendations_files"
urlpatterns = [
    path("<slug:slug>/recommendations.pdf", files.pdf_latest, name="latest_pdf"),
    path("<slug:slug>/recommendations/v<int:number>.pdf", files.pdf_version, name="version_pdf"),
    path("<slug:slug>/recommendations/v<int:number>-archival.pdf", files.pdf_version_archival, name="archival_pdf"),
    path("<slug:slug>/recommendations/v<int:number>.json", files.version_json, name="version_json"),
    *live.file_urlpatterns,
]
