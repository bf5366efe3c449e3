"""A delegate's own registration: register (or claim the secretariat's), see, edit until the cut-off, cancel;
and the public participants list, when the conference publishes one."""

from allauth.account.decorators import verified_email_required
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from conference.lifecycle import registration_window
from conference.models import Conference
from plenary.permissions import conference_view
from registration import selectors, services
from registration.mailings.selectors import mail_received
from registration.models import Registration
from registration.self_service.forms import RegistrationForm


def _form_errors(form, error: ValidationError) -> None:
    """Puts a model's validation error (e.g. a duplicate e-mail) on the form, on the field when it has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@verified_email_required
@conference_view(login=True)
def register(request: HttpRequest, conference: Conference) -> HttpResponse:
    """A new registration, or a cancelled one made again (the same row) while registration is open."""
    existing = selectors.registration_for_user(conference=conference, user=request.user)
    if existing and not selectors.registration_may_register_again(existing):
        return redirect("registration:my", slug=conference.slug)
    window = registration_window(conference=conference)
    if not window.is_open:
        return render(request, "registration/closed.html", {"conference": conference, "window": window})
    unclaimed = None if existing else selectors.unclaimed_registration(conference=conference, email=request.user.email)
    if unclaimed:
        services.registration_claim(registration=unclaimed, user=request.user)
        messages.info(request, _("The secretariat had already registered you: here is your registration."))
        return redirect("registration:my", slug=conference.slug)
    form = RegistrationForm(
        request.POST or None,
        instance=existing or Registration(conference=conference, user=request.user, email=request.user.email),
        initial={} if existing else _initial_details(request),
    )
    if request.method == "POST" and form.is_valid():
        try:
            if existing:
                services.registration_register_again(registration=existing, user=request.user, fields=form.cleaned_data)
            else:
                services.registration_create(conference=conference, user=request.user, fields=form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        except services.RegistrationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Thank you: your registration has been received."))
            return redirect("registration:my", slug=conference.slug)
    context = {"conference": conference, "form": form, "again": existing is not None}
    return render(request, "registration/register.html", context)


def _initial_details(request: HttpRequest) -> dict:
    """A first registration starts from the delegate's previous one, else from the page's language."""
    return selectors.registration_initial_from_last(user=request.user) or {"language": request.LANGUAGE_CODE}


def _own_registration(request: HttpRequest, conference: Conference) -> Registration:
    """The signed-in user's registration for this conference: never anyone else's (there is no id to change)."""
    registration = selectors.registration_for_user(conference=conference, user=request.user)
    if registration is None:
        raise Http404
    return registration


@conference_view(login=True)
def my_registration(request: HttpRequest, conference: Conference) -> HttpResponse:
    own = selectors.own_registration(conference=conference, user=request.user)
    received = mail_received(registration=own.registration) if own.registration else []
    return render(request, "registration/my.html", {"conference": conference, "own": own, "received": received})


@conference_view(login=True)
def my_edit(request: HttpRequest, conference: Conference) -> HttpResponse:
    registration = _own_registration(request, conference)
    if not selectors.registration_is_editable(registration):
        messages.error(request, _("Your details can no longer be changed online; please contact the secretariat."))
        return redirect("registration:my", slug=conference.slug)
    form = RegistrationForm(request.POST or None, instance=registration, with_privacy=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_update(registration=registration, fields=form.cleaned_data, by=request.user)
        except ValidationError as error:
            _form_errors(form, error)
        except services.RegistrationError as error:
            messages.error(request, str(error))
            return redirect("registration:my", slug=conference.slug)
        else:
            messages.success(request, _("Your details have been saved."))
            return redirect("registration:my", slug=conference.slug)
    return render(request, "registration/my_edit.html", {"conference": conference, "form": form})


@conference_view(login=True)
def my_cancel(request: HttpRequest, conference: Conference) -> HttpResponse:
    registration = _own_registration(request, conference)
    if not registration_window(conference=conference).changes_allowed:
        messages.error(
            request, _("Your registration can no longer be cancelled online; please contact the secretariat.")
        )
        return redirect("registration:my", slug=conference.slug)
    if request.method == "POST":
        try:
            services.registration_cancel(registration=registration, by=request.user)
        except services.RegistrationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your registration has been cancelled."))
        return redirect("registration:my", slug=conference.slug)
    return render(request, "registration/my_cancel.html", {"conference": conference, "registration": registration})


@conference_view()
def participants(request: HttpRequest, conference: Conference) -> HttpResponse:
    if not conference.participants_list_public:
        raise Http404
    rows = selectors.public_participants(conference=conference)
    return render(request, "registration/participants.html", {"conference": conference, "participants": rows})
