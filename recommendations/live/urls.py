"""The live plenary's pages under the language prefix (joined into ``recommendations.urls``)."""

from django.urls import path

from recommendations.live import views

urlpatterns = [
    path("<slug:slug>/manage/plenary/", views.console, name="plenary_console"),
    path("<slug:slug>/manage/plenary/step/", views.step, name="plenary_step"),
    path("<slug:slug>/manage/plenary/amendments/<int:pk>/", views.amendment_decision, name="plenary_amendment"),
    path("<slug:slug>/plenary/", views.phone, name="plenary_phone"),
    path("<slug:slug>/plenary/floor/", views.floor, name="plenary_floor"),
    path("<slug:slug>/plenary/vote/", views.ballot, name="plenary_vote"),
    path("<slug:slug>/plenary/amend/", views.amend, name="plenary_amend"),
]

# Without a language prefix (joined into ``recommendations.urls_nolang``): the hall's screen shows every language.
file_urlpatterns = [
    path("<slug:slug>/plenary/screen/", views.screen, name="plenary_screen"),
    path("<slug:slug>/plenary/state.json", views.state, name="plenary_state"),
]
