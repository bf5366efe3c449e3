"""The files of plenary.storage.DatabaseStorage: one row per file, in the database every machine shares."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredFile(models.Model):
    """A private file (badge batch, letter, upload waiting to be applied, photo) kept in the database, so that
    every web server and worker reaches it and a database backup holds it. Files here are small: a 1,000-badge
    PDF is about 1.3 MB."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    content = models.BinaryField(_("content"))
    size = models.PositiveIntegerField(_("size"))
    modified_at = models.DateTimeField(_("modified at"), db_index=True)

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")

    def __str__(self) -> str:
        return self.name
