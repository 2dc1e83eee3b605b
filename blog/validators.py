"""Checks for uploaded images, on top of the Pillow check Django's ImageField already does."""

import posixpath

from django.conf import settings
from django.core.exceptions import ValidationError
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


def validate_image_upload(file) -> None:
    """Refuse files that are too large, too many pixels, truncated, not a JPEG, PNG, WebP or
    GIF, or named as another format than they are.

    Only new uploads are checked: an image already stored passed when it came in, and is
    not opened again each time its post is saved.
    """
    if getattr(file, "_committed", False):
        return
    if file.size > settings.TINTE_MAX_IMAGE_BYTES:
        raise ValidationError(
            _("The image is %(size)s; the largest allowed is %(limit)s."),
            code="image_too_large",
            params={
                "size": filesizeformat(file.size),
                "limit": filesizeformat(settings.TINTE_MAX_IMAGE_BYTES),
            },
        )
    limit = settings.TINTE_MAX_IMAGE_PIXELS
    position = file.tell() if hasattr(file, "tell") else None
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format, (width, height) = image.format, image.size
            if image_format in ALLOWED_IMAGE_FORMATS and width * height <= limit:
                image.load()  # decodes it all: a truncated file fails here
    except (OSError, SyntaxError, Image.DecompressionBombError, ValueError):
        raise ValidationError(
            _("This file is not an image Tinte can read."), code="invalid_image"
        ) from None
    finally:
        if position is not None:
            file.seek(position)
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(
            _("Only JPEG, PNG, WebP and GIF images can be uploaded."), code="image_format"
        )
    extension = posixpath.splitext(file.name or "")[1].lstrip(".").lower()
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
    if width * height > limit:
        raise ValidationError(
            _("The image has %(pixels)s megapixels; the largest allowed is %(limit)s."),
            code="image_too_many_pixels",
            params={
                "pixels": number_format(width * height / 1_000_000, 1),
                "limit": number_format(limit / 1_000_000, 1),
            },
        )
