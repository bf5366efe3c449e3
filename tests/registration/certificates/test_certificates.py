"""Certificates of attendance come from the check-ins: only the days with one, the sessions the delegate
spoke at, in English and Arabic, with a verification QR; the secretariat prints them all as one batch."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from conference.models import Person
from plenary.jobs.models import Job
from registration.certificates.selectors import attendees, certificate_documents
from registration.certificates.services import certificates_issue_for
from registration.models import Certificate, CheckIn, Registration
from tests.conftest import ROLES
from tests.factories import ParticipationFactory, PersonFactory, RegistrationFactory, SessionFactory
from tests.registration.badges.helpers import pdf_qr_codes, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def attended(conference, delegate_registration):
    Registration.objects.filter(pk=delegate_registration.pk).update(status="approved", name_ar="أمينة حداد")
    delegate_registration.refresh_from_db()
    CheckIn.objects.create(registration=delegate_registration, day=conference.end_date)
    return delegate_registration


def _download(client, conference):
    return client.get(reverse("registration_files:my_certificate_pdf", args=[conference.slug]))


def test_only_the_days_with_a_check_in(client, conference, attended, delegate_user):
    client.force_login(delegate_user)
    page = client.get(reverse("registration:my", args=[conference.slug])).content.decode()
    assert reverse("registration_files:my_certificate_pdf", args=[conference.slug]) in page
    response = _download(client, conference)
    assert response.status_code == 200
    text = pdf_text(response.content)
    last_day = f"{conference.end_date.day} {conference.end_date:%B %Y}"
    first_day = f"{conference.start_date:%A} {conference.start_date.day} {conference.start_date:%B}"
    assert last_day in text and first_day not in text
    assert attended.full_name in text and "أمينة حداد" in text  # the Arabic half names them in Arabic
    assert "Certificate of attendance" in text and "شهادة حضور" in text
    certificate = Certificate.objects.get(registration=attended)
    assert certificate.serial in text
    [code] = pdf_qr_codes(response.content)
    assert code.endswith(f"/verify/{certificate.reference}/")
    client.logout()
    body = client.get(reverse("registration_files:verify", args=[certificate.reference])).content.decode()
    assert 'data-verified="valid"' in body and certificate.serial in body and last_day in body
    # Downloading again gives the same certificate, not a new serial.
    client.force_login(delegate_user)
    _download(client, conference)
    assert Certificate.objects.count() == 1


def test_no_check_in_no_certificate(client, conference, delegate_registration, delegate_user):
    Registration.objects.filter(pk=delegate_registration.pk).update(status="approved")
    client.force_login(delegate_user)
    assert _download(client, conference).status_code == 404
    page = client.get(reverse("registration:my", args=[conference.slug])).content.decode()
    assert "certificate.pdf" not in page
    assert not Certificate.objects.exists()


def test_sessions_spoken_at_are_listed_unless_the_speaker_is_anonymous(conference, attended, delegate_user):
    start = dt.datetime.combine(conference.start_date, dt.time(10), tzinfo=conference.tzinfo)
    spoke = SessionFactory(
        conference=conference, title_en="Detention of children", title_ar="اعتقال الأطفال", starts_at=start
    )
    person = PersonFactory(account=delegate_user)
    ParticipationFactory(session=spoke, person=person, role="speaker")
    ParticipationFactory(
        session=SessionFactory(conference=conference, title_en="Rapporteurs only"), person=person, role="rapporteur"
    )
    [certificate] = certificates_issue_for(conference=conference, registrations=[attended])
    [document] = certificate_documents(conference=conference, certificates=[certificate])
    english, arabic = document.halves
    assert english.sessions == ("Detention of children",) and arabic.sessions == ("اعتقال الأطفال",)
    assert arabic.direction == "rtl" and arabic.name == "أمينة حداد"
    Person.objects.filter(pk=person.pk).update(visibility=Person.Visibility.ANONYMOUS)
    [document] = certificate_documents(conference=conference, certificates=[certificate])
    assert document.halves[0].sessions == ()


def test_certificate_data_in_a_constant_number_of_queries(conference):
    def queries(count):
        registrations = [RegistrationFactory(conference=conference, status="approved") for _ in range(count)]
        for registration in registrations:
            CheckIn.objects.create(registration=registration, day=conference.start_date)
        certificates = certificates_issue_for(conference=conference, registrations=registrations)
        with CaptureQueriesContext(connection) as captured:
            certificate_documents(conference=conference, certificates=certificates)
        return len(captured)

    assert queries(1) == queries(3)


def test_the_secretariat_prints_every_attendee_as_one_batch(client, conference, attended, secretariat_user):
    RegistrationFactory(conference=conference, status="approved")  # never checked in: no certificate
    second = RegistrationFactory(conference=conference, status="approved", last_name="Abbas")
    CheckIn.objects.create(registration=second, day=conference.start_date)
    client.force_login(secretariat_user)
    page = client.get(reverse("registration:certificates", args=[conference.slug])).content.decode()
    assert "2 delegates checked in" in page
    response = client.post(reverse("registration:certificates", args=[conference.slug]))
    job = Job.objects.get(kind="certificates")
    assert response.url == reverse("registration:certificate_job", args=[conference.slug, job.pk])
    assert job.state == "done" and job.total == 2
    assert client.get(response.url).status_code == 200
    pdf = b"".join(client.get(reverse("jobs:download", args=[job.pk])).streaming_content)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    assert "Abbas" in reader.pages[0].extract_text()  # by last name


def test_issue_certificates_command(conference, attended, tmp_path):
    output = tmp_path / "certificates.pdf"
    call_command("issue_certificates", conference=conference.slug, output=str(output))
    assert attended.full_name in pdf_text(output.read_bytes())


# Under pytest-xdist the test process has an I/O thread: forking there is safe for these renderers.
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
@pytest.mark.parametrize("workers", [1, 2])
def test_the_batch_of_many_is_chunked_and_joined(conference, workers):
    from registration.certificates import pdf as certificate_pdf

    registrations = [RegistrationFactory(conference=conference, status="approved") for _ in range(5)]
    for registration in registrations:
        CheckIn.objects.create(registration=registration, day=conference.start_date)
    certificates = certificates_issue_for(conference=conference, registrations=list(attendees(conference=conference)))
    documents = certificate_documents(conference=conference, certificates=certificates)
    seen = []
    pdf = certificate_pdf.render_certificates_pdf(
        certificates=documents, title="t", chunk_size=2, workers=workers, progress=lambda done, total: seen.append(done)
    )
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 5
    assert seen[-1] == 5 and seen == sorted(seen)
    assert len(set(pdf_qr_codes(pdf))) == 5


@pytest.mark.parametrize("role", ROLES)
def test_only_the_secretariat_prints_the_batch(as_role, role, conference, attended):
    client = as_role(role)
    for method in ("get", "post"):
        response = getattr(client, method)(reverse("registration:certificates", args=[conference.slug]))
        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response.url
        elif role == "secretariat":
            assert response.status_code in (200, 302)
        else:
            assert response.status_code == 403
    if role != "secretariat":
        assert not Job.objects.exists()


@pytest.mark.parametrize("role", ["other_delegate", "rapporteur", "door", "secretariat"])
def test_nobody_downloads_someone_else_s_certificate(as_role, role, conference, attended):
    response = as_role(role).get(reverse("registration_files:my_certificate_pdf", args=[conference.slug]))
    assert response.status_code == 404
