"""Uploaded pictures: cleaned on the way in, renditions in a few widths, responsive markup.

An upload is re-encoded with its EXIF orientation applied and without any metadata (no GPS
position of the author's home leaves the server). Renditions are made in `WIDTHS` (only
those narrower than the original) in WebP and in the original format, plus an OpenGraph
crop, and stored under `renditions/<original name>/`, so that their names follow from the
original's name and width alone and no table has to list them. Everything goes through
Django's storage API, so media can live in object storage by configuration.
"""

import html
import io
import posixpath
import re
from dataclasses import dataclass

from django import forms
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import models, transaction
from django.db.models.signals import post_delete, post_init, post_save
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from PIL import Image as PILImage
from PIL import ImageOps

from blog.validators import (
    ALLOWED_IMAGE_FORMATS,
    CheckedImage,
    checked_upload,
    forget_checked_upload,
)

WIDTHS = (480, 960, 1600)
# WebP comes in the original's width too, up to this: no layout of Tinte's asks for more
# (42rem, or a phone's whole width, at three device pixels to the CSS pixel: 2,208), and a
# photo's full 6,000 pixels in WebP cost seconds to make and megabytes to send.
WEBP_FULL_WIDTH_UP_TO = 2400
OPENGRAPH_SIZE = (1200, 630)
OPENGRAPH = "og.jpg"
RENDITIONS = "renditions"
# Lanczos on the last step; on the way there, Pillow first shrinks by a whole factor (fast,
# by averaging) as long as it stays at least twice the wanted size, as Image.thumbnail does.
RESAMPLING = PILImage.Resampling.LANCZOS
REDUCING_GAP = 2.0

_SAVE_OPTIONS = {
    "JPEG": {"quality": 85, "optimize": True, "progressive": True},
    # zlib's usual level: its best takes five times the time for a few per cent (a photo
    # saved as PNG: seconds), and browsers load the WebP copies anyway.
    "PNG": {},
    "WEBP": {"quality": 82, "method": 4},
    "GIF": {},
}


def _encode(image: PILImage.Image, image_format: str, icc_profile: bytes | None = None) -> bytes:
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    if image_format == "WEBP" and image.mode == "P":
        image = image.convert("RGBA")
    options = dict(_SAVE_OPTIONS[image_format])
    if icc_profile and image_format in {"JPEG", "PNG", "WEBP"}:
        options["icc_profile"] = icc_profile  # colours, not personal data: a P3 photo stays P3
    out = io.BytesIO()
    image.save(out, image_format, **options)
    return out.getvalue()


@dataclass
class Processed:
    """An upload made ready to store: the original, upright and without metadata, its size,
    and its renditions by their names in the original's renditions folder.
    """

    data: bytes
    width: int
    height: int
    renditions: dict[str, bytes]


def process(checked: CheckedImage, upload, name: str) -> Processed:
    """The cleaned original and every rendition of a checked upload named `name`, from its
    one decoded picture: each narrower copy is made from the next wider one, so that the
    many pixels of a large photo are resampled once.
    """
    image, image_format = checked.image, checked.image_format
    if image_format == "GIF" and getattr(image, "is_animated", False):
        # Animations keep their frames; GIF carries no EXIF to leak.
        upload.seek(0)
        data = upload.read()
    else:
        ImageOps.exif_transpose(image, in_place=True)
        # Only what the pixels need: colours (not personal data: a P3 photo stays P3) and
        # which colour of a palette is transparent.
        kept = {key: image.info.get(key) for key in ("icc_profile", "transparency")}
        image.info.clear()
        image.info.update({key: value for key, value in kept.items() if value is not None})
        data = _encode(image, image_format, image.info.get("icc_profile"))
    width, height = image.size
    icc_profile = image.info.get("icc_profile")
    webp, same = webp_widths(width, name), rendition_widths(width, name)
    renditions = {}
    source = resampled = _resamplable(image)
    copies = [source]
    for each in sorted({*webp, *same}, reverse=True):
        if each < source.width:
            source = source.resize(
                (each, round(height * each / width)), RESAMPLING, reducing_gap=REDUCING_GAP
            )
            copies.append(source)
        if each in webp:
            renditions[f"{each}.webp"] = _encode(source, "WEBP", icc_profile)
        if each in same:
            renditions[f"{each}.{original_extension(name)}"] = _encode(
                source, image_format, icc_profile
            )
    # The crop from the narrowest copy that still covers it.
    wide_enough = [
        copy
        for copy in copies
        if copy.width >= OPENGRAPH_SIZE[0] and copy.height >= OPENGRAPH_SIZE[1]
    ]
    cover = min(wide_enough, key=lambda copy: copy.width, default=resampled)
    renditions[OPENGRAPH] = _encode(
        ImageOps.fit(cover.convert("RGB"), OPENGRAPH_SIZE, RESAMPLING), "JPEG"
    )
    return Processed(data=data, width=width, height=height, renditions=renditions)


def _resamplable(image: PILImage.Image) -> PILImage.Image:
    """The picture in a mode Pillow resamples smoothly (a palette would only be thinned) and
    every format of the copies takes.
    """
    if image.mode in ("1", "P"):
        return image.convert("RGBA" if image.has_transparency_data else "RGB")
    if image.mode.startswith("I"):
        # A 16-bit grey PNG: in eight bits, not cut off at the 256th of its 65,536 levels.
        return image.convert("I").point(lambda level: level / 256).convert("L")
    return image


def media_url(storage: Storage = default_storage) -> str:
    """The address prefix of stored files, "/media/" on the file system."""
    return storage.url("_").removesuffix("_")


def rendition_name(name: str, width: int, extension: str) -> str:
    return f"{RENDITIONS}/{name}/{width}.{extension}"


def opengraph_name(name: str) -> str:
    return f"{RENDITIONS}/{name}/{OPENGRAPH}"


def rendition_widths(width: int, name: str) -> list[int]:
    # A GIF may move: its smaller copies would stand still, so it is shown as it came.
    if original_extension(name) == "gif":
        return []
    return [w for w in WIDTHS if w < width]


def webp_widths(width: int, name: str) -> list[int]:
    """WebP comes in the original's width too, unless that is wider than any layout asks
    for: a phone with a dense screen asks for it.
    """
    if original_extension(name) == "gif":
        return []
    widths = rendition_widths(width, name)
    return [*widths, width] if width <= WEBP_FULL_WIDTH_UP_TO else widths


def original_extension(name: str) -> str:
    return posixpath.splitext(name)[1].lstrip(".").lower() or "jpg"


def delete_with_renditions(storage: Storage, name: str) -> None:
    folder = f"{RENDITIONS}/{name}"
    names = [name, *stored_names(storage, folder)] if storage.exists(folder) else [name]
    for each in names:
        if storage.exists(each):
            storage.delete(each)


def srcsets(storage: Storage, name: str, width: int) -> tuple[str, str]:
    """`srcset` values (WebP, original format) for an original of `width` pixels."""
    extension = original_extension(name)
    webp = [
        f"{storage.url(rendition_name(name, w, 'webp'))} {w}w" for w in webp_widths(width, name)
    ]
    same = [
        f"{storage.url(rendition_name(name, w, extension))} {w}w"
        for w in rendition_widths(width, name)
    ]
    original = f"{storage.url(name)} {width}w"
    return ", ".join(webp), ", ".join([*same, original])


def picture(storage, name, *, width, height, alt, sizes, lazy=True, title="") -> str:
    """A <picture> with WebP and original-format sources in every rendition width."""
    webp, same = srcsets(storage, name, width)
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}{}>'
        "</picture>",
        format_html('<source type="image/webp" srcset="{}" sizes="{}">', webp, sizes)
        if webp
        else "",
        storage.url(name),
        same,
        sizes,
        width,
        height,
        alt,
        format_html(' title="{}"', title) if title else "",
        mark_safe(' loading="lazy" decoding="async"') if lazy else "",  # nosec B308
    )


_IMG = re.compile(r"<img\b([^>]*)>")
_ATTRIBUTE = re.compile(r"""([\w-]+)=(?:"([^"]*)"|'([^']*)')""")


def _attributes(text: str) -> dict[str, str]:
    """The attributes of a sanitised tag, their values as text (unescaped), so that they
    are escaped exactly once when written out again.
    """
    return {
        name: html.unescape(double or single) for name, double, single in _ATTRIBUTE.findall(text)
    }


BODY_SIZES = "(min-width: 46rem) 42rem, 100vw"


def responsive_body(body: str, *, storage: Storage = default_storage) -> str:
    """A sanitised body with its uploaded pictures as responsive <picture>s.

    Only pictures from the image library (under `images/`, which carry their size since
    `describe_images`) get renditions; any other picture is only made lazy.
    """

    prefix = media_url(storage)

    def replace(match):
        attrs = _attributes(match[1])
        src = attrs.get("src", "")
        name = src.removeprefix(prefix)
        if name != src and name.startswith("images/") and attrs.get("width", "").isdigit():
            return picture(
                storage,
                name,
                width=int(attrs["width"]),
                height=attrs.get("height", ""),
                alt=attrs.get("alt", ""),
                title=attrs.get("title", ""),
                sizes=BODY_SIZES,
            )
        if "loading" in attrs:
            return match[0]
        return match[0][:-1].rstrip("/ ") + ' loading="lazy">'

    return _IMG.sub(replace, body)


def describe_images(body: str, *, library) -> str:
    """Library pictures in a body get their width, height and (if missing) alt text, so
    that pages can reserve their space and offer renditions without asking the database.
    """
    prefix = media_url()
    names = {
        html.unescape(src).removeprefix(prefix)
        for src in re.findall(r'<img\b[^>]*\ssrc="([^"]*)"', body)
        if src.startswith(prefix)
    }
    if not names:
        return body
    known = {image.file.name: image for image in library.filter(file__in=names)}

    def replace(match):
        attrs = _attributes(match[1])
        image = known.get(attrs.get("src", "").removeprefix(prefix))
        if image is None:
            return match[0]
        attrs.update(width=str(image.width), height=str(image.height))
        if not attrs.get("alt"):
            attrs["alt"] = image.alt
        return "<img " + " ".join(f'{key}="{escape(value)}"' for key, value in attrs.items()) + ">"

    return _IMG.sub(replace, body)


class UploadFormField(forms.FileField):
    """The form field of a ProcessedImageField. Django's image form field opens every upload
    with Pillow, whatever its format, before any validator runs; this one leaves the file to
    the model field's validators, which look at its first bytes first.
    """

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ",".join(f"image/{kind.lower()}" for kind in ALLOWED_IMAGE_FORMATS)
        return attrs


class ProcessedImageField(models.ImageField):
    """An ImageField whose uploads are checked before anything reads them, cleaned and
    given renditions, and whose files (with their renditions) go when they are replaced or
    their row is deleted.
    """

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            # Checked already by full_clean() (then this decodes nothing again); a way in
            # that skipped it is refused here, before anything is stored.
            checked = checked_upload(file)
            processed = process(checked, file.file, file.name)
            forget_checked_upload(file)
            file.file = ContentFile(processed.data, name=file.name)
            file = super().pre_save(model_instance, add)
            if self.width_field:
                setattr(model_instance, self.width_field, processed.width)
            if self.height_field:
                setattr(model_instance, self.height_field, processed.height)
            for name, data in processed.renditions.items():
                rendition = f"{RENDITIONS}/{file.name}/{name}"
                if file.storage.exists(rendition):
                    file.storage.delete(rendition)
                file.storage.save(rendition, ContentFile(data))
            return file
        return super().pre_save(model_instance, add)

    def update_dimension_fields(self, instance, force=False, *args, **kwargs):
        # Django reads an image's size as soon as it is assigned, with Pillow, whatever the
        # file is. A new upload gets its size on saving instead, from the checked picture.
        if self.attname in instance.__dict__:
            file = getattr(instance, self.attname)
            if file and not file._committed:
                return
        super().update_dimension_fields(instance, force, *args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": UploadFormField, **kwargs})

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            post_init.connect(self._remember, sender=cls, weak=False)
            post_save.connect(self._drop_replaced, sender=cls, weak=False)
            post_delete.connect(self._drop_deleted, sender=cls, weak=False)

    def _remember(self, instance, **kwargs):
        instance.__dict__[f"_stored_{self.attname}"] = instance.__dict__.get(self.attname)

    def _drop_replaced(self, instance, **kwargs):
        before = instance.__dict__.get(f"_stored_{self.attname}")
        now = getattr(instance, self.attname)
        before_name = getattr(before, "name", before)
        if before_name and before_name != now.name:
            self._drop_later(before_name)
        self._remember(instance)

    def _drop_deleted(self, instance, **kwargs):
        name = getattr(instance, self.attname).name
        if name:
            self._drop_later(name)

    def _drop_later(self, name: str) -> None:
        # Only once the database change is kept: a rolled-back delete keeps its picture.
        transaction.on_commit(lambda: delete_with_renditions(self.storage, name))


def stored_names(storage: Storage, folder: str):
    """Every file below `folder` in `storage`."""
    if not storage.exists(folder):
        return
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from stored_names(storage, f"{folder}/{sub}")


def orphans(storage: Storage, referenced: set[str], folders) -> list[str]:
    """Files in `folders` (and their renditions) that no row refers to."""
    found = []
    for folder in [*folders, RENDITIONS]:
        for name in stored_names(storage, folder):
            original = name
            if name.startswith(f"{RENDITIONS}/"):
                original = posixpath.dirname(name.removeprefix(f"{RENDITIONS}/"))
            if original not in referenced:
                found.append(name)
    return found


def image_fields():
    """Every ProcessedImageField of every installed model, with its upload folder."""
    from django.apps import apps

    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, ProcessedImageField):
                yield model, field
