"""A delegate registers, sees, edits and cancels; the public participants list."""

from django.urls import path

from registration.self_service import views

urlpatterns = [
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/my/", views.my_registration, name="my"),
    path("<slug:slug>/my/edit/", views.my_edit, name="my_edit"),
    path("<slug:slug>/my/cancel/", views.my_cancel, name="my_cancel"),
    path("<slug:slug>/participants/", views.participants, name="participants"),
]
