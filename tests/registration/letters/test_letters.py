"""A delegate requests a visa invitation letter, the secretariat issues it, the delegate downloads it and a
consulate checks it from its QR code; revoked, it says so."""

from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.urls import reverse

from plenary.audit.models import Action, AuditLogEntry
from registration.letters import services
from registration.models import LetterSettings, VisaLetter
from tests.registration.badges.helpers import pdf_qr_codes, pdf_text
from tests.registration.letters.conftest import PASSPORT_NUMBER

pytestmark = pytest.mark.django_db


def _request(client, conference, data):
    return client.post(reverse("registration:my_letter", args=[conference.slug]), data)


def _issue(client, conference, letter):
    return client.post(reverse("registration:letter_issue", args=[conference.slug, letter.pk]))


def test_request_issue_download_and_verify(client, conference, approved, request_data, delegate_user, secretariat_user):
    LetterSettings.objects.create(
        conference=conference,
        letterhead="Alliance for Prisoners' Rights\nRue de la Loi 155, 1040 Brussels",
        signatory_name="Dr. Leila Mansour",
        signatory_title="Secretary General",
        covered_by_default="accommodation",
    )
    client.force_login(delegate_user)
    response = _request(client, conference, request_data)
    assert response.status_code == 302
    letter = VisaLetter.objects.get(registration=approved)
    assert letter.passport_number == PASSPORT_NUMBER  # spaces and hyphens dropped, upper case
    assert letter.coverage == "accommodation" and letter.status == "requested"
    page = client.get(reverse("registration:my_letter", args=[conference.slug])).content.decode()
    assert "Requested" in page
    assert client.get(reverse("registration_files:my_letter_pdf", args=[conference.slug])).status_code == 404

    client.force_login(secretariat_user)
    queue = client.get(reverse("registration:letter_queue", args=[conference.slug])).content.decode()
    assert "Embassy of Belgium in Amman" in queue
    assert _issue(client, conference, letter).status_code == 302
    letter.refresh_from_db()
    assert letter.status == "issued" and letter.serial.endswith("-L0001") and len(letter.reference) == 24

    client.force_login(delegate_user)
    response = client.get(reverse("registration_files:my_letter_pdf", args=[conference.slug]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = b"".join(response.streaming_content) if response.streaming else response.content
    text = pdf_text(pdf)
    for shown in ("AMINA KHALED HADDAD", PASSPORT_NUMBER, letter.serial, "Dr. Leila Mansour", "Accommodation"):
        assert shown in text
    assert "Residence Palace" in text and "Alliance for Prisoners' Rights" in text
    [code] = pdf_qr_codes(pdf)
    assert code.endswith(f"/verify/{letter.reference}/")
    assert "/en/" not in code  # no language prefix

    client.logout()
    verified = client.get(urlsplit(code).path, HTTP_ACCEPT_LANGUAGE="fr")
    assert verified.status_code == 200
    body = verified.content.decode()
    assert 'data-verified="valid"' in body and letter.serial in body and "AMINA KHALED HADDAD" in body
    assert PASSPORT_NUMBER not in body  # the page shows less than the letter
    assert verified["X-Robots-Tag"] == "noindex, nofollow" and 'name="robots"' in body
    assert 'lang="fr"' in body  # the visitor's language, without a prefix

    services.letter_revoke(letter=letter, by=secretariat_user)
    body = client.get(reverse("registration_files:verify", args=[letter.reference])).content.decode()
    assert 'data-verified="revoked"' in body and 'data-verified="valid"' not in body
    client.force_login(delegate_user)
    assert client.get(reverse("registration_files:my_letter_pdf", args=[conference.slug])).status_code == 404


def test_french_letter(client, conference, approved, request_data, delegate_user, secretariat_user):
    client.force_login(delegate_user)
    _request(client, conference, request_data | {"language": "fr"})
    letter = services.letter_issue(letter=VisaLetter.objects.get(registration=approved), by=secretariat_user)
    text = pdf_text(services.letter_pdf(letter=letter))
    assert "Bruxelles" in text and PASSPORT_NUMBER in text
    assert "Jordanie" in text  # the nationality in French


def test_decline_with_a_message_then_correct_and_send_again(
    client, conference, approved, request_data, delegate_user, secretariat_user
):
    client.force_login(delegate_user)
    _request(client, conference, request_data)
    letter = VisaLetter.objects.get(registration=approved)
    client.force_login(secretariat_user)
    url = reverse("registration:letter_decline", args=[conference.slug, letter.pk])
    client.post(url, {"message": "The passport number looks wrong; please check it."})
    letter.refresh_from_db()
    assert letter.status == "declined"
    client.force_login(delegate_user)
    page = client.get(reverse("registration:my_letter", args=[conference.slug])).content.decode()
    assert "The passport number looks wrong" in page
    _request(client, conference, request_data | {"passport_number": "P9X41276"})
    letter.refresh_from_db()
    assert letter.status == "requested" and letter.passport_number == "P9X41276" and not letter.decline_message


def test_secretariat_edits_a_request_and_sets_the_coverage(
    client, conference, approved, request_data, delegate_user, secretariat_user
):
    client.force_login(delegate_user)
    _request(client, conference, request_data)
    letter = VisaLetter.objects.get(registration=approved)
    client.force_login(secretariat_user)
    url = reverse("registration:letter_detail", args=[conference.slug, letter.pk])
    assert (
        client.post(url, request_data | {"coverage": "both", "consulate": "Consulate of Belgium, Beirut"}).status_code
        == 302
    )
    letter.refresh_from_db()
    assert letter.coverage == "both" and letter.consulate == "Consulate of Belgium, Beirut"
    _issue(client, conference, letter)
    # An issued letter is no longer edited: it is what the consulate has.
    assert client.post(url, request_data | {"coverage": "nothing"}).status_code == 404
    letter.refresh_from_db()
    assert letter.coverage == "both"


def test_serials_follow_each_other(conference, secretariat_user, request_data):
    from tests.factories import RegistrationFactory

    serials = []
    for _ in range(3):
        registration = RegistrationFactory(conference=conference, status="approved")
        fields = request_data | {"passport_number": "AB12345"}
        fields["passport_expiry"] = conference.end_date.replace(year=conference.end_date.year + 3)
        fields["date_of_birth"] = conference.start_date.replace(year=1980)
        letter = services.letter_request(registration=registration, fields=fields)
        serials.append(services.letter_issue(letter=letter, by=secretariat_user).serial)
    assert [serial[-5:] for serial in serials] == ["L0001", "L0002", "L0003"]
    references = set(VisaLetter.objects.values_list("reference", flat=True))
    assert len(references) == 3


def test_the_audit_log_holds_ids_never_passport_data(
    client, conference, approved, request_data, delegate_user, secretariat_user
):
    client.force_login(delegate_user)
    _request(client, conference, request_data)
    letter = services.letter_issue(letter=VisaLetter.objects.get(registration=approved), by=secretariat_user)
    services.letter_revoke(letter=letter, by=secretariat_user)
    entries = list(AuditLogEntry.objects.filter(action__startswith="letter."))
    assert [entry.action for entry in entries] == [Action.LETTER_REVOKE, Action.LETTER_ISSUE]
    for entry in entries:
        dumped = f"{entry.summary} {entry.details}"
        for secret in (PASSPORT_NUMBER, "AMINA", "1988", "Amman", "JO"):
            assert secret not in dumped
        assert entry.details == {"letter": letter.pk, "registration": approved.pk}


def test_verification_of_a_wrong_reference_reveals_nothing(client, conference):
    cache.clear()
    shapes = set()
    for reference in ("x" * 24, "short", "A" * 300, "../../etc/passwd", "%00"):
        response = client.get(f"/verify/{reference}/")
        assert response.status_code == 404
        body = response.content.decode()
        assert 'data-verified="unknown"' in body
        shapes.add(body.replace(reference, ""))
    assert len(shapes) == 1  # the same page whatever was guessed


def test_guessing_references_is_rate_limited(client, conference, approved, request_data, secretariat_user, settings):
    cache.clear()
    settings.PLENARY_VERIFY_BURST = 5
    settings.PLENARY_VERIFY_PER_SECOND = 0.001
    fields = dict(request_data, passport_number="AB12345")
    fields["passport_expiry"] = conference.end_date.replace(year=conference.end_date.year + 3)
    fields["date_of_birth"] = conference.start_date.replace(year=1980)
    letter = services.letter_issue(
        letter=services.letter_request(registration=approved, fields=fields), by=secretariat_user
    )
    answers = [client.get(f"/verify/guess{n:019d}/").status_code for n in range(5)]
    assert answers == [404] * 5
    # Past the burst even the right reference gets no answer: a guess that hits looks like any other.
    response = client.get(f"/verify/{letter.reference}/")
    assert response.status_code == 429
    assert letter.serial not in response.content.decode()
    # Another client address has its own allowance.
    assert client.get(f"/verify/{letter.reference}/", REMOTE_ADDR="203.0.113.9").status_code == 200


def test_the_audit_log_page_says_it_in_arabic(client, conference, approved, request_data, secretariat_user):
    fields = request_data | {
        "passport_number": "AB12345",
        "passport_expiry": conference.end_date.replace(year=conference.end_date.year + 3),
        "date_of_birth": conference.start_date.replace(year=1980),
    }
    letter = services.letter_issue(
        letter=services.letter_request(registration=approved, fields=fields), by=secretariat_user
    )
    client.force_login(secretariat_user)
    page = client.get(f"/ar/{conference.slug}/manage/audit-log/").content.decode()
    assert f"صدرت رسالة الدعوة رقم {letter.pk} للتسجيل رقم {approved.pk}" in page


def test_a_serial_is_never_given_twice_even_after_an_erasure(conference, request_data, secretariat_user):
    from registration.accounts.services import registration_anonymise
    from tests.factories import RegistrationFactory

    fields = request_data | {
        "passport_number": "AB12345",
        "passport_expiry": conference.end_date.replace(year=conference.end_date.year + 3),
        "date_of_birth": conference.start_date.replace(year=1980),
    }
    first = RegistrationFactory(conference=conference, status="approved")
    issued = services.letter_issue(
        letter=services.letter_request(registration=first, fields=fields), by=secretariat_user
    )
    registration_anonymise(registration=first, by=secretariat_user, reason="test")
    second = RegistrationFactory(conference=conference, status="approved")
    again = services.letter_issue(
        letter=services.letter_request(registration=second, fields=fields), by=secretariat_user
    )
    assert issued.serial.endswith("L0001") and again.serial.endswith("L0002")
