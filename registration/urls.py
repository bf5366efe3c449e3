"""Pages under the language prefix (/<lang>/...)."""

from django.urls import path

from registration.accounts import views as accounts_views
from registration.badges import views as badge_views
from registration.checkin import views as checkin_views
from registration.self_service import views as self_service_views
from registration.spreadsheets import views as import_views
from registration.vetting import views as vetting_views

app_name = "registration"
urlpatterns = [
    path("privacy/", accounts_views.privacy, name="privacy"),
    path("me/data.json", accounts_views.my_data, name="my_data"),
    path("me/delete/", accounts_views.delete_account, name="delete_account"),
    path("<slug:slug>/register/", self_service_views.register, name="register"),
    path("<slug:slug>/my/", self_service_views.my_registration, name="my"),
    path("<slug:slug>/my/edit/", self_service_views.my_edit, name="my_edit"),
    path("<slug:slug>/my/cancel/", self_service_views.my_cancel, name="my_cancel"),
    path("<slug:slug>/participants/", self_service_views.participants, name="participants"),
    path("<slug:slug>/manage/registrations/", vetting_views.manage_registrations, name="manage_registrations"),
    path("<slug:slug>/manage/registrations/<int:pk>/", vetting_views.manage_registration, name="manage_registration"),
    path("<slug:slug>/manage/audit-log/", vetting_views.audit_log, name="audit_log"),
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
    path("<slug:slug>/manage/badges/jobs/<int:pk>/retry/", badge_views.badge_job_retry, name="badge_job_retry"),
    path("<slug:slug>/manage/checkin/", checkin_views.checkin_counts, name="checkin_counts"),
    path("<slug:slug>/my/badge/", badge_views.my_badge, name="my_badge"),
    path("<slug:slug>/checkin/", checkin_views.checkin_page, name="checkin"),
]
