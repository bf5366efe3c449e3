"""Pages under the language prefix (/<lang>/...)."""

from django.urls import path

from recommendations import views
from recommendations.live import urls as live

app_name = "recommendations"
urlpatterns = [
    path("<slug:slug>/recommendations/", views.public_latest, name="public"),
    path("<slug:slug>/recommendations/v<int:number>/", views.public_version, name="public_version"),
    path("<slug:slug>/recommendations/follow-up/", views.follow_up_public, name="follow_up"),
    path("<slug:slug>/manage/recommendations/", views.manage, name="manage"),
    path("<slug:slug>/manage/recommendations/new/", views.create, name="create"),
    path("<slug:slug>/manage/recommendations/decide/", views.decide, name="decide"),
    path("<slug:slug>/manage/recommendations/order/", views.ordering, name="ordering"),
    path("<slug:slug>/manage/recommendations/publish/", views.publish, name="publish"),
    path("<slug:slug>/manage/recommendations/<int:pk>/", views.edit, name="edit"),
    path("<slug:slug>/manage/recommendations/<int:pk>/submit/", views.submit, name="submit"),
    path("<slug:slug>/manage/recommendations/<int:pk>/history/", views.history, name="history"),
    path("<slug:slug>/manage/recommendations/<int:pk>/wording/", views.wording, name="wording"),
    path("<slug:slug>/manage/recommendations/<int:pk>/follow-up/", views.follow_up_edit, name="follow_up_edit"),
    *live.urlpatterns,
]
