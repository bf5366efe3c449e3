"""An account that becomes privileged starts without an authenticator.

Delegates may enrol an authenticator app on their own. Without this, whoever knew a delegate's password could
enrol their own phone *before* the delegate joined the Secretariat (or became staff), and the invitation
that enrolment otherwise needs (``plenary.mfa_invitations``) would never be asked for. So the moment an
account is added to the Secretariat group or made staff or superuser, its authenticators are removed: its
owner enrols again through an e-mailed invitation (``manage.py send_mfa_invitation``).
"""

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group

from plenary.permissions import SECRETARIAT, in_group


def _withdraw_authenticators(user_ids) -> None:
    Authenticator.objects.filter(user_id__in=list(user_ids)).delete()


def on_groups_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    """``m2m_changed`` of ``User.groups``, from either side (``user.groups.add`` or ``group.user_set.add``)."""
    if action != "post_add" or not pk_set:
        return
    if reverse:  # instance is the group, pk_set the users
        if instance.name == SECRETARIAT:
            _withdraw_authenticators(pk_set)
    elif Group.objects.filter(pk__in=pk_set, name=SECRETARIAT).exists():
        _withdraw_authenticators([instance.pk])


def remember_privilege(sender, instance, **kwargs) -> None:
    """``pre_save`` of the user: notes whether the account was staff or superuser before this save."""
    if not (instance.is_staff or instance.is_superuser) or instance.pk is None:
        return  # nothing to compare: no query on the saves of ordinary accounts
    previous = sender.objects.filter(pk=instance.pk).values("is_staff", "is_superuser").first()
    instance._plenary_was_privileged = bool(previous and (previous["is_staff"] or previous["is_superuser"]))


def on_user_saved(sender, instance, created: bool, **kwargs) -> None:
    # A Secretariat member's authenticator was already enrolled under the invitation rule: kept.
    if not created and not getattr(instance, "_plenary_was_privileged", True) and not in_group(instance, SECRETARIAT):
        _withdraw_authenticators([instance.pk])
