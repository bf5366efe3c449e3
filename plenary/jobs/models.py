"""A long job (badge batch, big import, PDF) and its progress: the row a page polls and a download serves."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from plenary.storage import private_storage

STALE_MESSAGE = gettext_noop(
    "This job stopped: the background worker was interrupted before it finished. Nothing was changed; "
    "please start it again."
)


class Job(models.Model):
    """A long job run as a Django task (badge batch, big import, PDF): its progress and its file.

    The task backend runs the work; this row is what the page polls and what the download serves.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    conference = models.ForeignKey(
        "conference.Conference", on_delete=models.CASCADE, null=True, blank=True, related_name="jobs"
    )
    kind = models.CharField(_("kind"), max_length=40)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set at creation and by every ``job_progress``: a job that goes quiet for longer than
    # ``PLENARY_JOB_STALE_MINUTES`` lost its worker (``job_fail_if_stale``, ``manage.py fail_stale_jobs``).
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    result = models.FileField(upload_to="jobs/%Y/%m/", storage=private_storage, blank=True)
    result_name = models.CharField(max_length=200, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        db_table = "conference_job"  # created by the conference app before the job moved here
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.state})"

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def failure_message(self) -> str:
        """Why it failed, in the reader's language when Plenary itself gave up on it."""
        if self.details.get("stale"):
            return gettext(STALE_MESSAGE)
        return self.message

    @property
    def is_finished(self) -> bool:
        return self.state in {self.State.DONE, self.State.FAILED}


class WorkerHeartbeat(models.Model):
    """A task worker's last sign of life, written every ``HEARTBEAT_SECONDS`` by ``manage.py run_worker`` even
    while it waits for work: ``/healthz`` is red when no worker wrote one for ``PLENARY_WORKER_DEAD_MINUTES``."""

    worker = models.CharField(max_length=100, unique=True)  # host:pid, never shown by /healthz
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.worker} at {self.seen_at:%Y-%m-%d %H:%M:%S}"
