"""The secretariat's queue, a registration's page, the audit log."""

from django.urls import path

from registration.vetting import views

urlpatterns = [
    path("<slug:slug>/manage/registrations/", views.manage_registrations, name="manage_registrations"),
    path("<slug:slug>/manage/registrations/<int:pk>/", views.manage_registration, name="manage_registration"),
    path(
        "<slug:slug>/manage/registrations/<int:pk>/edit/",
        views.manage_registration_edit,
        name="manage_registration_edit",
    ),
    path("<slug:slug>/manage/audit-log/", views.audit_log, name="audit_log"),
]
