"""The programme's files for calendar and schedule apps: one address in every language."""

from django.urls import path

from conference import views

app_name = "programme_files"

urlpatterns = [
    path("<slug:slug>/agenda.ics", views.agenda_ics, name="agenda_ics"),
    path("<slug:slug>/agenda.json", views.agenda_json, name="agenda_json"),
    path("<slug:slug>/sessions/<int:pk>.ics", views.session_ics, name="session_ics"),
    path("people/photos/<str:name>", views.person_photo, name="person_photo"),
]
