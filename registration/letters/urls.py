"""A delegate's visa invitation letter; the secretariat's letter queue, decisions and settings."""

from django.urls import path

from registration.letters import views

urlpatterns = [
    path("<slug:slug>/my/letter/", views.my_letter, name="my_letter"),
    path("<slug:slug>/manage/letters/", views.letter_queue, name="letter_queue"),
    path("<slug:slug>/manage/letters/settings/", views.letter_settings, name="letter_settings"),
    path("<slug:slug>/manage/letters/export/", views.letters_export, name="letters_export"),
    path("<slug:slug>/manage/letters/<int:pk>/", views.letter_detail, name="letter_detail"),
    path("<slug:slug>/manage/letters/<int:pk>/issue/", views.letter_issue, name="letter_issue"),
    path("<slug:slug>/manage/letters/<int:pk>/decline/", views.letter_decline, name="letter_decline"),
    path("<slug:slug>/manage/letters/<int:pk>/revoke/", views.letter_revoke, name="letter_revoke"),
]

# Without the language prefix.
file_urlpatterns = [
    path("<slug:slug>/my/letter.pdf", views.my_letter_pdf, name="my_letter_pdf"),
    path("<slug:slug>/manage/letters/<int:pk>/letter.pdf", views.letter_pdf, name="letter_pdf"),
]
