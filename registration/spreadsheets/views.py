"""The secretariat's import pages (upload, preview, apply, batches, undo, template) and the exports.

Thin: ``registration.imports`` and ``registration.exports`` do the work. Between the preview and the apply the
upload waits in private storage; the session remembers which uploads this user previewed, for which conference.
"""

from dataclasses import asdict

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from conference.models import Conference
from plenary.jobs.models import Job
from plenary.jobs.services import job_create, job_fail_if_stale
from plenary.permissions import SECRETARIAT, group_required
from registration import selectors
from registration.models import ImportBatch
from registration.spreadsheets import apply as spreadsheets_apply
from registration.spreadsheets import columns as spreadsheets_columns
from registration.spreadsheets import exports
from registration.spreadsheets import preview as spreadsheets_preview
from registration.spreadsheets import tasks as spreadsheets_tasks
from registration.spreadsheets import uploads as spreadsheets_uploads
from registration.spreadsheets.forms import ExportForm, ImportApplyForm, ImportUploadForm
from registration.vetting.forms import QueueFilterForm

# Above this many rows, applying runs as a background task with a progress bar.
BACKGROUND_ROWS = 2000
SESSION_KEY = "plenary_imports"


def _conference(slug: str) -> Conference:
    return get_object_or_404(Conference, slug=slug)


def _upload(request: HttpRequest, conference: Conference, token: str) -> dict:
    upload = request.session.get(SESSION_KEY, {}).get(token)
    if upload is None or upload["conference"] != conference.pk:
        raise Http404
    return upload


def _forget(request: HttpRequest, token: str) -> None:
    uploads = request.session.get(SESSION_KEY, {})
    uploads.pop(token, None)
    request.session[SESSION_KEY] = uploads


@group_required(SECRETARIAT)
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, slug: str) -> HttpResponse:
    conference = _conference(slug)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            preview = spreadsheets_preview.import_preview(conference=conference, content=content, filename=upload.name)
        except spreadsheets_columns.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            token = spreadsheets_uploads.import_store_upload(content=content)
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
            return redirect("registration:import_preview", slug=slug, token=token)
    return render(request, "registration/import_upload.html", {"conference": conference, "form": form})


def _preview_page(request: HttpRequest, conference: Conference, token: str, upload: dict, form=None) -> HttpResponse:
    try:
        content = spreadsheets_uploads.import_load_upload(token=token, sha256=upload["sha256"])
        preview = spreadsheets_preview.import_preview(
            conference=conference, content=content, filename=upload["filename"]
        )
    except (spreadsheets_columns.ImportRefused, spreadsheets_columns.ImportFileError) as error:
        _forget(request, token)
        messages.error(request, str(error))
        return redirect("registration:import", slug=conference.slug)
    form = form or ImportApplyForm(initial={"fingerprint": preview.fingerprint})
    context = {"conference": conference, "preview": preview, "upload": upload, "token": token, "form": form}
    return render(request, "registration/import_preview.html", context)


@group_required(SECRETARIAT)
@require_safe
def import_preview(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    conference = _conference(slug)
    return _preview_page(request, conference, token, _upload(request, conference, token))


@group_required(SECRETARIAT)
@require_POST
def import_apply(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    conference = _conference(slug)
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
    if upload["rows"] > BACKGROUND_ROWS:
        job = job_create(
            kind="import",
            conference=conference,
            by=request.user,
            total=upload["rows"],
            details={"upload_files": [spreadsheets_uploads.import_upload_name(token=token)]},
        )
        _forget(request, token)
        spreadsheets_tasks.import_apply_job.enqueue(job.pk, asdict(options))
        return redirect("registration:import_job", slug=slug, pk=job.pk)
    try:
        batch = spreadsheets_tasks.import_apply_upload(options)
    except (spreadsheets_columns.ImportRefused, spreadsheets_columns.ImportFileError) as error:
        messages.error(request, str(error))
        return redirect("registration:import_preview", slug=slug, token=token)
    _forget(request, token)
    messages.success(request, _("The import was applied."))
    return redirect("registration:import_batch", slug=slug, pk=batch.pk)


@group_required(SECRETARIAT)
@require_safe
def import_job(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    conference = _conference(slug)
    job = job_fail_if_stale(job=get_object_or_404(Job, pk=pk, conference=conference, kind="import"))
    if job.state == Job.State.DONE and job.details.get("batch"):
        messages.success(request, _("The import was applied."))
        return redirect("registration:import_batch", slug=slug, pk=job.details["batch"])
    return render(request, "registration/import_job.html", {"conference": conference, "job": job})


@group_required(SECRETARIAT)
@require_safe
def import_batches(request: HttpRequest, slug: str) -> HttpResponse:
    conference = _conference(slug)
    batches = conference.import_batches.select_related("created_by").order_by("-created_at", "-pk")
    return render(request, "registration/import_batches.html", {"conference": conference, "batches": batches})


@group_required(SECRETARIAT)
@require_safe
def import_batch(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    conference = _conference(slug)
    batch = get_object_or_404(ImportBatch.objects.select_related("created_by"), pk=pk, conference=conference)
    return render(request, "registration/import_batch.html", {"conference": conference, "batch": batch})


@group_required(SECRETARIAT)
@require_POST
def import_undo(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    conference = _conference(slug)
    batch = get_object_or_404(ImportBatch, pk=pk, conference=conference)
    try:
        spreadsheets_apply.import_undo(batch=batch, by=request.user)
    except spreadsheets_columns.ImportRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The import was undone."))
    return redirect("registration:import_batch", slug=slug, pk=pk)


@group_required(SECRETARIAT)
@require_safe
def import_template(request: HttpRequest, slug: str) -> HttpResponse:
    _conference(slug)
    response = HttpResponse(exports.import_template_xlsx(), content_type=exports.FORMATS["xlsx"])
    response["Content-Disposition"] = 'attachment; filename="plenary-attendees-template.xlsx"'
    return response


@group_required(SECRETARIAT)
@require_safe
def export(request: HttpRequest, slug: str) -> HttpResponse:
    conference = _conference(slug)
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
