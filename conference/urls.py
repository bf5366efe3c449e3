"""The programme's pages, under /<lang>/."""

from django.urls import path

from conference import views

app_name = "conference"

urlpatterns = [
    path("", views.conference_list, name="index"),
    path("<slug:slug>/", views.conference_home, name="home"),
    path("<slug:slug>/agenda/", views.agenda, name="agenda"),
    path("<slug:slug>/sessions/<int:pk>/", views.session_detail, name="session"),
    path("<slug:slug>/speakers/", views.speaker_list, name="speakers"),
    path("<slug:slug>/speakers/<int:pk>/", views.speaker_detail, name="speaker"),
]
