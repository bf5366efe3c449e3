"""Visa invitation letters: the delegate's request and download, the secretariat's queue, decisions, settings
and the explicit export with passport data. Views check who asks and call one service or selector."""

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from conference.models import Conference
from plenary.permissions import SECRETARIAT, conference_view
from registration import selectors as registration_selectors
from registration.letters import selectors, services
from registration.letters.forms import LetterDeclineForm, LetterEditForm, LetterRequestForm, LetterSettingsForm
from registration.models import Registration, VisaLetter
from registration.spreadsheets.exports import FORMATS

REQUESTABLE = (None, VisaLetter.Status.REQUESTED, VisaLetter.Status.DECLINED)


def _own_registration(request: HttpRequest, conference: Conference) -> Registration:
    registration = registration_selectors.registration_for_user(conference=conference, user=request.user)
    if registration is None:
        raise Http404
    return registration


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@conference_view(login=True)
def my_letter(request: HttpRequest, conference: Conference) -> HttpResponse:
    registration = _own_registration(request, conference)
    letter = selectors.letter_for_registration(registration=registration)
    approved = registration.status == Registration.Status.APPROVED
    may_request = approved and (letter.status if letter else None) in REQUESTABLE
    form = None
    if may_request:
        form = LetterRequestForm(request.POST or None, instance=letter, conference=conference)
        if request.method == "POST" and form.is_valid():
            try:
                services.letter_request(registration=registration, fields=form.cleaned_data)
            except services.LetterError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Your request has been sent to the secretariat."))
            return HttpResponseRedirect(reverse("registration:my_letter", args=[conference.slug]))
    elif request.method == "POST":
        raise Http404
    context = {"conference": conference, "letter": letter, "approved": approved, "form": form}
    return render(request, "registration/my_letter.html", context)


@require_safe
@conference_view(login=True)
def my_letter_pdf(request: HttpRequest, conference: Conference) -> HttpResponse:
    letter = selectors.letter_for_registration(registration=_own_registration(request, conference))
    if letter is None or letter.status != VisaLetter.Status.ISSUED:
        raise Http404
    return _pdf_response(services.letter_pdf(letter=letter), f"invitation-letter-{letter.serial}.pdf")


# --- The secretariat ---


@require_safe
@conference_view(SECRETARIAT)
def letter_queue(request: HttpRequest, conference: Conference) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in VisaLetter.Status.values:
        status = ""
    letters = selectors.letter_queue(conference=conference, status=status).order_by("requested_at", "pk")
    context = {"conference": conference, "letters": letters, "status": status, "statuses": VisaLetter.Status.choices}
    return render(request, "registration/letter_queue.html", context)


@conference_view(SECRETARIAT)
def letter_detail(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    letter = selectors.letter_get(conference=conference, pk=pk)
    editable = letter.status == VisaLetter.Status.REQUESTED
    form = LetterEditForm(request.POST or None, instance=letter, conference=conference) if editable else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            services.letter_update(letter=letter, fields=form.cleaned_data)
            messages.success(request, _("The request has been saved."))
            return HttpResponseRedirect(reverse("registration:letter_detail", args=[conference.slug, pk]))
    context = {"conference": conference, "letter": letter, "form": form, "decline_form": LetterDeclineForm()}
    return render(request, "registration/letter_detail.html", context)


def _decided(request: HttpRequest, conference: Conference, letter: VisaLetter, decide, done: str) -> HttpResponse:
    try:
        decide()
    except services.LetterError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return HttpResponseRedirect(reverse("registration:letter_detail", args=[conference.slug, letter.pk]))


def _decision(decide, done) -> Callable[..., HttpResponse]:
    """A view that takes one decision on a letter without a form: ``decide(letter=, by=)``."""

    @require_POST
    @conference_view(SECRETARIAT)
    def view(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
        letter = selectors.letter_get(conference=conference, pk=pk)
        return _decided(request, conference, letter, lambda: decide(letter=letter, by=request.user), str(done))

    return view


letter_issue = _decision(services.letter_issue, gettext_lazy("The letter has been issued."))
letter_revoke = _decision(
    services.letter_revoke, gettext_lazy("The letter has been revoked: its verification page now says so.")
)


@require_POST
@conference_view(SECRETARIAT)
def letter_decline(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    letter = selectors.letter_get(conference=conference, pk=pk)
    form = LetterDeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a message to the delegate to decline the request."))
        return HttpResponseRedirect(reverse("registration:letter_detail", args=[conference.slug, pk]))
    message = form.cleaned_data["message"]
    return _decided(
        request,
        conference,
        letter,
        lambda: services.letter_decline(letter=letter, by=request.user, message=message),
        _("The request has been declined."),
    )


@require_safe
@conference_view(SECRETARIAT)
def letter_pdf(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    letter = selectors.letter_get(conference=conference, pk=pk)
    if letter.status not in (VisaLetter.Status.ISSUED, VisaLetter.Status.REVOKED):
        raise Http404
    return _pdf_response(services.letter_pdf(letter=letter), f"invitation-letter-{letter.serial}.pdf")


@conference_view(SECRETARIAT)
def letter_settings(request: HttpRequest, conference: Conference) -> HttpResponse:
    instance = selectors.letter_settings_for(conference=conference)
    form = LetterSettingsForm(request.POST or None, request.FILES or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.letter_settings_save(conference=conference, form_instance=form.save(commit=False))
        messages.success(request, _("The letter settings have been saved."))
        return HttpResponseRedirect(reverse("registration:letter_settings", args=[conference.slug]))
    return render(request, "registration/letter_settings.html", {"conference": conference, "form": form})


@require_POST
@conference_view(SECRETARIAT)
def letters_export(request: HttpRequest, conference: Conference) -> HttpResponse:
    """Passport data leaves Plenary only through this deliberate, audited request."""
    if request.POST.get("include_passport_data") != "yes":
        messages.error(request, _("Confirm that the file will hold passport data to export it."))
        return HttpResponseRedirect(reverse("registration:letter_queue", args=[conference.slug]))
    content, filename = services.letters_export(conference=conference, by=request.user)
    response = HttpResponse(content, content_type=FORMATS["csv"])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
