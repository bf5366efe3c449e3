"""The secretariat drops in a partner's spreadsheet, reads the preview row by row, applies it and sees the result."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.test import Client

from plenary.permissions import SECRETARIAT
from registration.models import Registration
from tests.factories import ConferenceFactory, RegistrationFactory, UserFactory
from tests.registration.spreadsheets import files as sheets

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_upload_preview_apply(page, live_server, tmp_path):
    conference = ConferenceFactory(slug="brussels-2025")
    user = UserFactory(email="secretariat.browser@example.org", groups=[SECRETARIAT])
    TOTP.activate(user, "KRUGKIDROVUWG2ZAMJZG653OEBTG66BA")
    RegistrationFactory(conference=conference, email="amina1@example.org", last_name="Old name")
    path = tmp_path / "délégation.xlsx"
    rows = [["Délégation du Parlement"], [], ["Prénom", "Nom", "Courriel", "Organisme", "Pays", "Catégorie"]]
    rows += [row[:6] for row in sheets.people(3)]
    rows += [["<script>alert(1)</script>", "", "broken", "", "", ""]]
    path.write_bytes(sheets.xlsx(rows))
    sign_in(page, live_server, user)

    page.goto(f"/fr/{conference.slug}/manage/import/")
    page.set_input_files("input[name=file]", str(path))
    page.fill("input[name=source_organisation]", "Parlement belge")
    page.locator("form.import-upload button[type=submit]").click()

    page.wait_for_selector("table.import-rows")
    assert page.locator("[data-count=new]").inner_text() == "2"
    assert page.locator("[data-count=updated]").inner_text() == "1"
    assert page.locator("[data-count=error]").inner_text() == "1"
    assert "Old name" in page.locator("tr[data-row='5']").inner_text()
    assert "<script>alert(1)</script>" in page.locator("tr[data-row='7']").inner_text()

    page.check("input[name=skip_invalid]")
    page.locator("form.import-apply button[type=submit]").click()

    page.wait_for_selector("[data-state=applied]")
    assert page.locator("[data-count=created]").inner_text() == "2"
    assert page.locator("[data-count=skipped]").inner_text() == "1"
    assert Registration.objects.filter(conference=conference).count() == 3
    assert Registration.objects.get(email="amina1@example.org").last_name == "Haddad1"
