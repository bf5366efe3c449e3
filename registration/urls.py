"""Pages under the language prefix (/<lang>/...)."""

from django.urls import path

from registration import badge_views, checkin_views, import_views, views

app_name = "registration"
urlpatterns = [
    path("privacy/", views.privacy, name="privacy"),
    path("me/data.json", views.my_data, name="my_data"),
    path("me/delete/", views.delete_account, name="delete_account"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/my/", views.my_registration, name="my"),
    path("<slug:slug>/my/edit/", views.my_edit, name="my_edit"),
    path("<slug:slug>/my/cancel/", views.my_cancel, name="my_cancel"),
    path("<slug:slug>/participants/", views.participants, name="participants"),
    path("<slug:slug>/manage/registrations/", views.manage_registrations, name="manage_registrations"),
    path("<slug:slug>/manage/registrations/<int:pk>/", views.manage_registration, name="manage_registration"),
    path("<slug:slug>/manage/audit-log/", views.audit_log, name="audit_log"),
    path("<slug:slug>/manage/registrations/export/", import_views.export, name="export"),
    path("<slug:slug>/manage/import/", import_views.import_upload, name="import"),
    path("<slug:slug>/manage/import/template.xlsx", import_views.import_template, name="import_template"),
    path("<slug:slug>/manage/import/batches/", import_views.import_batches, name="import_batches"),
    path("<slug:slug>/manage/import/batches/<int:pk>/", import_views.import_batch, name="import_batch"),
    path("<slug:slug>/manage/import/batches/<int:pk>/undo/", import_views.import_undo, name="import_undo"),
    path("<slug:slug>/manage/import/jobs/<int:pk>/", import_views.import_job, name="import_job"),
    path("<slug:slug>/manage/import/<str:token>/", import_views.import_preview, name="import_preview"),
    path("<slug:slug>/manage/import/<str:token>/apply/", import_views.import_apply, name="import_apply"),
    path("<slug:slug>/manage/badges/", badge_views.badge_queue, name="badge_queue"),
    path("<slug:slug>/manage/badges/printed/", badge_views.badge_mark_printed, name="badge_mark_printed"),
    path("<slug:slug>/manage/badges/<int:pk>/reprint/", badge_views.badge_reprint, name="badge_reprint"),
    path("<slug:slug>/manage/badges/jobs/<int:pk>/", badge_views.badge_job, name="badge_job"),
    path("<slug:slug>/manage/checkin/", checkin_views.checkin_counts, name="checkin_counts"),
    path("<slug:slug>/my/badge/", badge_views.my_badge, name="my_badge"),
    path("<slug:slug>/checkin/", checkin_views.checkin_page, name="checkin"),
]
