"""The secretariat's import pages (upload, preview, apply, batches, undo, template) and the exports.

Thin: ``preview``, ``apply`` and ``tasks`` (whether to apply at once or in the background: ``tasks.import_start``)
do the import's work, ``exports`` the files, ``selectors`` the reads. Between the preview and the apply the upload
waits in private storage (``uploads``); the session remembers which uploads this user previewed, for which
conference.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from conference.models import Conference
from plenary.jobs.models import Job
from plenary.jobs.services import job_fail_if_stale
from plenary.permissions import SECRETARIAT, conference_view
from registration import selectors
from registration.spreadsheets import columns as spreadsheets_columns
from registration.spreadsheets import exports
from registration.spreadsheets import preview as spreadsheets_preview
from registration.spreadsheets import selectors as spreadsheets_selectors
from registration.spreadsheets import tasks as spreadsheets_tasks
from registration.spreadsheets import undo as spreadsheets_undo
from registration.spreadsheets import uploads as spreadsheets_uploads
from registration.spreadsheets.forms import ExportForm, ImportApplyForm, ImportUndoForm, ImportUploadForm
from registration.vetting.forms import QueueFilterForm

SESSION_KEY = "plenary_imports"


def _upload(request: HttpRequest, conference: Conference, token: str) -> dict:
    upload = request.session.get(SESSION_KEY, {}).get(token)
    if upload is None or upload["conference"] != conference.pk:
        raise Http404
    return upload


def _forget(request: HttpRequest, token: str) -> None:
    uploads = request.session.get(SESSION_KEY, {})
    uploads.pop(token, None)
    request.session[SESSION_KEY] = uploads


@conference_view(SECRETARIAT)  # drafts too: the secretariat prepares them
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, *, conference: Conference) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            preview = spreadsheets_preview.import_preview(
                conference=conference, content=content, filename=upload.name, pending=form.cleaned_data["pending"]
            )
        except spreadsheets_columns.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            token = spreadsheets_uploads.import_store_upload(conference_id=conference.pk, content=content)
            uploads = request.session.get(SESSION_KEY, {})
            uploads[token] = {
                "conference": conference.pk,
                "filename": upload.name,
                "sha256": preview.sha256,
                "source_organisation": form.cleaned_data["source_organisation"],
                "pending": form.cleaned_data["pending"],
                "invite": form.cleaned_data["invite"],
                "rows": len(preview.rows),
            }
            request.session[SESSION_KEY] = uploads
            return redirect("registration:import_preview", slug=conference.slug, token=token)
    return render(request, "registration/import_upload.html", {"conference": conference, "form": form})


def _load_preview(request: HttpRequest, conference: Conference, token: str, upload: dict):
    """The preview of the stored upload; None (and a message) when it can no longer be read."""
    try:
        content = spreadsheets_uploads.import_load_upload(
            conference_id=conference.pk, token=token, sha256=upload["sha256"]
        )
        return spreadsheets_preview.import_preview(
            conference=conference, content=content, filename=upload["filename"], pending=upload["pending"]
        )
    except (spreadsheets_columns.ImportRefused, spreadsheets_columns.ImportFileError) as error:
        _forget(request, token)
        messages.error(request, str(error))
        return None


def _preview_page(request: HttpRequest, conference: Conference, token: str, upload: dict, form=None) -> HttpResponse:
    preview = _load_preview(request, conference, token, upload)
    if preview is None:
        return redirect("registration:import", slug=conference.slug)
    form = form or ImportApplyForm(initial={"fingerprint": preview.fingerprint})
    context = {"conference": conference, "preview": preview, "upload": upload, "token": token, "form": form}
    return render(request, "registration/import_preview.html", context)


@conference_view(SECRETARIAT)  # drafts too: the secretariat prepares them
@require_safe
def import_preview(request: HttpRequest, *, conference: Conference, token: str) -> HttpResponse:
    return _preview_page(request, conference, token, _upload(request, conference, token))


@conference_view(SECRETARIAT)  # drafts too: the secretariat prepares them
@require_safe
def import_errors(request: HttpRequest, *, conference: Conference, token: str) -> HttpResponse:
    preview = _load_preview(request, conference, token, _upload(request, conference, token))
    if preview is None:
        return redirect("registration:import", slug=conference.slug)
    content, filename = exports.import_errors_report(conference=conference, preview=preview, by=request.user)
    response = HttpResponse(content, content_type=exports.FORMATS["csv"])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@conference_view(SECRETARIAT)  # drafts too: the secretariat prepares them
@require_POST
def import_apply(request: HttpRequest, *, conference: Conference, token: str) -> HttpResponse:
    upload = _upload(request, conference, token)
    form = ImportApplyForm(request.POST)
    if not form.is_valid():
        return _preview_page(request, conference, token, upload, form)
    options = spreadsheets_tasks.ApplyOptions(
        conference_id=conference.pk,
        user_id=request.user.pk,
        token=token,
        filename=upload["filename"],
        sha256=upload["sha256"],
        fingerprint=form.cleaned_data["fingerprint"],
        source_organisation=upload["source_organisation"],
        pending=upload["pending"],
        skip_invalid=form.cleaned_data["skip_invalid"],
        invite=upload["invite"],
    )
    try:
        started = spreadsheets_tasks.import_start(options=options, rows=upload["rows"])
    except (spreadsheets_columns.ImportRefused, spreadsheets_columns.ImportFileError) as error:
        messages.error(request, str(error))
        return redirect("registration:import_preview", slug=conference.slug, token=token)
    _forget(request, token)
    if started.in_background:
        return redirect("registration:import_job", slug=conference.slug, pk=started.job.pk)
    messages.success(request, _("The import was applied."))
    return redirect("registration:import_batch", slug=conference.slug, pk=started.batch.pk)


@conference_view(SECRETARIAT)  # drafts too: the secretariat prepares them
@require_safe
def import_job(request: HttpRequest, *, conference: Conference, pk: int) -> HttpResponse:
    job = job_fail_if_stale(job=get_object_or_404(spreadsheets_selectors.import_jobs(conference=conference), pk=pk))
    if job.state == Job.State.DONE and job.details.get("batch"):
        messages.success(request, _("The import was applied."))
        return redirect("registration:import_batch", slug=conference.slug, pk=job.details["batch"])
    return render(request, "registration/import_job.html", {"conference": conference, "job": job})


@conference_view(SECRETARIAT)  # drafts too: the secretariat prepares them
@require_safe
def import_batches(request: HttpRequest, *, conference: Conference) -> HttpResponse:
    batches = spreadsheets_selectors.import_batches(conference=conference)
    return render(request, "registration/import_batches.html", {"conference": conference, "batches": batches})


@conference_view(SECRETARIAT)  # drafts too: the secretariat prepares them
@require_safe
def import_batch(request: HttpRequest, *, conference: Conference, pk: int) -> HttpResponse:
    batch = get_object_or_404(spreadsheets_selectors.import_batches(conference=conference), pk=pk)
    waitlisted = spreadsheets_selectors.import_batch_waitlisted(batch=batch)
    plan = spreadsheets_undo.import_undo_plan(batch=batch)
    context = {"conference": conference, "batch": batch, "waitlisted": waitlisted, "plan": plan}
    return render(request, "registration/import_batch.html", context)


@conference_view(SECRETARIAT)  # drafts too: the secretariat prepares them
@require_POST
def import_undo(request: HttpRequest, *, conference: Conference, pk: int) -> HttpResponse:
    batch = get_object_or_404(spreadsheets_selectors.import_batches(conference=conference), pk=pk)
    form = ImportUndoForm(request.POST)
    form.is_valid()  # one optional checkbox: always valid
    try:
        outcome = spreadsheets_undo.import_undo(
            batch=batch, by=request.user, untouched_only=form.cleaned_data["untouched_only"]
        )
    except spreadsheets_columns.ImportRefused as error:
        messages.error(request, str(error))
    else:
        if outcome.left:
            messages.success(request, _undone_message(outcome))
        else:
            messages.success(request, _("The import was undone."))
    return redirect("registration:import_batch", slug=conference.slug, pk=pk)


def _undone_message(outcome: spreadsheets_undo.ImportUndoOutcome) -> str:
    undone = ngettext("%(count)s row was undone.", "%(count)s rows were undone.", outcome.undone) % {
        "count": outcome.undone
    }
    left = ngettext(
        "%(count)s row changed since was left as it is.",
        "%(count)s rows changed since were left as they are.",
        len(outcome.left),
    ) % {"count": len(outcome.left)}
    return f"{undone} {left}"


@conference_view(SECRETARIAT)  # drafts too: the secretariat prepares them
@require_safe
def import_template(request: HttpRequest, *, conference: Conference) -> HttpResponse:
    response = HttpResponse(exports.import_template_xlsx(), content_type=exports.FORMATS["xlsx"])
    response["Content-Disposition"] = 'attachment; filename="plenary-attendees-template.xlsx"'
    return response


@conference_view(SECRETARIAT)  # drafts too: the secretariat prepares them
@require_safe
def export(request: HttpRequest, *, conference: Conference) -> HttpResponse:
    form = ExportForm(request.GET)
    if not form.is_valid():
        raise Http404
    filters = QueueFilterForm(request.GET).filters()
    file_format = form.cleaned_data["format"]
    content, filename = exports.registrations_export(
        conference=conference,
        registrations=selectors.registration_queue(conference=conference, **filters),
        file_format=file_format,
        by=request.user,
        filters=filters,
    )
    response = HttpResponse(content, content_type=exports.FORMATS[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
