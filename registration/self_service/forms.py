"""The delegate's registration form (register and edit), with its checks on names and scripts."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from plenary.text import CleanTextFormMixin
from registration.models import DELEGATE_CONSENT_FIELDS, DELEGATE_DETAIL_FIELDS, Category, Registration

# Categories the secretariat assigns; a delegate cannot pick them.
STAFF_ASSIGNED_CATEGORIES = frozenset({Category.SPEAKER, Category.STAFF})


class RegistrationTextMixin(CleanTextFormMixin):
    """A registration's names and texts, through plenary.text: here and in the admin. The names on a passport
    are in Latin script; the name in Arabic script has its own field."""

    latin_name_fields = ("first_name", "last_name")
    arabic_name_fields = ("name_ar",)
    text_fields = ("organisation", "position", "phone", "interpretation_needs", "dietary_requirements")
    multiline_fields = ("accessibility_needs",)


class RegistrationForm(RegistrationTextMixin, forms.ModelForm):
    """What a delegate fills in. With ``with_privacy`` (a new registration) the privacy policy must be accepted.
    Direction and control characters are refused (not dropped), so the delegate sees what was wrong."""

    strict_text = True

    accept_privacy = forms.BooleanField(
        label=_("I have read and accept the privacy policy"),
        required=True,
        error_messages={"required": _("You must accept the privacy policy to register.")},
    )

    class Meta:
        model = Registration
        fields = DELEGATE_DETAIL_FIELDS + DELEGATE_CONSENT_FIELDS
        widgets = {"accessibility_needs": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "first_name": _("In Latin script, as on your passport."),
            "last_name": _("In Latin script, as on your passport."),
            "name_ar": _("Optional: your full name in Arabic script, for your badge."),
            "list_consent": _("Only if the conference publishes a list: your name, organisation and country."),
        }

    def __init__(self, *args, with_privacy: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name", "organisation", "country"):
            self.fields[name].required = True
        current = self.instance.category if self.instance.pk else None
        if current in STAFF_ASSIGNED_CATEGORIES:
            del self.fields["category"]
        else:
            self.fields["category"].choices = [
                choice for choice in Category.choices if choice[0] not in STAFF_ASSIGNED_CATEGORIES
            ]
        if not with_privacy:
            del self.fields["accept_privacy"]
        else:
            self.fields["accept_privacy"].help_text = _("Version %(version)s.") % {
                "version": settings.PLENARY_PRIVACY_POLICY_VERSION
            }
