"""Addresses without a language prefix (files, machine endpoints)."""

urlpatterns: list = []
