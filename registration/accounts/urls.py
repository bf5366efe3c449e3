"""Privacy, a delegate's own data and account deletion."""

from django.urls import path

from registration.accounts import views

urlpatterns = [
    path("privacy/", views.privacy, name="privacy"),
    path("me/data.json", views.my_data, name="my_data"),
    path("me/delete/", views.delete_account, name="delete_account"),
]
