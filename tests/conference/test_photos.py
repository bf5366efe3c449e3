"""Speaker photos: stored without metadata under random names, served only while the person is public."""

import io
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from conference.models import Person
from plenary.permissions import SECRETARIAT
from tests.factories import PersonFactory, UserFactory
from tests.programme import PNG

pytestmark = pytest.mark.django_db

UPLOADED_NAME = "Khaled_Saleh_Ramallah.jpg"
GPS_IFD = 0x8825
ARTIST = 0x013B


def jpeg_with_metadata(size=(64, 48)) -> bytes:
    """A phone photo: EXIF with the photographer's name and the GPS position where it was taken."""
    exif = Image.Exif()
    exif[ARTIST] = "Khaled Saleh"
    exif[GPS_IFD] = {1: "N", 2: (31.0, 54.0, 0.0), 3: "E", 4: (35.0, 12.0, 0.0)}
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="JPEG", exif=exif, comment=b"Ramallah, 2024")
    return buffer.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A small file whose header declares a huge image (a decompression bomb)."""
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, format="PNG")
    return buffer.getvalue()


def stored(person: Person) -> Image.Image:
    person.refresh_from_db()
    with person.photo.open("rb") as file:
        image = Image.open(io.BytesIO(file.read()))
        image.load()
    return image


def assert_clean(person: Person) -> None:
    image = stored(person)
    assert dict(image.getexif()) == {}
    assert not {"exif", "comment", "xmp", "icc_profile"} & set(image.info)
    assert "Khaled" not in person.photo.name and "Ramallah" not in person.photo.name
    if settings.PLENARY_FILE_STORAGE == "filesystem":
        assert Path(person.photo.path).is_relative_to(settings.PRIVATE_MEDIA_ROOT)
    with person.photo.open("rb") as file:
        data = file.read()
    assert b"Khaled" not in data and b"Ramallah" not in data
    assert not list(Path(settings.MEDIA_ROOT).rglob(UPLOADED_NAME))


def test_a_photo_saved_through_the_orm_loses_its_metadata_and_its_name():
    person = PersonFactory(photo=SimpleUploadedFile(UPLOADED_NAME, jpeg_with_metadata(), content_type="image/jpeg"))
    assert_clean(person)


def test_a_photo_uploaded_in_the_admin_loses_its_metadata_and_its_name(client, secretariat_user):
    secretariat_user.is_staff = True
    secretariat_user.save()
    client.force_login(secretariat_user)
    person = PersonFactory(name="Khaled Saleh")
    response = client.post(
        reverse("admin:conference_person_change", args=[person.pk]),
        {
            "name": person.name,
            "visibility": Person.Visibility.PUBLIC,
            "photo": SimpleUploadedFile(UPLOADED_NAME, jpeg_with_metadata(), content_type="image/jpeg"),
            "participations-TOTAL_FORMS": "0",
            "participations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert_clean(person)


def test_a_huge_photo_is_scaled_down():
    person = PersonFactory(photo=SimpleUploadedFile("big.jpg", jpeg_with_metadata((4000, 3000))))
    assert max(stored(person).size) == 1600


def test_a_decompression_bomb_is_refused_with_a_message_and_nothing_is_stored():
    bomb = SimpleUploadedFile("bomb.png", png_declaring(20_000, 20_000), content_type="image/png")
    person = PersonFactory.build(photo=bomb)
    with pytest.raises(ValidationError, match="too large"):
        person.full_clean()
    with pytest.raises(ValidationError):
        person.save()
    assert not list(Path(settings.PRIVATE_MEDIA_ROOT).rglob("*bomb*"))


def test_a_file_that_is_not_an_image_is_refused():
    person = PersonFactory.build(photo=SimpleUploadedFile("photo.jpg", b"<?php system($_GET['c']); ?>"))
    with pytest.raises(ValidationError):
        person.full_clean()


def test_the_public_sees_a_public_speakers_photo(client, programme):
    response = client.get(programme.public.photo.url)
    assert response.status_code == 200
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (1, 1)
    assert "no-cache" in response["Cache-Control"]


def test_a_stranger_cannot_fetch_an_anonymous_witness_photo(client, programme):
    assert client.get(programme.anonymous.photo.url).status_code == 404
    # Nor under the uploaded name in the media folder, the way it used to be.
    assert client.get("/media/people/hidden-witness-photo.png").status_code == 404


def test_making_a_speaker_anonymous_withdraws_the_photo_at_once(client, programme):
    url = programme.public.photo.url
    assert client.get(url).status_code == 200
    programme.public.visibility = Person.Visibility.ANONYMOUS
    programme.public.save()
    assert client.get(url).status_code == 404
    programme.public.visibility = Person.Visibility.NAME_ONLY
    programme.public.save()
    assert client.get(url).status_code == 404


def test_a_public_person_not_yet_on_the_published_programme_has_no_public_photo(client):
    person = PersonFactory(photo=SimpleUploadedFile("p.jpg", jpeg_with_metadata()))
    assert client.get(person.photo.url).status_code == 404


def test_a_delegate_cannot_fetch_a_witness_photo_but_the_secretariat_can(client, programme, delegate_user):
    client.force_login(delegate_user)
    assert client.get(programme.anonymous.photo.url).status_code == 404
    client.force_login(UserFactory(groups=[SECRETARIAT], is_staff=True, totp=True))
    assert client.get(programme.anonymous.photo.url).status_code == 200


class ImageSources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.sources.append(dict(attrs)["src"])


def image_sources(page: str) -> list[str]:
    parser = ImageSources()
    parser.feed(page)
    return parser.sources


def assert_serves_the_photo(client, src: str) -> None:
    response = client.get(src)
    assert response.status_code == 200, src
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (1, 1)


def speaker_pages(programme) -> dict[str, str]:
    slug = programme.conference.slug
    return {
        "list": reverse("conference:speakers", kwargs={"slug": slug}),
        "page": reverse("conference:speaker", kwargs={"slug": slug, "pk": programme.public.pk}),
    }


@pytest.mark.parametrize("page", ["list", "page"])
def test_a_public_speakers_photo_shows_on_the_speaker_pages_and_loads(client, programme, page):
    sources = image_sources(client.get(speaker_pages(programme)[page]).content.decode())
    assert sources == [programme.public.photo.url]
    assert_serves_the_photo(client, sources[0])


def test_the_list_shows_no_photo_of_a_name_only_person_and_the_photo_address_is_404(client, programme):
    programme.name_only.photo = SimpleUploadedFile("rim.png", PNG, content_type="image/png")
    programme.name_only.save()
    listing = client.get(speaker_pages(programme)["list"]).content.decode()
    assert "Rim Khatib" in listing
    assert programme.name_only.photo.url not in listing
    assert image_sources(listing) == [programme.public.photo.url]
    assert client.get(programme.name_only.photo.url).status_code == 404


def test_no_page_shows_an_anonymous_witness_photo_and_its_address_is_404(client, programme):
    slug = programme.conference.slug
    pages = [
        *speaker_pages(programme).values(),
        reverse("conference:session", kwargs={"slug": slug, "pk": programme.testimony.pk}),
    ]
    for path in pages:
        assert programme.anonymous.photo.url not in client.get(path).content.decode(), path
    assert (
        client.get(reverse("conference:speaker", kwargs={"slug": slug, "pk": programme.anonymous.pk})).status_code
        == 404
    )
    assert client.get(programme.anonymous.photo.url).status_code == 404
