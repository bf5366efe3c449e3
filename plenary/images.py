"""Images as Plenary keeps them: re-encoded by Pillow, every byte of metadata dropped, size bounded.

A speaker's photo from a phone carries EXIF: the GPS position where it was taken, the camera owner's
name ("Artist"), the date. Re-encoding the pixels into a new file is the one way to be sure none of it
survives, whatever the format hid it in (EXIF, XMP, IPTC, PNG text chunks, ICC comments).
"""

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_SIDE = 1600  # pixels: larger than any page shows a speaker photo
MAX_SOURCE_PIXELS = 40_000_000  # refused before decoding: a small file can declare a huge image
MAX_SOURCE_BYTES = 15 * 1024 * 1024
JPEG_QUALITY = 85


def _open(content) -> Image.Image:
    content.seek(0)
    try:
        image = Image.open(content)
    except Image.DecompressionBombError as error:
        raise ValidationError(_("This image is too large; at most 40 megapixels."), code="image_too_large") from error
    except (UnidentifiedImageError, OSError) as error:
        raise ValidationError(
            _("This file is not an image Plenary can read (JPEG, PNG, WebP)."), code="image"
        ) from error
    width, height = image.size
    if width * height > MAX_SOURCE_PIXELS:
        raise ValidationError(
            _("This image is too large (%(width)s × %(height)s pixels); at most 40 megapixels."),
            code="image_too_large",
            params={"width": width, "height": height},
        )
    return image


def validate_image(content) -> None:
    """For forms and the admin: refuses, with a message, what ``reencoded_image`` would refuse."""
    if getattr(content, "size", 0) and content.size > MAX_SOURCE_BYTES:
        raise ValidationError(_("This image is larger than 15 MB."), code="image_too_large")
    _open(content)
    content.seek(0)


def reencoded_image(content) -> tuple[bytes, str]:
    """The image's pixels in a fresh JPEG (PNG when it has transparency), at most ``MAX_SIDE`` wide and
    high, upright, with no metadata. Returns the bytes and the file extension."""
    image = _open(content)
    try:
        image = ImageOps.exif_transpose(image)  # keep the orientation the EXIF data asked for, then drop it
        image.thumbnail((MAX_SIDE, MAX_SIDE))
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(_("This image could not be read."), code="image") from error
    transparent = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    image = image.convert("RGBA" if transparent else "RGB")
    image.info.clear()  # Pillow writes some of it back (a JPEG comment, for one) unless told not to
    buffer = io.BytesIO()
    if transparent:
        image.save(buffer, format="PNG", optimize=True)
        return buffer.getvalue(), "png"
    image.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return buffer.getvalue(), "jpg"
