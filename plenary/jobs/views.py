"""Progress and result of a background job, for the person who started it and the secretariat."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.cache import never_cache

from plenary.jobs.models import Job
from plenary.jobs.services import job_status
from plenary.permissions import SECRETARIAT, in_group


def _visible_job(request: HttpRequest, pk: int) -> Job:
    job = get_object_or_404(Job, pk=pk)
    if job.created_by_id != request.user.pk and not in_group(request.user, SECRETARIAT):
        raise PermissionDenied
    return job


@never_cache
@login_required
def status(request: HttpRequest, pk: int) -> JsonResponse:
    job = _visible_job(request, pk)
    return JsonResponse(job_status(job, download_url=reverse("jobs:download", kwargs={"pk": job.pk})))


@never_cache
@login_required
def download(request: HttpRequest, pk: int) -> FileResponse:
    job = _visible_job(request, pk)
    if job.state != Job.State.DONE or not job.result:
        raise Http404
    return FileResponse(job.result.open("rb"), as_attachment=True, filename=job.result_name)
