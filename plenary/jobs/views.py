"""Progress and result of a background job, for whoever holds, now, the role the job's kind needs
(``job_can_see``): a creator who has left the Secretariat group has lost its files too."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.cache import never_cache

from plenary.jobs.models import Job
from plenary.jobs.services import job_can_see, job_fail_if_stale, job_status


def _visible_job(request: HttpRequest, pk: int) -> Job:
    job = get_object_or_404(Job, pk=pk)
    if not job_can_see(job=job, user=request.user):
        raise PermissionDenied
    return job


@never_cache
@login_required
def status(request: HttpRequest, pk: int) -> JsonResponse:
    job = job_fail_if_stale(job=_visible_job(request, pk))
    return JsonResponse(job_status(job, download_url=reverse("jobs:download", kwargs={"pk": job.pk})))


@never_cache
@login_required
def download(request: HttpRequest, pk: int) -> FileResponse:
    job = _visible_job(request, pk)
    if job.state != Job.State.DONE or not job.result:
        raise Http404
    return FileResponse(job.result.open("rb"), as_attachment=True, filename=job.result_name)
