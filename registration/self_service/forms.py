"""The delegate's registration form (register and edit), with its checks on names and scripts."""

import re
import unicodedata

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from registration.models import DELEGATE_CONSENT_FIELDS, DELEGATE_DETAIL_FIELDS, Category, Registration

# Characters that change how text around them is displayed (bidi embeddings, overrides, isolates)
# and control characters: in a name they can make "Amina" read as something else on a badge.
INVISIBLE_CONTROLS = re.compile(r"[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]")
# Names as in a passport's machine-readable zone; the name in Arabic script has its own field.
LATIN_SCRIPT_FIELDS = ("first_name", "last_name")
# Categories the secretariat assigns; a delegate cannot pick them.
STAFF_ASSIGNED_CATEGORIES = frozenset({Category.SPEAKER, Category.STAFF})
TEXT_FIELDS = (
    "first_name",
    "last_name",
    "name_ar",
    "organisation",
    "position",
    "phone",
    "interpretation_needs",
    "dietary_requirements",
)


class RegistrationForm(forms.ModelForm):
    """What a delegate fills in. With ``with_privacy`` (a new registration) the privacy policy must be accepted."""

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

    def clean(self) -> dict:
        cleaned = super().clean()
        for name in (*TEXT_FIELDS, "accessibility_needs"):
            value = cleaned.get(name)
            if not isinstance(value, str):
                continue
            # Line breaks are fine in the free-text field, nowhere else.
            checked = value.replace("\r", "").replace("\n", "") if name == "accessibility_needs" else value
            if INVISIBLE_CONTROLS.search(checked):
                self.add_error(name, _("Remove the invisible control characters from this field."))
            elif name in LATIN_SCRIPT_FIELDS and not is_latin_script(value):
                self.add_error(name, _("Write this name in Latin letters, as in your passport."))
            else:
                cleaned[name] = value.strip()
        return cleaned


def is_latin_script(value: str) -> bool:
    """Every letter is a Latin one (accents included); spaces, hyphens and apostrophes are not letters."""
    return all(
        unicodedata.name(char, "").startswith("LATIN") for char in value if unicodedata.category(char).startswith("L")
    )
