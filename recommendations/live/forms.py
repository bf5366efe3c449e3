"""Forms of the live plenary. They validate the shape of what is posted; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from plenary.i18n import LANGUAGE_CHOICES
from recommendations.models import Amendment, Ballot, SpeakerRequest, Vote
from recommendations.models.live import AMENDMENT_TEXT_MAX

STEPS = (
    ("take_up", _("Take up")),
    ("next", _("Next recommendation")),
    ("floor_open", _("Open the floor")),
    ("floor_close", _("Close the floor")),
    ("call_next", _("Call the next speaker")),
    ("vote_open", _("Open the vote")),
    ("vote_close", _("Close the vote")),
    ("adopt", _("Record: adopted")),
    ("reject", _("Record: rejected")),
)
COUNT = {"required": False, "min_value": 0, "max_value": 100_000}


class AgendaForm(forms.Form):
    """A position for each submitted recommendation; empty: not on the plenary's order."""

    def __init__(self, *args, recommendations: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for recommendation in recommendations:
            self.fields[f"position-{recommendation.pk}"] = forms.IntegerField(
                label=recommendation.number or recommendation.text[:80],
                required=False,
                min_value=1,
                max_value=999,
            )

    def ids(self) -> list[int]:
        """The recommendations given a position, in that order (ties: as listed)."""
        chosen = [(value, name) for name, value in self.cleaned_data.items() if value is not None]
        return [int(name.split("-")[1]) for _position, name in sorted(chosen, key=lambda pair: pair[0])]


class StepForm(forms.Form):
    step = forms.ChoiceField(choices=STEPS)
    recommendation = forms.IntegerField(required=False, min_value=1)
    amendment = forms.IntegerField(required=False, min_value=1)
    method = forms.ChoiceField(label=_("Method"), choices=Vote.Method.choices, required=False)
    secret = forms.BooleanField(label=_("Secret ballot"), required=False)
    seconds = forms.IntegerField(label=_("Speaking time (seconds)"), required=False, min_value=15, max_value=1800)
    delegation_limit = forms.IntegerField(label=_("Requests per delegation"), required=False, min_value=1, max_value=50)
    votes_for = forms.IntegerField(label=_("For"), **COUNT)
    votes_against = forms.IntegerField(label=_("Against"), **COUNT)
    votes_abstaining = forms.IntegerField(label=_("Abstentions"), **COUNT)


class AmendmentDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("show", _("Show on the screen")), *[(s, s.label) for s in Amendment.Status if s != "proposed"]]
    )
    merged_into = forms.IntegerField(required=False, min_value=1)


class FloorForm(forms.Form):
    action = forms.ChoiceField(choices=[("ask", _("Ask for the floor")), ("withdraw", _("Withdraw"))])
    point_of_order = forms.BooleanField(required=False)
    shown_as = forms.ChoiceField(
        label=_("On the screen, show"),
        choices=SpeakerRequest.ShownAs.choices,
        initial=SpeakerRequest.ShownAs.NAME,
        required=False,
    )


class BallotForm(forms.Form):
    vote = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    choice = forms.ChoiceField(choices=Ballot.Choice.choices)


class AmendmentForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    kind = forms.ChoiceField(label=_("Change"), choices=Amendment.Kind.choices)
    line_from = forms.IntegerField(label=_("From line"), min_value=1, max_value=999)
    line_to = forms.IntegerField(label=_("To line"), min_value=1, max_value=999, required=False)
    old_text = forms.CharField(
        label=_("Passage to change (empty: the whole lines)"),
        required=False,
        max_length=AMENDMENT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )
    new_text = forms.CharField(
        label=_("New text"),
        required=False,
        max_length=AMENDMENT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("line_from") and not data.get("line_to"):
            data["line_to"] = data["line_from"]
        return data
