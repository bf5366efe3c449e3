"""Plenary's allauth adapter (``ACCOUNT_ADAPTER``): the login limits of ``plenary.account_adapter``, and
the "someone tried to sign up with your address" e-mail in its owner's language.

Signing up with an address that already has an account answers exactly as for a new address (allauth's
``ACCOUNT_PREVENT_ENUMERATION``, on by default): the page says a verification e-mail was sent, and the
owner of the address gets allauth's "account already exists" e-mail instead. allauth writes it in the
language of the request, the stranger's choice; here it is written, links included, in the language the
owner chose.
"""

from django.utils import translation

from plenary.account_adapter import LoginLimitAdapter
from registration.accounts.selectors import account_language


class AccountAdapter(LoginLimitAdapter):
    def send_account_already_exists_mail(self, email: str) -> None:
        with translation.override(account_language(email=email)):
            super().send_account_already_exists_mail(email)
