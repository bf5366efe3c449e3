"""Forms of the programme editor that apply the scheduling rules (``conference.rules``): the models check
only their own fields; the rules, which read other sessions and people, run here and in services."""

from django import forms

from conference.rules import participation_problems, session_problems


def _add_problems(form: forms.ModelForm, problems: dict[str, list[str]]) -> None:
    for name, messages in problems.items():
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


class SessionAdminForm(forms.ModelForm):
    """A session as the admin edits it, refused when it breaks a scheduling rule (dates, room, people).
    The model and fields come from the admin (``modelform_factory``)."""

    def _post_clean(self) -> None:
        super()._post_clean()  # copies the values onto the instance and runs the model's own checks
        if not self.errors:
            _add_problems(self, session_problems(self.instance))


class ParticipationAdminForm(forms.ModelForm):
    """One person in one session (an admin inline row), refused when the person is elsewhere at that time."""

    def _post_clean(self) -> None:
        super()._post_clean()
        if not self.errors:
            _add_problems(self, participation_problems(self.instance))
