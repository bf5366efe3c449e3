"""The badge queue, batches, reprints; a delegate's own badge."""

from django.urls import path

from registration.badges import views

urlpatterns = [
    path("<slug:slug>/manage/badges/", views.badge_queue, name="badge_queue"),
    path("<slug:slug>/manage/badges/printed/", views.badge_mark_printed, name="badge_mark_printed"),
    path("<slug:slug>/manage/badges/<int:pk>/reprint/", views.badge_reprint, name="badge_reprint"),
    path("<slug:slug>/manage/badges/jobs/<int:pk>/", views.badge_job, name="badge_job"),
    path("<slug:slug>/manage/badges/jobs/<int:pk>/retry/", views.badge_job_retry, name="badge_job_retry"),
    path("<slug:slug>/my/badge/", views.my_badge, name="my_badge"),
]

# Without the language prefix.
file_urlpatterns = [
    path("<slug:slug>/my/badge.pdf", views.my_badge_pdf, name="my_badge_pdf"),
]
