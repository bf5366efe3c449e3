"""A delegate's certificate of attendance; the secretariat's batch of certificates."""

from django.urls import path

from registration.certificates import views

urlpatterns = [
    path("<slug:slug>/manage/certificates/", views.certificates, name="certificates"),
    path("<slug:slug>/manage/certificates/jobs/<int:pk>/", views.certificate_job, name="certificate_job"),
]

# Without the language prefix.
file_urlpatterns = [
    path("<slug:slug>/my/certificate.pdf", views.my_certificate_pdf, name="my_certificate_pdf"),
]
