"""Every form renders through templates/django/forms/field.html: a required field is marked, errors stand under
their field (the password's under the password), a checkbox stands before its label."""

import re

import pytest

pytestmark = pytest.mark.django_db


def _between(page: str, start: str, end: str) -> str:
    return page[page.index(start) : page.index(end, page.index(start))]


def test_a_short_password_is_reported_under_the_password_field(client):
    response = client.post(
        "/en/accounts/signup/", {"email": "new@example.org", "password1": "short", "password2": "short"}
    )
    page = response.content.decode()
    after_the_password = _between(page, 'name="password1"', 'for="id_password2"')
    assert "This password is too short" in after_the_password
    assert "This password is too short" not in page[: page.index('name="password1"')]


def test_a_wrong_login_password_is_reported_with_the_form(client):
    page = client.post("/fr/accounts/login/", {"login": "nobody@example.org", "password": "wrong"}).content.decode()
    assert page.index('class="errorlist nonfield"') < page.index('name="password"')


def test_the_password_change_errors_stand_under_their_field(delegate_client):
    page = delegate_client.post(
        "/en/accounts/password/change/",
        {"oldpassword": "not it", "password1": "new password 123", "password2": "new password 123"},
    ).content.decode()
    assert "Please type your current password" in _between(page, 'name="oldpassword"', 'for="id_password1"')


def test_required_fields_are_marked_and_required(client):
    page = client.get("/ar/accounts/signup/").content.decode()
    email_label = re.search(r'<label for="id_email">(.*?)</label>', page, re.S).group(1)
    assert '<span class="required-mark" aria-hidden="true">*</span>' in email_label
    assert re.search(r'<input[^>]*name="email"[^>]*required', page)


def test_a_checkbox_stands_before_its_label(client):
    page = client.get("/en/accounts/login/").content.decode()
    row = re.search(r'<div class="checkbox-row">(.*?)</div>', page, re.S).group(1)
    assert row.index('type="checkbox"') < row.index("<label")
    assert "required-mark" not in row  # "Remember me" is optional


def test_the_second_factor_page_cancel_looks_secondary(client, secretariat_user):
    response = client.post(
        "/fr/accounts/login/", {"login": secretariat_user.email, "password": "correct horse battery"}, follow=True
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0].endswith("/accounts/2fa/authenticate/")
    assert re.search(r'<button\s+class="secondary"\s+form="logout-from-stage"[^>]*>\s*Annuler', page)


def _with_djangos_select(widget, name: str, value) -> str:
    """The widget as Django's own select.html (one include per option) renders it."""
    from django.forms.renderers import DjangoTemplates

    return widget.render(name, value, renderer=DjangoTemplates())


@pytest.mark.parametrize("value", ["PS", "", None, ["PS", "FR"]])
def test_the_projects_select_writes_exactly_what_djangos_writes(value):
    from django import forms
    from django_countries import countries

    grouped = [("Chosen", [("PS", "Palestine"), ("FR", "France")]), ("<b>Others</b>", [("x", '"><script>')])]
    widgets = [
        forms.Select(choices=[("", "---"), *countries]),
        forms.Select(choices=grouped, attrs={"required": True, "disabled": False, "data-x": "<'>"}),
        forms.SelectMultiple(choices=grouped),
    ]
    for widget in widgets:
        ours = widget.render("country", value)
        assert ours == _with_djangos_select(widget, "country", value)
    assert "&lt;script&gt;" in ours and "<script>" not in ours
