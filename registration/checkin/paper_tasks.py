"""The door list printed on the task worker when it is too long to print while the secretariat waits."""

import datetime as dt

from django.tasks import task
from django.utils.text import slugify
from django.utils.translation import gettext

from conference.models import Conference
from plenary.jobs.models import Job
from plenary.jobs.services import job_fail, job_finish, job_progress
from registration.checkin.paper import render_door_list_pdf
from registration.checkin.paper_selectors import door_paper_list


def door_list_filename(*, conference: Conference, day: dt.date) -> str:
    return f"door-list-{slugify(conference.slug)}-{day.isoformat()}.pdf"


@task()
def render_door_list(job_id: int, day: str, language: str) -> None:
    job = Job.objects.select_related("conference").get(pk=job_id)
    try:
        job_progress(job, done=0)
        conference, date = job.conference, dt.date.fromisoformat(day)
        pdf = render_door_list_pdf(door_paper_list(conference=conference, day=date, language=language))
        job_finish(job, content=pdf, filename=door_list_filename(conference=conference, day=date))
    except Exception:
        job_fail(job, message=gettext("Printing the door list failed; please try again."))
        raise
