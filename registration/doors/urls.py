"""Doors and devices: the secretariat's pages and the pairing link; the door's offline endpoints."""

from django.urls import path

from registration.doors import views

urlpatterns = [
    path("<slug:slug>/manage/doors/", views.doors_manage, name="doors_manage"),
    path("<slug:slug>/manage/doors/<int:pk>/", views.door_edit, name="door_edit"),
    path("<slug:slug>/manage/doors/<int:pk>/devices/", views.device_add, name="device_add"),
    path("<slug:slug>/manage/devices/<int:pk>/revoke/", views.device_revoke, name="device_revoke"),
    path("door/pair/<str:token>/", views.device_pair, name="device_pair"),
]

# Without the language prefix (docs/door-protocol.md).
file_urlpatterns = [
    path("<slug:slug>/checkin/offline/list/", views.offline_list, name="checkin_offline_list"),
    path("<slug:slug>/checkin/offline/scans/", views.offline_scans, name="checkin_offline_scans"),
]
