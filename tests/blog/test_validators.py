import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from blog.validators import ALLOWED_IMAGE_FORMATS, validate_image_upload, webp_size
from tests.blog.odd_pictures import huge_gif, huge_jpeg, huge_png, huge_webp, refused_formats


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
        (SimpleUploadedFile("bild.jpg", b"<html><script>x()</script></html>"), "image_format"),
        (
            SimpleUploadedFile("bild.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
            "image_format",
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


@pytest.fixture
def pillow_must_not_decode(monkeypatch):
    """Any decoding by Pillow fails the test: what is refused here is refused unread."""

    def refuse(*args, **kwargs):
        raise AssertionError("decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)
    return monkeypatch


@pytest.mark.parametrize("image_format", sorted(refused_formats()))
def test_formats_pillow_reads_are_refused_by_their_first_bytes_unopened(
    pillow_must_not_decode, image_format
):
    pillow_must_not_decode.setattr(Image, "open", lambda *args, **kwargs: 1 / 0)
    name, data = refused_formats()[image_format]

    for named in (name, "bild.jpg", "bild.png"):
        with pytest.raises(ValidationError) as error:
            validate_image_upload(SimpleUploadedFile(named, data))
        assert error.value.code == "image_format"


@pytest.mark.parametrize("make", [huge_png, huge_gif, huge_jpeg, huge_webp])
@pytest.mark.parametrize("size", [(8000, 6000), (12_000, 12_000), (16_000, 16_000)])
def test_too_many_pixels_are_refused_from_the_header_before_decoding(
    pillow_must_not_decode, make, size
):
    extension = {huge_png: "png", huge_gif: "gif", huge_jpeg: "jpg", huge_webp: "webp"}[make]

    with pytest.raises(ValidationError) as error:
        validate_image_upload(SimpleUploadedFile(f"bild.{extension}", make(*size)))

    assert error.value.code == "image_too_many_pixels"
    if size == (8000, 6000):
        assert "48,0 Megapixel; erlaubt sind höchstens 40,0" in error.value.messages[0]


def test_a_webp_is_measured_by_its_first_chunk_whichever_kind():
    lossy, lossless, animated = io.BytesIO(), io.BytesIO(), io.BytesIO()
    Image.new("RGB", (37, 21)).save(lossy, "WEBP")
    Image.new("RGB", (37, 21)).save(lossless, "WEBP", lossless=True)
    frames = [Image.new("RGB", (37, 21), colour) for colour in ("red", "blue")]
    frames[0].save(animated, "WEBP", save_all=True, append_images=frames[1:])

    for file in (lossy, lossless, animated):
        assert webp_size(file.getvalue()[:32]) == (37, 21)
    assert webp_size(huge_webp(16_000, 12_000)[:32]) == (16_000, 12_000)


@pytest.mark.filterwarnings("ignore:IM image format is deprecated:DeprecationWarning")
@pytest.mark.parametrize("image_format", sorted(refused_formats()))
def test_the_refused_files_are_pictures_pillow_reads(image_format):
    name, data = refused_formats()[image_format]

    with Image.open(io.BytesIO(data)) as image:
        assert image.size > (0, 0)
        assert image.format not in ALLOWED_IMAGE_FORMATS
