"""Uploaded pictures: cleaned, rendered in several widths, shown responsively, cleaned up."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image, ImageCms

from blog import images
from blog.models import Image as LibraryImage
from tests.factories import ImageFactory, PostFactory, picture_upload

pytestmark = pytest.mark.django_db

ORIENTATION, GPS = 0x0112, 0x8825


def gps_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "Kamera GmbH"  # maker
    exif[GPS] = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)}
    return exif


def stored(name: str) -> Image.Image:
    with default_storage.open(name) as file:
        image = Image.open(io.BytesIO(file.read()))
        image.load()
        return image


def test_a_photo_with_a_gps_position_comes_out_without_any_metadata():
    upload = picture_upload(size=(600, 400), exif=gps_exif())
    assert Image.open(upload).getexif().get_ifd(GPS)  # the test photo does carry a position
    upload.seek(0)

    image = ImageFactory(file=upload)

    kept = stored(image.file.name)
    assert not kept.getexif()
    assert "exif" not in kept.info
    with default_storage.open(image.file.name) as file:
        data = file.read()
    assert b"Exif" not in data and b"Kamera GmbH" not in data


def test_the_exif_orientation_is_applied():
    # Orientation 6: the camera was turned; the picture is shown turned 90° clockwise.
    image = ImageFactory(file=picture_upload(size=(600, 400), exif=gps_exif(orientation=6)))

    assert (image.width, image.height) == (400, 600)
    assert stored(image.file.name).size == (400, 600)


def test_renditions_are_made_in_the_narrower_widths_in_webp_and_the_original_format():
    image = ImageFactory(file=picture_upload(size=(2000, 1000)))
    name = image.file.name

    for width in (480, 960, 1600):
        webp = stored(images.rendition_name(name, width, "webp"))
        jpeg = stored(images.rendition_name(name, width, "jpg"))
        assert (webp.format, webp.size) == ("WEBP", (width, width // 2))
        assert (jpeg.format, jpeg.size) == ("JPEG", (width, width // 2))
    assert stored(images.opengraph_name(name)).size == (1200, 630)


def test_a_small_picture_gets_no_wider_renditions():
    image = ImageFactory(file=picture_upload(fmt="PNG", size=(700, 300)))

    assert default_storage.exists(images.rendition_name(image.file.name, 480, "png"))
    assert not default_storage.exists(images.rendition_name(image.file.name, 960, "png"))
    assert not default_storage.exists(images.rendition_name(image.file.name, 960, "webp"))


def test_library_pictures_in_a_post_are_responsive_with_their_size_and_alt_text(client):
    image = ImageFactory(file=picture_upload(size=(2000, 1000)), alt="Apfelbaum")
    post = PostFactory(
        body=f'<figure><img src="{image.url}"><figcaption>Im Garten</figcaption></figure>'
        '<p><img src="https://example.org/fremd.png" alt="Fremd"></p>'
    )

    html = client.get(post.get_absolute_url()).content.decode()

    name = image.file.name
    assert '<source type="image/webp" srcset="' in html
    assert f"/media/{images.rendition_name(name, 480, 'webp')} 480w" in html
    assert f"/media/{images.rendition_name(name, 1600, 'jpg')} 1600w" in html
    assert f"/media/{name} 2000w" in html
    assert 'width="2000" height="1000" alt="Apfelbaum"' in html
    assert 'loading="lazy"' in html
    assert '<img src="https://example.org/fremd.png" alt="Fremd" loading="lazy">' in html


def test_the_cover_image_is_a_picture_with_renditions_and_the_opengraph_crop(client):
    post = PostFactory(cover_image=picture_upload(size=(1600, 900)), cover_image_alt="Deckel")

    html = client.get(post.get_absolute_url()).content.decode()

    assert f"/media/{images.rendition_name(post.cover_image.name, 960, 'webp')} 960w" in html
    assert 'width="1600" height="900" alt="Deckel"' in html
    assert f"/media/{images.opengraph_name(post.cover_image.name)}" in html


def test_deleting_an_image_deletes_its_files(django_capture_on_commit_callbacks):
    image = ImageFactory(file=picture_upload(size=(1000, 500)))
    names = [image.file.name, images.rendition_name(image.file.name, 480, "webp")]

    with django_capture_on_commit_callbacks(execute=True):
        image.delete()

    assert not any(default_storage.exists(name) for name in names)


def test_replacing_a_cover_image_leaves_no_orphans(django_capture_on_commit_callbacks):
    post = PostFactory(cover_image=picture_upload(size=(1000, 500)), cover_image_alt="Alt")
    old = post.cover_image.name

    with django_capture_on_commit_callbacks(execute=True):
        post.cover_image = picture_upload(size=(800, 400), name="neu.jpg")
        post.save()

    assert not default_storage.exists(old)
    assert not default_storage.exists(images.rendition_name(old, 480, "webp"))
    assert default_storage.exists(post.cover_image.name)


def test_deleting_a_post_deletes_its_cover_image(django_capture_on_commit_callbacks):
    post = PostFactory(cover_image=picture_upload(size=(1000, 500)), cover_image_alt="Alt")
    name = post.cover_image.name

    with django_capture_on_commit_callbacks(execute=True):
        post.delete()

    assert not default_storage.exists(name)
    assert not default_storage.exists(images.opengraph_name(name))


def test_clean_media_removes_only_orphaned_files():
    kept = ImageFactory(file=picture_upload(size=(1000, 500)))
    orphan = ImageFactory(file=picture_upload(size=(1000, 500)))
    # The row goes without its files, as after a crash or a rolled-back upload.
    LibraryImage.objects.filter(pk=orphan.pk).delete()

    out = io.StringIO()
    call_command("clean_media", "--min-age=0", stdout=out)

    assert not default_storage.exists(orphan.file.name)
    assert not default_storage.exists(images.rendition_name(orphan.file.name, 480, "webp"))
    assert default_storage.exists(kept.file.name)
    assert default_storage.exists(images.rendition_name(kept.file.name, 480, "webp"))
    assert "orphan" in out.getvalue()


def test_clean_media_dry_run_and_young_files_delete_nothing():
    orphan = ImageFactory(file=picture_upload(size=(600, 300)))
    LibraryImage.objects.filter(pk=orphan.pk).delete()

    call_command("clean_media", "--dry-run", "--min-age=0", stdout=io.StringIO())
    call_command("clean_media", stdout=io.StringIO())  # younger than an hour

    assert default_storage.exists(orphan.file.name)


def test_an_animated_gif_keeps_its_frames():
    frames = [Image.new("RGB", (60, 40), (120 * i, 0, 0)) for i in range(3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    upload = SimpleUploadedFile("tanz.gif", buffer.getvalue(), content_type="image/gif")

    image = ImageFactory(file=upload)

    assert stored(image.file.name).n_frames == 3


def test_the_colour_profile_is_kept(tmp_path):
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    Image.effect_noise((800, 400), 40).convert("RGB").save(buffer, "JPEG", icc_profile=profile)
    upload = SimpleUploadedFile("farbe.jpg", buffer.getvalue(), content_type="image/jpeg")

    image = ImageFactory(file=upload)

    assert stored(image.file.name).info.get("icc_profile") == profile
    webp = stored(images.rendition_name(image.file.name, 480, "webp"))
    assert webp.info.get("icc_profile") == profile


def test_phones_with_dense_screens_get_webp_in_full_width(client):
    image = ImageFactory(file=picture_upload(size=(1200, 1600)), alt="Hochformat")
    post = PostFactory(body=f'<p><img src="{image.url}"></p>')

    html = client.get(post.get_absolute_url()).content.decode()

    webp_srcset = html.split('<source type="image/webp" srcset="')[1].split('"')[0]
    assert f"{images.rendition_name(image.file.name, 1200, 'webp')} 1200w" in webp_srcset
    assert ".jpg " not in webp_srcset


def test_a_picture_shown_in_a_post_cannot_be_deleted_from_under_it(admin_client):
    image = ImageFactory()
    post = PostFactory(title="Mit Apfelbaum", body=f'<p><img src="{image.url}" alt="A"></p>')

    url = reverse("admin:blog_image_delete", args=[image.pk])
    page = admin_client.get(url).content.decode()
    response = admin_client.post(url, {"post": "yes"})

    assert "Mit Apfelbaum" in page and post.get_absolute_url() in page
    assert response.status_code == 200  # the confirmation again, naming what protects it
    assert LibraryImage.objects.filter(pk=image.pk).exists()
    assert default_storage.exists(image.file.name)


def test_descriptions_with_ampersands_are_escaped_once(client):
    image = ImageFactory(file=picture_upload(size=(1000, 500)), alt="Äpfel & Birnen")
    post = PostFactory(
        body=f'<figure><img src="{image.url}"></figure>'
        f'<p><img src="{image.url}" alt="Tom &amp; Jerry"></p>'
    )

    html = client.get(post.get_absolute_url()).content.decode()

    assert 'alt="Äpfel &amp; Birnen"' in html
    assert 'alt="Tom &amp; Jerry"' in html
    assert "&amp;amp;" not in html
    post.save()  # saving again changes nothing
    assert "&amp;amp;" not in post.body


def test_an_animated_gif_is_shown_as_it_came_without_still_copies(client):
    frames = [Image.new("RGB", (600, 400), (120 * i, 0, 0)) for i in range(3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    upload = SimpleUploadedFile("tanz.gif", buffer.getvalue(), content_type="image/gif")
    image = ImageFactory(file=upload)
    post = PostFactory(body=f'<p><img src="{image.url}"></p>')

    html = client.get(post.get_absolute_url()).content.decode()

    assert "image/webp" not in html
    assert f'<img src="/media/{image.file.name}"' in html
    assert not default_storage.exists(images.rendition_name(image.file.name, 480, "webp"))


def test_single_quoted_descriptions_are_kept(client):
    image = ImageFactory(alt="Aus der Bibliothek")
    post = PostFactory(body=f"""<p><img src="{image.url}" alt='A &amp; "B"'></p>""")

    html = client.get(post.get_absolute_url()).content.decode()

    assert 'alt="A &amp; &quot;B&quot;"' in html
