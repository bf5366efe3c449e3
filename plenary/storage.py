"""Where files with personal data live: private folders that are never served as media, only through views
that check who asks."""

import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.urls import reverse

from plenary.images import reencoded_image


def private_storage() -> FileSystemStorage:
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT)


class ReencodedImageStorage(FileSystemStorage):
    """Private images (photos of people, a signatory's signature). Every file is re-encoded without metadata
    as it is stored, whichever way it comes in (admin, form, a script through the ORM), and gets a random
    name: the uploaded file name ("Khaled_Saleh_Ramallah.jpg") is never kept."""

    def __init__(self) -> None:
        super().__init__(location=settings.PRIVATE_MEDIA_ROOT)

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
