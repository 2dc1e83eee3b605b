import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from blog.validators import validate_image_upload


def image_file(fmt="PNG", size=(40, 30), name=None) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.effect_noise(size, 60).convert("RGB").save(buffer, fmt)
    return SimpleUploadedFile(name or f"bild.{fmt.lower()}", buffer.getvalue())


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "GIF"])
def test_real_images_are_accepted(fmt):
    validate_image_upload(image_file(fmt))


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("bild.jpg", b"<html><script>x()</script></html>"), "invalid_image"),
        (
            SimpleUploadedFile("bild.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
            "invalid_image",
        ),
        (SimpleUploadedFile("bild.png", image_file().read()[:30]), "invalid_image"),
        # whole header, half the picture: only decoding it all notices
        (
            SimpleUploadedFile("bild.jpg", image_file("JPEG", (400, 300)).read()[:4000]),
            "invalid_image",
        ),
        (
            SimpleUploadedFile("bild.png", image_file("PNG", (400, 300)).read()[:9000]),
            "invalid_image",
        ),
        (image_file("JPEG", name="bild.png"), "image_extension"),
        (image_file("PNG", name="bild.gif"), "image_extension"),
        (image_file("PNG", name="bild"), "image_extension"),
        (image_file("BMP", name="bild.bmp"), "image_format"),
    ],
)
def test_files_that_are_not_allowed_images_are_refused(upload, code):
    with pytest.raises(ValidationError) as error:
        validate_image_upload(upload)

    assert error.value.code == code


def test_too_large_files_are_refused(settings):
    settings.TINTE_MAX_IMAGE_BYTES = 100

    with pytest.raises(ValidationError) as error:
        validate_image_upload(image_file(size=(200, 200)))

    assert error.value.code == "image_too_large"


def test_too_many_pixels_are_refused(settings):
    settings.TINTE_MAX_IMAGE_PIXELS = 1000

    with pytest.raises(ValidationError) as error:
        validate_image_upload(image_file(size=(100, 100)))

    assert error.value.code == "image_too_many_pixels"
