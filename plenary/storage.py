"""Where files with personal data live: private storage that is never served as media, only through views
that check who asks.

``PLENARY_FILE_STORAGE`` chooses it: ``filesystem`` (the default: folders under ``PRIVATE_MEDIA_ROOT``, for one
machine) or ``database`` (``DatabaseStorage``: rows in the database every web server and worker shares, and that
a database backup holds). The choice is read at every call, not when the models load, so that a field's storage
follows the setting.
"""

import posixpath
import secrets
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from plenary.images import reencoded_image

FILESYSTEM, DATABASE = "filesystem", "database"


class DatabaseStorage(Storage):
    """Files as rows of ``plenary.file_store.StoredFile``, under an optional folder (``location``)."""

    def __init__(self, location: str = "") -> None:
        self.location = location.strip("/")

    def _full(self, name: str) -> str:
        return posixpath.join(self.location, name) if self.location else name

    @staticmethod
    def _files():
        from plenary.file_store import StoredFile  # the models load after this module

        return StoredFile.objects

    def _open(self, name: str, mode: str = "rb") -> ContentFile:
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("DatabaseStorage opens files for reading only; save() writes them.")
        row = self._files().filter(name=self._full(name)).values_list("content", flat=True).first()
        if row is None:
            raise FileNotFoundError(name)
        return ContentFile(bytes(row), name=name)

    def _save(self, name: str, content) -> str:
        data = b"".join(content.chunks())
        while True:
            try:
                with transaction.atomic():
                    self._files().create(
                        name=self._full(name), content=data, size=len(data), modified_at=timezone.now()
                    )
                return name
            except IntegrityError:  # another process took the name between exists() and here
                name = self.get_available_name(name)

    def delete(self, name: str) -> None:
        self._files().filter(name=self._full(name)).delete()

    def exists(self, name: str) -> bool:
        return self._files().filter(name=self._full(name)).exists()

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        prefix = self._full(path).strip("/")
        prefix = f"{prefix}/" if prefix else ""
        directories, files = set(), []
        for full in self._files().filter(name__startswith=prefix).values_list("name", flat=True):
            head, _, tail = full[len(prefix) :].partition("/")
            if tail:
                directories.add(head)
            else:
                files.append(head)
        if not prefix or directories or files:
            return sorted(directories), sorted(files)
        raise FileNotFoundError(path)

    def size(self, name: str) -> int:
        size = self._files().filter(name=self._full(name)).values_list("size", flat=True).first()
        if size is None:
            raise FileNotFoundError(name)
        return size

    def get_modified_time(self, name: str):
        stamp = self._files().filter(name=self._full(name)).values_list("modified_at", flat=True).first()
        if stamp is None:
            raise FileNotFoundError(name)
        return stamp

    def url(self, name: str | None) -> str:
        raise NotImplementedError("Private files have no address: a view serves them after checking who asks.")


def _configured_backend(location: str) -> Storage:
    kind = settings.PLENARY_FILE_STORAGE
    if kind == DATABASE:
        return DatabaseStorage(location)
    if kind == FILESYSTEM:
        return FileSystemStorage(location=Path(settings.PRIVATE_MEDIA_ROOT) / location)
    raise ImproperlyConfigured(f"PLENARY_FILE_STORAGE must be {FILESYSTEM!r} or {DATABASE!r}, not {kind!r}.")


class PrivateStorage(Storage):
    """The private storage the settings choose, asked afresh at each call (``location``: a folder in it)."""

    def __init__(self, location: str = "") -> None:
        self.location = location

    @property
    def backend(self) -> Storage:
        return _configured_backend(self.location)

    def _open(self, name: str, mode: str = "rb"):
        return self.backend._open(name, mode)

    def _save(self, name: str, content) -> str:
        return self.backend._save(name, content)

    def delete(self, name: str) -> None:
        self.backend.delete(name)

    def exists(self, name: str) -> bool:
        return self.backend.exists(name)

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        return self.backend.listdir(path)

    def size(self, name: str) -> int:
        return self.backend.size(name)

    def get_modified_time(self, name: str):
        return self.backend.get_modified_time(name)

    def path(self, name: str) -> str:
        return self.backend.path(name)

    def url(self, name: str | None) -> str:
        raise NotImplementedError("Private files have no address: a view serves them after checking who asks.")


def private_storage(location: str = "") -> PrivateStorage:
    return PrivateStorage(location)


class ReencodedImageStorage(PrivateStorage):
    """Private images (photos of people, a signatory's signature). Every file is re-encoded without metadata
    as it is stored, whichever way it comes in (admin, form, a script through the ORM), and gets a random
    name: the uploaded file name ("Khaled_Saleh_Ramallah.jpg") is never kept."""

    def _save(self, name: str, content) -> str:
        data, extension = reencoded_image(content)
        folder = PurePosixPath(name).parent
        return super()._save(str(folder / f"{secrets.token_urlsafe(18)}.{extension}"), ContentFile(data))


def reencoded_image_storage() -> ReencodedImageStorage:
    return ReencodedImageStorage()


class PhotoStorage(ReencodedImageStorage):
    """Photos of people. Their address is a view that checks, at every request, whether the person's current
    visibility allows the photo to be seen."""

    def url(self, name: str | None) -> str:
        return reverse("programme_files:person_photo", args=[PurePosixPath(name or "").name])


def photo_storage() -> PhotoStorage:
    return PhotoStorage()
