"""Pages and files for recommendations. Thin: forms validate, services act, selectors read."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from conference.models import Conference
from plenary.i18n import LANGUAGE_CODES
from plenary.permissions import conference_view
from recommendations import forms, selectors, services
from recommendations import history as history_selectors
from recommendations.models import Recommendation
from recommendations.preview import publication_preview

# --- Management ------------------------------------------------------------------------------


# Anonymous users log in; signed-in users who are neither Secretariat nor a rapporteur here get 403.
manager_required = conference_view(
    allow=lambda user, conference: selectors.can_manage(user=user, conference=conference)
)
secretariat_required = conference_view(allow=lambda user, c: selectors.is_secretariat(user))


def _manage_url(conference: Conference) -> str:
    return reverse("recommendations:manage", kwargs={"slug": conference.slug})


def _edit_url(recommendation: Recommendation) -> str:
    return reverse("recommendations:edit", kwargs={"slug": recommendation.conference.slug, "pk": recommendation.pk})


def _form_error(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


@manager_required
def manage(request: HttpRequest, conference: Conference) -> HttpResponse:
    user = request.user
    sessions = selectors.drafting_sessions(conference=conference, user=user)
    themes = selectors.conference_themes(conference=conference)
    filters = forms.FilterForm(request.GET or None, sessions=sessions, themes=themes)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    rows = selectors.manage_rows(
        conference=conference,
        user=user,
        session_id=criteria.get("session"),
        theme_id=criteria.get("theme"),
        state=criteria.get("state") or None,
        missing_language=criteria.get("missing") or None,
    )
    is_secretariat = selectors.is_secretariat(user)
    return render(
        request,
        "recommendations/manage.html",
        {
            "conference": conference,
            "filters": filters,
            "rows": rows,
            "is_secretariat": is_secretariat,
            "can_create": is_secretariat or sessions.exists(),
            "publications": selectors.publications(conference=conference) if is_secretariat else [],
            "submitted_state": Recommendation.State.SUBMITTED,
        },
    )


def _editor(request: HttpRequest, conference: Conference, recommendation: Recommendation | None) -> HttpResponse:
    sessions = selectors.drafting_sessions(conference=conference, user=request.user)
    themes = selectors.conference_themes(conference=conference)
    initial = {}
    if recommendation is not None:
        initial = {name: getattr(recommendation, name) for name in services.TEXT_FIELDS}
        initial.update(session=recommendation.session_id, theme=recommendation.theme_id)
    elif request.GET.get("session", "").isdigit():
        initial["session"] = int(request.GET["session"])
    form = forms.RecommendationForm(request.POST or None, initial=initial, sessions=sessions, themes=themes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if recommendation is None:
                recommendation = services.recommendation_create(
                    conference=conference,
                    session=data["session"],
                    theme=data["theme"],
                    by=request.user,
                    texts=form.texts(),
                    rationales=form.rationales(),
                )
                messages.success(request, _("Draft saved."))
            else:
                services.recommendation_update(
                    recommendation=recommendation,
                    by=request.user,
                    session=data["session"],
                    theme=data["theme"],
                    texts=form.texts(),
                    rationales=form.rationales(),
                )
                messages.success(request, _("Changes saved."))
            return redirect(_edit_url(recommendation))
        except ValidationError as error:
            _form_error(form, error)
    return render(
        request,
        "recommendations/edit.html",
        {"conference": conference, "form": form, "recommendation": recommendation},
    )


@manager_required
def create(request: HttpRequest, conference: Conference) -> HttpResponse:
    return _editor(request, conference, None)


def _editable_by(recommendation: Recommendation, user) -> bool:
    if selectors.is_secretariat(user):
        return recommendation.state in {Recommendation.State.DRAFT, Recommendation.State.SUBMITTED}
    return recommendation.state == Recommendation.State.DRAFT


@manager_required
def edit(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    recommendation = selectors.recommendation_for_manage(conference=conference, pk=pk, user=request.user)
    if _editable_by(recommendation, request.user):
        return _editor(request, conference, recommendation)
    if request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "recommendations/detail.html",
        {
            "conference": conference,
            "recommendation": recommendation,
            "is_secretariat": selectors.is_secretariat(request.user),
            "languages": [
                (lang, getattr(recommendation, f"text_{lang}"), getattr(recommendation, f"adopted_text_{lang}"))
                for lang in LANGUAGE_CODES
            ],
        },
    )


@require_POST
@manager_required
def submit(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    recommendation = selectors.recommendation_for_manage(conference=conference, pk=pk, user=request.user)
    try:
        services.recommendation_submit(recommendation=recommendation, by=request.user)
        messages.success(request, _("Submitted to the plenary."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_edit_url(recommendation))


@manager_required
def history(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    recommendation = selectors.recommendation_for_manage(conference=conference, pk=pk, user=request.user)
    return render(
        request,
        "recommendations/history.html",
        {
            "conference": conference,
            "recommendation": recommendation,
            "entries": history_selectors.recommendation_history(recommendation=recommendation),
        },
    )


@secretariat_required
def decide(request: HttpRequest, conference: Conference) -> HttpResponse:
    candidates = selectors.decision_candidates(conference=conference)
    chosen = [int(pk) for pk in request.GET.getlist("r") if pk.isdigit()]
    form = forms.DecisionForm(
        request.POST or None,
        candidates=candidates,
        initial={"recommendations": chosen, "decided_on": timezone.localdate(), "decision": "adopted"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decided = services.recommendations_decide(
                recommendations=list(data["recommendations"]),
                decision=data["decision"],
                decided_on=data["decided_on"],
                by=request.user,
                votes_for=data["votes_for"],
                votes_against=data["votes_against"],
                votes_abstaining=data["votes_abstaining"],
            )
            messages.success(request, _("Decision recorded for %(count)d recommendation(s).") % {"count": len(decided)})
            return redirect(_manage_url(conference))
        except ValidationError as error:
            _form_error(form, error)
    return render(request, "recommendations/decide.html", {"conference": conference, "form": form})


@secretariat_required
def wording(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    recommendation = selectors.recommendation_for_manage(conference=conference, pk=pk, user=request.user)
    if not recommendation.is_adopted:
        raise Http404(_("Only an adopted recommendation has an adopted wording."))
    initial = forms.AdoptedWordingForm.initial_for(recommendation)
    form = forms.AdoptedWordingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.recommendation_set_adopted_wording(recommendation=recommendation, by=request.user, texts=form.texts())
        messages.success(request, _("Adopted wording saved; the drafted text is kept in the history."))
        return redirect(_edit_url(recommendation))
    return render(
        request,
        "recommendations/wording.html",
        {"conference": conference, "form": form, "recommendation": recommendation},
    )


@secretariat_required
def ordering(request: HttpRequest, conference: Conference) -> HttpResponse:
    themes = selectors.conference_themes(conference=conference)
    rows = selectors.manage_rows(conference=conference, user=request.user)
    is_theme_form = request.method == "POST" and forms.ThemeForm.is_submitted(request.POST)
    order_form = forms.OrderingForm(
        None if is_theme_form else (request.POST or None), themes=themes, recommendations=rows
    )
    theme_form = forms.ThemeForm(request.POST if is_theme_form else None)
    if is_theme_form and theme_form.is_valid():
        services.theme_create(conference=conference, by=request.user, names=theme_form.names())
        messages.success(request, _("Theme added."))
        return redirect("recommendations:ordering", slug=conference.slug)
    if request.method == "POST" and not is_theme_form and order_form.is_valid():
        services.ordering_set(
            conference=conference,
            by=request.user,
            theme_orders=order_form.orders("theme"),
            recommendation_orders=order_form.orders("rec"),
        )
        messages.success(request, _("Order saved. Numbers already given do not change."))
        return redirect("recommendations:ordering", slug=conference.slug)
    return render(
        request,
        "recommendations/ordering.html",
        {
            "conference": conference,
            "order_form": order_form,
            "theme_fields": [order_form[f"theme_{t.pk}"] for t in themes],
            "row_fields": [(row, order_form[f"rec_{row.pk}"]) for row in rows],
            "theme_form": theme_form,
        },
    )


@require_http_methods(["GET", "POST"])
@secretariat_required
def publish(request: HttpRequest, conference: Conference) -> HttpResponse:
    """GET: what publishing would change since the last version; POST with ``confirm``: publish it."""
    form = forms.PublishForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        # In the request, not a task: 60 recommendations publish with their PDF in about 1 s (bench/recommendations.py).
        try:
            publication, created = services.publication_publish(
                conference=conference, by=request.user, expected_sha256=form.cleaned_data["sha256"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("recommendations:publish", slug=conference.slug)
        if created:
            messages.success(request, _("Version %(number)d published.") % {"number": publication.number})
        else:
            messages.info(
                request, _("Nothing changed since version %(number)d: no new version.") % {"number": publication.number}
            )
        return redirect("recommendations:public_version", slug=conference.slug, number=publication.number)
    try:
        preview = publication_preview(conference=conference)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_manage_url(conference))
    return render(request, "recommendations/publish.html", {"conference": conference, "preview": preview})


@secretariat_required
def follow_up_edit(request: HttpRequest, conference: Conference, pk: int) -> HttpResponse:
    recommendation = selectors.recommendation_for_manage(conference=conference, pk=pk, user=request.user)
    if not recommendation.is_adopted:
        raise Http404(_("Only adopted recommendations are followed up."))
    follow_up, notes = selectors.follow_up_with_notes(recommendation=recommendation)
    is_note = request.method == "POST" and "text" in request.POST
    status_form = forms.FollowUpForm(
        request.POST if request.method == "POST" and not is_note else None,
        initial={"status": follow_up.status, "responsible": follow_up.responsible} if follow_up else None,
    )
    note_form = forms.FollowUpNoteForm(request.POST if is_note else None, initial={"date": timezone.localdate()})
    if request.method == "POST":
        form = note_form if is_note else status_form
        if form.is_valid():
            if is_note:
                services.follow_up_note_add(recommendation=recommendation, by=request.user, **form.cleaned_data)
            else:
                services.follow_up_update(recommendation=recommendation, by=request.user, **form.cleaned_data)
            messages.success(request, _("Follow-up saved."))
            return redirect("recommendations:follow_up_edit", slug=conference.slug, pk=recommendation.pk)
    return render(
        request,
        "recommendations/follow_up_edit.html",
        {
            "conference": conference,
            "recommendation": recommendation,
            "follow_up": follow_up,
            "notes": notes,
            "status_form": status_form,
            "note_form": note_form,
        },
    )


# --- Public pages ----------------------------------------------------------------------------


def _public(request: HttpRequest, conference: Conference, number: int | None) -> HttpResponse:
    versions = selectors.publications(conference=conference)
    publication = None
    if number is not None or versions:
        publication = selectors.publication_get(conference=conference, number=number)
    return render(
        request,
        "recommendations/public.html",
        {
            "conference": conference,
            "publication": publication,
            "themes": selectors.publication_themes(publication=publication) if publication else [],
            "pdf_languages": selectors.publication_pdf_languages(publication=publication) if publication else [],
            "versions": versions,
            "is_latest": publication is not None and versions[0].number == publication.number,
        },
    )


@conference_view(drafts=False)
def public_latest(request: HttpRequest, conference: Conference) -> HttpResponse:
    return _public(request, conference, None)


@conference_view(drafts=False)
def public_version(request: HttpRequest, conference: Conference, number: int) -> HttpResponse:
    return _public(request, conference, number)


@conference_view(drafts=False)
def follow_up_public(request: HttpRequest, conference: Conference) -> HttpResponse:
    entries = selectors.follow_up_entries(conference=conference)
    return render(
        request,
        "recommendations/follow_up.html",
        {"conference": conference, "entries": entries, "counts": selectors.follow_up_counts(entries)},
    )
