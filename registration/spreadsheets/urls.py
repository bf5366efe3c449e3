"""Import (upload, preview, apply, batches, undo) and export."""

from django.urls import path

from registration.spreadsheets import views

urlpatterns = [
    path("<slug:slug>/manage/registrations/export/", views.export, name="export"),
    path("<slug:slug>/manage/import/", views.import_upload, name="import"),
    path("<slug:slug>/manage/import/template.xlsx", views.import_template, name="import_template"),
    path("<slug:slug>/manage/import/batches/", views.import_batches, name="import_batches"),
    path("<slug:slug>/manage/import/batches/<int:pk>/", views.import_batch, name="import_batch"),
    path("<slug:slug>/manage/import/batches/<int:pk>/undo/", views.import_undo, name="import_undo"),
    path("<slug:slug>/manage/import/jobs/<int:pk>/", views.import_job, name="import_job"),
    path("<slug:slug>/manage/import/<str:token>/", views.import_preview, name="import_preview"),
    path("<slug:slug>/manage/import/<str:token>/apply/", views.import_apply, name="import_apply"),
    path("<slug:slug>/manage/import/<str:token>/errors.csv", views.import_errors, name="import_errors"),
]
