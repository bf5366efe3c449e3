"""Certificate PDFs from the database: one delegate's, a batch from certificate ids (the print task and
``issue_certificates``), and the background task that prints a batch."""

from collections.abc import Callable, Iterable

from django.db.models.functions import Lower
from django.tasks import task
from django.utils.text import slugify
from django.utils.translation import gettext

from conference.models import Conference
from plenary.jobs.models import Job
from plenary.jobs.services import job_fail, job_finish, job_progress
from registration.certificates.pdf import render_certificates_pdf
from registration.certificates.selectors import certificate_documents
from registration.models import Certificate


def certificates_pdf_by_ids(
    *, conference: Conference, ids: Iterable[int], progress: Callable[[int, int], None] | None = None
) -> bytes:
    """Only the template's plain data is kept while rendering, not the model instances (bench/certificates.py)."""
    certificates = list(
        Certificate.objects.filter(pk__in=list(ids), registration__conference=conference)
        .select_related("registration")
        .order_by(Lower("registration__last_name"), Lower("registration__first_name"), "registration__pk")
    )
    documents = certificate_documents(conference=conference, certificates=certificates)
    del certificates
    title = f"{conference.title} – {gettext('Certificates of attendance')}"
    return render_certificates_pdf(certificates=documents, title=title, progress=progress)


def certificates_filename(*, conference: Conference) -> str:
    return f"certificates-{slugify(conference.slug)}.pdf"


@task()
def render_certificate_batch(job_id: int, certificate_ids: list[int]) -> None:
    job = Job.objects.select_related("conference").get(pk=job_id)
    try:
        job_progress(job, done=0, total=len(certificate_ids))
        pdf = certificates_pdf_by_ids(
            conference=job.conference,
            ids=certificate_ids,
            progress=lambda done, total: job_progress(job, done=done, total=total),
        )
        job_finish(job, content=pdf, filename=certificates_filename(conference=job.conference))
    except Exception:
        job_fail(job, message=gettext("Printing the certificates failed; please try again."))
        raise
