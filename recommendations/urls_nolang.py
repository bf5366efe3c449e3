"""Addresses without a language prefix (files, machine endpoints)."""

app_name = "recommendations_files"
urlpatterns: list = []
