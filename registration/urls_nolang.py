"""Addresses without a language prefix (files, machine endpoints)."""

app_name = "registration_files"
urlpatterns: list = []
