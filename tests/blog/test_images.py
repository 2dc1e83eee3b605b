"""Uploaded pictures: cleaned, rendered in several widths, shown responsively, cleaned up."""

import io
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from PIL import Image, ImageChops, ImageCms, ImageFile, ImageFilter, ImageStat

from blog import images
from blog.models import Image as LibraryImage
from blog.models import Post
from blog.services import post_create
from tests.blog.odd_pictures import (
    huge_gif,
    huge_jpeg,
    huge_pcx,
    huge_png,
    huge_sgi,
    huge_tga,
    huge_webp,
    refused_formats,
)
from tests.factories import ImageFactory, PostFactory, UserFactory, picture_upload

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


# Files Pillow reads but Tinte does not take: refused by their first bytes, on every way in.

REFUSED = refused_formats()
NOT_TAKEN = "Nur JPEG-, PNG-, WebP- und GIF-Bilder können hochgeladen werden."


def nothing_stored() -> bool:
    return not any(default_storage.exists(folder) for folder in ("images", "covers", "renditions"))


@pytest.mark.parametrize("named", ["own", "jpg"])
@pytest.mark.parametrize("image_format", sorted(REFUSED))
def test_a_picture_in_a_format_tinte_does_not_take_is_refused_in_the_library(
    admin_client, image_format, named
):
    name, data = REFUSED[image_format]
    upload = SimpleUploadedFile(name if named == "own" else "foto.jpg", data)

    response = admin_client.post(reverse("admin:blog_image_add"), {"file": upload, "alt": "Bild"})

    assert response.status_code == 200
    assert NOT_TAKEN in response.content.decode()
    assert not LibraryImage.objects.exists()
    assert nothing_stored()


def test_the_file_chooser_offers_the_four_formats(admin_client):
    for form in ("admin:blog_image_add", "admin:blog_post_add"):
        html = admin_client.get(reverse(form)).content.decode()

        assert 'accept="image/jpeg,image/png,image/webp,image/gif"' in html


@pytest.mark.parametrize("image_format", sorted(REFUSED))
def test_a_cover_image_in_a_format_tinte_does_not_take_is_refused(
    admin_client, admin_user, image_format
):
    name, data = REFUSED[image_format]
    form = {
        "title": "Mit Bild",
        "slug": "",
        "body": "<p>Text</p>",
        "labels": "",
        "status": "draft",
        "author": admin_user.pk,
        "excerpt": "",
        "cover_image": SimpleUploadedFile(name, data),
        "cover_image_alt": "Bild",
    }

    response = admin_client.post(reverse("admin:blog_post_add"), form)

    assert response.status_code == 200
    assert NOT_TAKEN in response.content.decode()
    assert not Post.objects.exists()
    assert nothing_stored()


@pytest.mark.parametrize("image_format", ["ICO-BMP", "XPM-256", "DDS", "FTEX"])
def test_other_ways_in_refuse_them_too_before_anything_is_stored(image_format):
    name, data = REFUSED[image_format]

    with pytest.raises(ValidationError) as library:
        LibraryImage(file=SimpleUploadedFile(name, data), alt="Bild").full_clean()
    with pytest.raises(ValidationError), transaction.atomic():
        # A way in that forgets to check first is stopped when saving.
        LibraryImage(file=SimpleUploadedFile(name, data), alt="Bild").save()
    with pytest.raises(ValidationError) as cover:
        post_create(
            title="Mit Bild",
            author=UserFactory(),
            cover_image=SimpleUploadedFile(name, data),
            cover_image_alt="Bild",
        )

    assert library.value.message_dict == {"file": [NOT_TAKEN]}
    assert cover.value.message_dict == {"cover_image": [NOT_TAKEN]}
    assert not LibraryImage.objects.exists() and not Post.objects.exists()
    assert nothing_stored()


def test_the_importer_refuses_a_downloaded_picture_tinte_does_not_take(tmp_path):
    import threading
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    name, data = REFUSED["ICO-BMP"]
    (tmp_path / "icon.png").write_bytes(data)  # an icon, named as a PNG
    handler = partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_address[1]}/icon.png"
    export = tmp_path / "export.xml"
    export.write_text(WORDPRESS_WITH_PICTURE.format(address=address))

    out = io.StringIO()
    try:
        call_command("import_wordpress", str(export), "--download-media", stdout=out)
    finally:
        server.shutdown()

    assert NOT_TAKEN in out.getvalue()
    assert address in Post.objects.get().body  # the old address stays
    assert not LibraryImage.objects.exists()
    assert nothing_stored()


WORDPRESS_WITH_PICTURE = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Alt</title><link>https://alt.example</link><wp:wxr_version>1.2</wp:wxr_version>
<item><title>Mit Bild</title><link>https://alt.example/mit-bild/</link>
<dc:creator>gerda</dc:creator>
<content:encoded><![CDATA[<p><img src="{address}" alt="Ein Symbol"></p>]]></content:encoded>
<wp:post_id>1</wp:post_id><wp:post_date_gmt>2020-01-01 08:00:00</wp:post_date_gmt>
<wp:post_name>mit-bild</wp:post_name><wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type></item>
</channel></rss>"""


# What refusing a file costs: memory, measured in a process of its own (Pillow allocates
# outside Python's view, so tracemalloc would not see it). Linux only: /proc tells the peak.

REFUSE_IN_A_PROCESS = """
import os, sys
os.environ.update(DJANGO_SETTINGS_MODULE="config.settings", DATABASE_URL="sqlite://:memory:")
import django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import modelform_factory
from blog.models import Image
name, path, what = sys.argv[1:]
with open(path, "rb") as file:
    data = file.read()
form = modelform_factory(Image, fields=["file", "alt"])
bound = form({"alt": "Bild"}, {"file": SimpleUploadedFile(name, data)})
if what == "refuse":
    assert not bound.is_valid()
    print(" ".join(bound.errors["file"]), file=sys.stderr)
# The highest resident memory of this program (not of the forked parent's, as maxrss).
with open("/proc/self/status") as status:
    print(next(line.split()[1] for line in status if line.startswith("VmHWM:")))  # KiB
"""


def peak_memory_kib(name: str, path, what: str) -> tuple[int, str]:
    result = subprocess.run(
        [sys.executable, "-c", REFUSE_IN_A_PROCESS, name, str(path), what],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        # glibc then fills all memory it hands out, as a long-running server's reused heap
        # must: memory asked for is memory used, however fresh this process is.
        env=os.environ | {"MALLOC_PERTURB_": "165"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return int(result.stdout.split()[-1]), result.stderr


@pytest.fixture(scope="module")
def baseline_kib(tmp_path_factory):
    """The same process, with the same modules and the file in memory, that refuses nothing."""
    if not os.path.exists("/proc/self/status"):
        pytest.skip("the peak memory of a process is read from Linux's /proc")
    path = tmp_path_factory.mktemp("baseline") / "klein.png"
    path.write_bytes(huge_png(10, 10))
    return min(peak_memory_kib("klein.png", path, "nothing")[0] for _ in range(2))


TOO_MANY_PIXELS = "Megapixel; erlaubt sind höchstens 40,0."


@pytest.mark.parametrize(
    ("name", "make", "size", "message"),
    [
        # The 284-byte Targa file of the report: 12,000 × 12,000 RGB, 576 MB decoded.
        ("bild.tga", huge_tga, (12_000, 12_000), NOT_TAKEN),
        ("bild.jpg", huge_tga, (12_000, 12_000), NOT_TAKEN),
        ("bild.pcx", huge_pcx, (12_000, 12_000), NOT_TAKEN),
        ("bild.sgi", huge_sgi, (12_000, 12_000), NOT_TAKEN),
        ("bild.tga", huge_tga, (60_000, 60_000), NOT_TAKEN),
        # Tinte's own formats, declaring more pixels than Tinte's limit or Pillow's
        ("bild.png", huge_png, (12_000, 12_000), TOO_MANY_PIXELS),
        ("bild.png", huge_png, (60_000, 60_000), TOO_MANY_PIXELS),
        ("bild.gif", huge_gif, (12_000, 12_000), TOO_MANY_PIXELS),
        ("bild.gif", huge_gif, (60_000, 60_000), TOO_MANY_PIXELS),
        ("bild.jpg", huge_jpeg, (12_000, 12_000), TOO_MANY_PIXELS),
        ("bild.jpg", huge_jpeg, (60_000, 60_000), TOO_MANY_PIXELS),
        ("bild.webp", huge_webp, (12_000, 12_000), TOO_MANY_PIXELS),
        ("bild.webp", huge_webp, (16_000, 16_000), TOO_MANY_PIXELS),
    ],
)
def test_refusing_a_tiny_file_that_declares_a_huge_picture_costs_little_memory(
    tmp_path, baseline_kib, name, make, size, message
):
    path = tmp_path / name
    path.write_bytes(make(*size))
    assert path.stat().st_size < 1000

    peak, errors = peak_memory_kib(name, path, "refuse")

    assert message in errors
    assert (peak - baseline_kib) / 1024 < 30  # MiB; decoding one of them would take 500+


# Processing an accepted picture: one decoding, each copy from the next wider one.


@pytest.fixture
def pillow_calls(monkeypatch):
    """What Pillow is asked to do: files opened, pictures decoded, sizes changed."""
    calls = {"open": 0, "decode": 0, "resize": []}
    open_, load, resize = Image.open, ImageFile.ImageFile.load, Image.Image.resize

    def counted_open(*args, **kwargs):
        calls["open"] += 1
        return open_(*args, **kwargs)

    def counted_load(self):
        calls["decode"] += bool(self.tile)
        return load(self)

    def recorded_resize(self, size, *args, **kwargs):
        calls["resize"].append((self.size, tuple(size)))
        return resize(self, size, *args, **kwargs)

    monkeypatch.setattr(Image, "open", counted_open)
    monkeypatch.setattr(ImageFile.ImageFile, "load", counted_load)
    monkeypatch.setattr(Image.Image, "resize", recorded_resize)
    return calls


def test_an_upload_is_opened_and_decoded_once(admin_client, pillow_calls):
    upload = picture_upload(size=(2000, 1000))
    pillow_calls["open"] = 0  # making the test picture does not count

    response = admin_client.post(reverse("admin:blog_image_add"), {"file": upload, "alt": "Bild"})

    assert response.status_code == 302
    assert (pillow_calls["open"], pillow_calls["decode"]) == (1, 1)


def test_each_rendition_is_made_from_the_next_wider_one(pillow_calls):
    image = ImageFactory(file=picture_upload(size=(3000, 2000)))

    assert pillow_calls["resize"] == [
        ((3000, 2000), (1600, 1067)),
        ((1600, 1067), (960, 640)),
        ((960, 640), (480, 320)),
        ((1600, 1067), (1200, 630)),  # the crop from the narrowest copy that covers it
    ]
    assert stored(images.opengraph_name(image.file.name)).size == (1200, 630)


def test_renditions_made_in_steps_look_like_ones_made_in_one(tmp_path):
    photo = Image.effect_noise((3000, 2000), 30).convert("RGB").filter(ImageFilter.GaussianBlur(3))
    photo = Image.blend(photo, Image.linear_gradient("L").resize((3000, 2000)).convert("RGB"), 0.5)
    buffer = io.BytesIO()
    photo.save(buffer, "PNG")

    image = ImageFactory(file=SimpleUploadedFile("foto.png", buffer.getvalue()))

    for width in (1600, 960, 480):
        made = stored(images.rendition_name(image.file.name, width, "png")).convert("RGB")
        direct = photo.resize(made.size, Image.Resampling.LANCZOS)
        difference = ImageStat.Stat(ImageChops.difference(made, direct)).mean
        assert max(difference) < 1.5, (width, difference)  # of 255 levels


def test_a_photo_wider_than_any_layout_gets_no_webp_in_its_full_width(client):
    wide = ImageFactory(file=picture_upload(size=(3000, 1500)))
    less = ImageFactory(file=picture_upload(size=(2400, 1200)))

    assert not default_storage.exists(images.rendition_name(wide.file.name, 3000, "webp"))
    assert default_storage.exists(images.rendition_name(less.file.name, 2400, "webp"))
    post = PostFactory(body=f'<p><img src="{wide.url}"></p>')
    html = client.get(post.get_absolute_url()).content.decode()
    webp_srcset = html.split('<source type="image/webp" srcset="')[1].split('"')[0]
    assert webp_srcset.endswith("/1600.webp 1600w")
    assert f"/media/{wide.file.name} 3000w" in html  # the original itself stays the widest


def test_a_transparent_palette_png_stays_transparent_and_its_copies_are_smooth():
    noise = Image.effect_noise((1200, 600), 50).convert("RGB")
    picture = noise.convert("P", palette=Image.Palette.ADAPTIVE, colors=255)
    picture.putpalette([*picture.getpalette(), 0, 0, 0])  # colour 255: the transparent one
    picture.paste(255, (0, 0, 300, 600))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG", transparency=255)

    image = ImageFactory(file=SimpleUploadedFile("logo.png", buffer.getvalue()))

    kept = stored(image.file.name)
    assert kept.convert("RGBA").getextrema()[3] == (0, 255)
    webp = stored(images.rendition_name(image.file.name, 480, "webp"))
    assert webp.mode == "RGBA" and webp.getextrema()[3] == (0, 255)
    # Resampled, not thinned out (which Pillow does to a palette): like the colours' own copy.
    smaller = stored(images.rendition_name(image.file.name, 480, "png")).convert("RGB")
    direct = picture.convert("RGB").resize(smaller.size, Image.Resampling.LANCZOS)
    box = (150, 0, 480, smaller.height)  # the opaque part
    difference = ImageStat.Stat(ImageChops.difference(smaller.crop(box), direct.crop(box))).mean
    assert max(difference) < 3, difference


def test_a_16_bit_grey_png_gets_copies_as_light_as_itself():
    grey = Image.linear_gradient("L").resize((1200, 600)).convert("I").point(lambda v: v * 257)
    buffer = io.BytesIO()
    grey.convert("I;16").save(buffer, "PNG")

    image = ImageFactory(file=SimpleUploadedFile("scan.png", buffer.getvalue()))

    for name in (
        images.rendition_name(image.file.name, 960, "webp"),
        images.opengraph_name(image.file.name),
    ):
        assert 120 < ImageStat.Stat(stored(name).convert("L")).mean[0] < 136  # as the original


def test_a_cameras_mpo_is_taken_as_the_jpeg_it_begins_with():
    frames = [Image.effect_noise((800, 600), 30).convert("RGB") for _ in range(2)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "MPO", save_all=True, append_images=frames[1:])
    assert Image.open(io.BytesIO(buffer.getvalue())).format == "MPO"

    image = ImageFactory(file=SimpleUploadedFile("kamera.jpg", buffer.getvalue()))

    kept = stored(image.file.name)
    assert (kept.format, kept.size, getattr(kept, "n_frames", 1)) == ("JPEG", (800, 600), 1)
