"""Enrolling an authenticator app with an e-mailed invitation (``plenary.mfa_invitations``)."""

from django.urls import path

from plenary import mfa_views

urlpatterns = [
    path("", mfa_views.enrolment_required, name="mfa_enrolment_required"),
    path("<str:token>/", mfa_views.enrolment_accept, name="mfa_enrolment_accept"),
]
