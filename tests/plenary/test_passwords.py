"""Passwords are stored as Argon2id at OWASP's configuration; hashes stored before (PBKDF2) still log in and are
rewritten at that login. The suite's own settings use MD5 for speed, so these tests take the production list."""

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.test import override_settings
from django.urls import reverse

from plenary import settings as production
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("production_hashers")]
PASSWORD = "correct horse battery"


@pytest.fixture
def production_hashers():
    with override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS):
        yield


def stored_hash(user) -> str:
    user.refresh_from_db()
    return user.password


def test_a_new_password_is_stored_as_argon2id_with_owasps_parameters():
    user = UserFactory()

    encoded = stored_hash(user)
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert user.check_password(PASSWORD)
    assert not user.check_password(PASSWORD + " ")


def test_a_pbkdf2_password_from_before_still_logs_in_and_is_rewritten_as_argon2id(client):
    user = UserFactory()
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert client.get(reverse("account_email")).status_code == 200  # signed in
    assert identify_hasher(stored_hash(user)).algorithm == "argon2"


def test_a_wrong_password_against_an_old_hash_neither_logs_in_nor_rewrites_it(client):
    user = UserFactory()
    old = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.password = old
    user.save(update_fields=["password"])

    response = client.post(reverse("account_login"), {"login": user.email, "password": "guess " * 3})

    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert stored_hash(user) == old


@pytest.mark.parametrize("password", ["x" * 100_000, "كلمة سر طويلة جدا 🔑" * 500, "\x00nul\x00 inside"])
def test_oversized_and_odd_passwords_hash_and_check_without_error(password):
    encoded = make_password(password)

    assert check_password(password, encoded)
    assert not check_password(password[:-1], encoded)
