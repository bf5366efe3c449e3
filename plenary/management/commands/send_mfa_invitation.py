"""E-mails an account a one-time link to enrol its authenticator app (superusers, staff, the secretariat)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from plenary.mfa_invitations import invitation_max_age, mfa_invitation_send


class Command(BaseCommand):
    help = (
        "E-mail each account a one-time link to enrol an authenticator app. Accounts that can see personal data "
        "(superuser, staff, Secretariat) cannot enrol one without it; the link expires."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("emails", nargs="+", metavar="EMAIL")

    def handle(self, *args, emails: list[str], **options) -> None:
        User = get_user_model()
        users = []
        for email in emails:
            user = User.objects.filter(email__iexact=email, is_active=True).first()
            if user is None:
                raise CommandError(f"No active account with the e-mail address {email}.")
            users.append(user)
        hours = int(invitation_max_age().total_seconds() // 3600)
        for user in users:
            mfa_invitation_send(user=user)
            self.stdout.write(f"Invitation sent to {user.email} (valid {hours} hours, once).")
