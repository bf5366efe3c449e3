"""Plenary's URLs plus a page that fails, for the 500 page's tests."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from plenary.urls import *  # noqa: F403  (the handlers too)
from plenary.urls import urlpatterns as plenary_urlpatterns


def broken(request):
    raise RuntimeError("a bug")


# First: "<slug>/" would take the address.
urlpatterns = [*i18n_patterns(path("broken/", broken)), *plenary_urlpatterns]
