"""Marks failed the background jobs whose worker died, and deletes their uploads. Run it from cron."""

from django.core.management.base import BaseCommand

from plenary.jobs.services import job_stale_after, jobs_fail_stale


class Command(BaseCommand):
    help = (
        "Mark failed every queued or running job with no sign of life for PLENARY_JOB_STALE_MINUTES "
        "(its worker was killed), and delete its uploaded files. Run it every few minutes from cron, "
        "and when the worker starts."
    )

    def handle(self, *args, **options) -> None:
        abandoned = jobs_fail_stale()
        minutes = int(job_stale_after().total_seconds() // 60)
        for job in abandoned:
            self.stdout.write(f"Failed {job.kind} job #{job.pk}: no sign of life for {minutes} minutes.")
        self.stdout.write(f"{len(abandoned)} stale job(s).")
