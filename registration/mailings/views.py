"""The secretariat's mail pages (outbox, compose, a message with its preview and counts, the delivery log) and
the delegate's one-click unsubscribe page. Views display the services' outcomes."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from conference.models import Conference
from plenary.i18n import (
    LANGUAGE_CHOICES,
    LANGUAGE_CODES,
    LANGUAGE_LABELS,
    active_language,
    field_name,
    translated_field_names,
)
from plenary.jobs.services import job_fail_if_stale
from plenary.permissions import SECRETARIAT, conference_for_slug, conference_view
from registration.mailings import selectors, services
from registration.mailings.forms import MessageForm, RecipientFilterForm, RecipientPreviewForm, initial_filter_data
from registration.mailings.placeholders import PLACEHOLDERS
from registration.mailings.render import mail_preview
from registration.mailings.unsubscribe import registration_id_from_token
from registration.models import Delivery, Message, Registration

LOG_PAGE_SIZE = 100
FIELD_NAMES = [
    *translated_field_names("subject"),
    *translated_field_names("body"),
    "essential",
    "days_before",
    "send_time",
]


@require_safe
@conference_view(SECRETARIAT)
def mail_outbox(request: HttpRequest, conference: Conference) -> HttpResponse:
    context = {
        "conference": conference,
        "outbox": selectors.outbox(conference=conference),
        "sent": selectors.sent_messages(conference=conference),
    }
    return render(request, "registration/mail_outbox.html", context)


@require_http_methods(["GET", "POST"])
@conference_view(SECRETARIAT)
def mail_compose(request: HttpRequest, conference: Conference) -> HttpResponse:
    return _compose(request, conference, None)


@require_http_methods(["GET", "POST"])
@conference_view(SECRETARIAT)
def mail_edit(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    message = selectors.message_get(conference=conference, pk=pk)
    if not message.in_outbox:
        messages.warning(request, _("This message has left the outbox: it can no longer be changed."))
        return redirect("registration:mail_message", slug=conference.slug, pk=pk)
    return _compose(request, conference, message)


def _compose(request: HttpRequest, conference: Conference, message: Message | None) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = MessageForm(data, instance=message, conference=conference)
    initial = initial_filter_data(message.filters) if message else {"status": Registration.Status.APPROVED}
    filter_form = RecipientFilterForm(data, prefix="to", initial=initial, conference=conference)
    if data is not None and form.is_valid() and filter_form.is_valid():
        fields = {name: form.cleaned_data[name] for name in FIELD_NAMES}
        picked = form.cleaned_data["picked"]
        filters = filter_form.filters()
        if message is None:
            message = services.message_create(
                conference=conference, by=request.user, fields=fields, filters=filters, picked=picked
            )
            messages.success(request, _("The message is in the outbox: nothing is sent until you send it."))
        elif services.message_update(message=message, by=request.user, fields=fields, filters=filters, picked=picked):
            messages.success(request, _("The message has been saved."))
        else:
            messages.warning(request, _("This message has left the outbox: it can no longer be changed."))
        return redirect("registration:mail_message", slug=conference.slug, pk=message.pk)
    context = {
        "conference": conference,
        "message": message,
        "form": form,
        "filter_form": filter_form,
        "languages": [
            (label, form[field_name("subject", code)], form[field_name("body", code)])
            for code, label in LANGUAGE_CHOICES
        ],
        "placeholders": PLACEHOLDERS.items(),
    }
    return render(request, "registration/mail_compose.html", context, status=400 if data is not None else 200)


@require_safe
@conference_view(SECRETARIAT)
def mail_message(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    message = selectors.message_get(conference=conference, pk=pk)
    if message.job:  # a job whose worker died says so, and its e-mails can be sent again
        job_fail_if_stale(job=message.job)
    preview_form = RecipientPreviewForm(request.GET or None, conference=conference)
    recipient = preview_form.cleaned_data["registration"] if preview_form.is_valid() else None
    if recipient is None:
        recipient = selectors.message_recipients(message=message).first()
    counts = None if message.in_outbox else _state_counts(message)
    context = {
        "conference": conference,
        "message": message,
        "preview_form": preview_form,
        "recipient": recipient,
        "preview": mail_preview(message=message, registration=recipient, conference=conference) if recipient else None,
        "summary": selectors.recipient_summary(message=message) if message.in_outbox else None,
        "counts": counts,
        "resendable": 0 if message.in_outbox else selectors.resendable_deliveries(message=message).count(),
        "job": message.job,
    }
    return render(request, "registration/mail_message.html", context)


def _state_counts(message: Message) -> list[tuple[str, str, int]]:
    counts = selectors.delivery_counts(message=message)
    return [(value, label, counts[value]) for value, label in Delivery.State.choices]


@require_POST
@conference_view(SECRETARIAT)
def mail_send(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    message = selectors.message_get(conference=conference, pk=pk)
    if services.message_release(message=message, by=request.user) is None:
        messages.warning(request, _("This message has already left the outbox."))
    else:
        messages.success(request, _("Sending: the e-mails go out in the background."))
    return redirect("registration:mail_message", slug=conference.slug, pk=pk)


@require_POST
@conference_view(SECRETARIAT)
def mail_discard(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    message = selectors.message_get(conference=conference, pk=pk)
    if services.message_discard(message=message, by=request.user):
        messages.success(request, _("The message has been discarded."))
        return redirect("registration:mail_outbox", slug=conference.slug)
    messages.warning(request, _("This message has already left the outbox."))
    return redirect("registration:mail_message", slug=conference.slug, pk=pk)


@require_POST
@conference_view(SECRETARIAT)
def mail_resend(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    message = selectors.message_get(conference=conference, pk=pk)
    count = services.deliveries_resend(message=message, by=request.user)
    if count:
        text = ngettext(
            "%(count)d failed e-mail is being sent again.", "%(count)d failed e-mails are being sent again.", count
        )
        messages.success(request, text % {"count": count})
    else:
        messages.info(request, _("There is no failed e-mail to send again."))
    return redirect("registration:mail_message", slug=conference.slug, pk=pk)


@require_safe
@conference_view(SECRETARIAT)
def mail_log(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    message = selectors.message_get(conference=conference, pk=pk)
    state = request.GET.get("state", "")
    state = state if state in Delivery.State.values else ""
    page = Paginator(selectors.delivery_log(message=message, state=state), LOG_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "conference": conference,
        "message": message,
        "page": page,
        "state": state,
        "counts": _state_counts(message),
    }
    return render(request, "registration/mail_log.html", context)


def _own_name(code: str) -> str:
    with translation.override(code):
        return str(LANGUAGE_LABELS[code])


@csrf_exempt  # a mail client's one-click POST (RFC 8058) has no CSRF token; the signed token is the proof
@require_http_methods(["GET", "POST"])
def mail_unsubscribe(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """No login: the signed token names the registration. GET asks, POST (the button, or the mail client's
    ``List-Unsubscribe=One-Click``) unsubscribes. In the language the link names (the e-mail's), else the
    browser's; the page offers the others."""
    conference = conference_for_slug(slug, drafts=False)
    registration_id = registration_id_from_token(token)
    registration = (
        conference.registrations.filter(pk=registration_id, anonymised_at__isnull=True).first()
        if registration_id
        else None
    )
    language = request.GET.get("lang", "")
    language = language if language in LANGUAGE_CODES else active_language()
    done = False
    if registration is not None and request.method == "POST":
        services.mail_unsubscribe(registration=registration)
        done = True
    with translation.override(language):
        context = {
            "conference": conference,
            "valid": registration is not None,
            "done": done,
            "language": language,
            "languages": [(code, _own_name(code)) for code in LANGUAGE_CODES if code != language],
        }
        response = render(request, "registration/mail_unsubscribe.html", context, status=200 if registration else 404)
        response["Content-Language"] = language
        return response
