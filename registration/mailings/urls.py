"""Mail to delegates: the outbox, compose and edit, a message, its delivery log; the unsubscribe page."""

from django.urls import path

from registration.mailings import views

urlpatterns = [
    path("<slug:slug>/manage/mail/", views.mail_outbox, name="mail_outbox"),
    path("<slug:slug>/manage/mail/new/", views.mail_compose, name="mail_compose"),
    path("<slug:slug>/manage/mail/<int:pk>/", views.mail_message, name="mail_message"),
    path("<slug:slug>/manage/mail/<int:pk>/edit/", views.mail_edit, name="mail_edit"),
    path("<slug:slug>/manage/mail/<int:pk>/send/", views.mail_send, name="mail_send"),
    path("<slug:slug>/manage/mail/<int:pk>/discard/", views.mail_discard, name="mail_discard"),
    path("<slug:slug>/manage/mail/<int:pk>/resend/", views.mail_resend, name="mail_resend"),
    path("<slug:slug>/manage/mail/<int:pk>/log/", views.mail_log, name="mail_log"),
]

# Without the language prefix: the link in an e-mail works whatever language the reader's browser asks for.
file_urlpatterns = [
    path("<slug:slug>/mail/unsubscribe/<str:token>/", views.mail_unsubscribe, name="mail_unsubscribe"),
]
