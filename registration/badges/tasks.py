"""Badge PDFs from the database: a few badges at once (a delegate's own), a batch from its badge ids
(the print task and ``print_badges``, with flat memory), and the background task that prints a batch.
"""

from collections.abc import Callable, Iterable, Sequence

from django.tasks import task
from django.utils.text import slugify
from django.utils.translation import gettext

from conference.models import Conference
from plenary.i18n import FALLBACK_LANGUAGE
from plenary.jobs.models import Job
from plenary.jobs.services import job_fail, job_finish, job_progress
from registration.badges.pdf import DEFAULT_LAYOUT, render_badges_pdf
from registration.badges.selectors import badge_sheet_data, badges_by_ids
from registration.models import Badge


def badges_pdf(
    *,
    conference: Conference,
    badges: Sequence[Badge],
    layout: str = DEFAULT_LAYOUT,
    language: str = FALLBACK_LANGUAGE,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    header, items = badge_sheet_data(conference=conference, badges=badges, language=language)
    return render_badges_pdf(conference=header, badges=items, layout=layout, language=language, progress=progress)


def badges_pdf_by_ids(
    *,
    conference: Conference,
    ids: Iterable[int],
    layout: str = DEFAULT_LAYOUT,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """A print batch: only the template's plain data is kept while rendering, not the model
    instances, so that memory does not grow with the batch (bench/badges.py)."""
    header, items = badge_sheet_data(conference=conference, badges=badges_by_ids(conference=conference, ids=ids))
    return render_badges_pdf(conference=header, badges=items, layout=layout, progress=progress)


def badges_filename(*, conference: Conference, layout: str) -> str:
    return f"badges-{slugify(conference.slug)}-{layout}.pdf"


# --- The batch task ---


@task()
def render_badge_batch(job_id: int, badge_ids: list[int], layout: str) -> None:
    """Renders a batch into the job's file, reporting progress after each chunk."""
    job = Job.objects.select_related("conference").get(pk=job_id)
    try:
        job_progress(job, done=0, total=len(badge_ids))
        pdf = badges_pdf_by_ids(
            conference=job.conference,
            ids=badge_ids,
            layout=layout,
            progress=lambda done, total: job_progress(job, done=done, total=total),
        )
        job_finish(job, content=pdf, filename=badges_filename(conference=job.conference, layout=layout))
    except Exception:
        job_fail(job, message=gettext("Printing the badges failed; please try again."))
        raise
