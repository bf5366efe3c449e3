"""The verification page of letters and certificates, without a language prefix."""

from django.urls import path

from registration.verification import views

file_urlpatterns = [
    path("verify/<path:reference>/", views.verify, name="verify"),
]
