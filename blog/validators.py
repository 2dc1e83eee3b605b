"""Checks for uploaded images: what a file is comes from its first bytes, before any image
decoder sees it.

Pillow reads some forty formats, and some of its readers are the risk: one allocates
whatever size a 284-byte header declares, another closes the file it was given. Tinte takes
four, so a file that does not begin like a JPEG, PNG, WebP or GIF is refused unread; one
that does is opened by that format's reader alone, its size checked from its header, and
only then decoded, once. The decoded picture is kept for the upload's lifetime, so that the
form, the model and the processing on saving (`blog.images`) share it.
"""

import posixpath
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image

# The formats Tinte takes, with the file name extensions each may carry.
ALLOWED_IMAGE_FORMATS = {
    "JPEG": ("jpg", "jpeg", "jfif"),
    "PNG": ("png",),
    "WEBP": ("webp",),
    "GIF": ("gif",),
}


def image_format_of(head: bytes) -> str | None:
    """JPEG, PNG, WEBP or GIF, from a file's first twelve bytes; None for anything else."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"  # also a camera's MPO: a JPEG with more pictures after it
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


def webp_size(head: bytes) -> tuple[int, int] | None:
    """The width and height a WebP file's first chunk declares.

    Pillow's WebP reader sets up libwebp's decoder, which takes memory for the whole
    picture, as it opens the file: the size is read here, before.
    """
    chunk = head[12:16]
    if chunk == b"VP8X" and len(head) >= 30:  # extended: the canvas
        return 1 + int.from_bytes(head[24:27], "little"), 1 + int.from_bytes(head[27:30], "little")
    if chunk == b"VP8L" and len(head) >= 25 and head[20] == 0x2F:  # lossless
        bits = int.from_bytes(head[21:25], "little")
        return 1 + (bits & 0x3FFF), 1 + (bits >> 14 & 0x3FFF)
    if chunk == b"VP8 " and len(head) >= 30 and head[23:26] == b"\x9d\x01\x2a":  # lossy
        return (
            int.from_bytes(head[26:28], "little") & 0x3FFF,
            int.from_bytes(head[28:30], "little") & 0x3FFF,
        )
    return None


@dataclass
class CheckedImage:
    """An upload that passed: its format and its picture, decoded (an animation's first
    frame), as the file holds it (not yet turned upright).
    """

    image_format: str
    image: Image.Image


def validate_image_upload(file) -> None:
    """Refuse files that are too large, not a JPEG, PNG, WebP or GIF by their first bytes,
    named as another format than they are, with too many pixels by their header, or that
    cannot be decoded to the end (truncated, broken).

    Only new uploads are checked: an image already stored passed when it came in, and is
    not opened again each time its post is saved.
    """
    if getattr(file, "_committed", False):
        return
    checked_upload(file)


def checked_upload(file) -> CheckedImage:
    """The upload, checked and decoded; decoded once however often it is asked for.

    Raises ValidationError with Tinte's message for anything it does not take.
    """
    upload = _upload(file)
    # Kept on the upload, as Django's own image form field keeps Pillow's image there.
    checked = getattr(upload, "checked_image", None)
    if checked is None:
        checked = _check(upload)
        upload.checked_image = checked
    return checked


def forget_checked_upload(file) -> None:
    """Let the decoded picture go once the upload is processed."""
    vars(_upload(file)).pop("checked_image", None)


def _upload(file):
    """The uploaded file itself, also when a model field holds it."""
    return file.file if isinstance(file, FieldFile) else file


def _check(upload) -> CheckedImage:
    if upload.size > settings.TINTE_MAX_IMAGE_BYTES:
        raise ValidationError(
            _("The image is %(size)s; the largest allowed is %(limit)s."),
            code="image_too_large",
            params={
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.TINTE_MAX_IMAGE_BYTES),
            },
        )
    upload.seek(0)
    head = upload.read(32)
    image_format = image_format_of(head)
    if image_format is None:
        raise ValidationError(
            _("Only JPEG, PNG, WebP and GIF images can be uploaded."), code="image_format"
        )
    extension = posixpath.splitext(upload.name or "")[1].lstrip(".").lower()
    if extension not in ALLOWED_IMAGE_FORMATS[image_format]:
        raise ValidationError(
            _(
                "The file is named .%(extension)s but is a %(format)s image. "
                "Rename it to .%(right)s."
            ),
            code="image_extension",
            params={
                "extension": extension,
                "format": image_format,
                "right": ALLOWED_IMAGE_FORMATS[image_format][0],
            },
        )
    limit = settings.TINTE_MAX_IMAGE_PIXELS
    if image_format == "WEBP" and (size := webp_size(head)) and size[0] * size[1] > limit:
        raise _too_many_pixels(size[0] * size[1], limit)
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            # Pillow's own warning about large pictures: Tinte's limit below says more.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(upload, formats=[image_format])  # reads the header only
    except Image.DecompressionBombError:
        raise _too_many_pixels(2 * Image.MAX_IMAGE_PIXELS, limit, more_than=True) from None
    except Exception:
        # Whatever a broken header makes the reader raise, the answer is the same.
        raise _unreadable() from None
    width, height = image.size
    if width * height > limit:
        raise _too_many_pixels(width * height, limit)
    try:
        image.load()  # decodes it all: a truncated file fails here
    except Exception:
        raise _unreadable() from None
    return CheckedImage(image_format=image_format, image=image)


def _unreadable() -> ValidationError:
    return ValidationError(_("This file is not an image Tinte can read."), code="invalid_image")


def _too_many_pixels(pixels: int, limit: int, *, more_than=False) -> ValidationError:
    params = {
        "pixels": number_format(pixels / 1_000_000, 1),
        "limit": number_format(limit / 1_000_000, 1),
    }
    if more_than:
        message = _(
            "The image has more than %(pixels)s megapixels; the largest allowed is %(limit)s."
        )
    else:
        message = _("The image has %(pixels)s megapixels; the largest allowed is %(limit)s.")
    return ValidationError(message, code="image_too_many_pixels", params=params)
