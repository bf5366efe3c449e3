"""QR codes as small PNG data URIs, for badges and PDFs (faster than qrcode's SVG: see bench/badges.py)."""

import base64
import io

import qrcode
import qrcode.constants
from PIL import Image


def qr_png_data_uri(text: str, *, version: int | None = None, box_size: int = 8, border: int = 2) -> str:
    """A QR code as a small PNG data URI, error correction M.

    Fixing ``version`` and the mask pattern skips qrcode's trial of all eight masks (about 10x faster);
    callers with fixed-length content (badge URLs) pass the version that fits.
    """
    code = qrcode.QRCode(
        version=version,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        box_size=box_size,
        border=border,
        mask_pattern=0 if version else None,
    )
    code.add_data(text)
    code.make(fit=version is None)
    # Pillow builds the image from the module matrix at once: qrcode's own image factory draws the
    # modules one rectangle at a time, which costs as much as encoding (bench/badges.py).
    matrix = code.get_matrix()
    size = len(matrix)
    # Greyscale ("L"), not 1-bit: WeasyPrint embeds a greyscale PNG as it is and converts a 1-bit one.
    image = Image.frombytes("L", (size, size), bytes(0 if dark else 255 for row in matrix for dark in row))
    if box_size > 1:
        image = image.resize((size * box_size, size * box_size), Image.Resampling.NEAREST)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def qr_version_for(url: str) -> int:
    """The smallest QR version (error correction M) that holds ``url``: badge and verification URLs all have
    one length, so a batch computes it once."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(url)
    return code.best_fit()
