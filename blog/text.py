"""Turning titles into URL slugs and HTML into plain-text summaries; control characters."""

import html
import re
import unicodedata

from django.db import models
from django.utils.html import strip_tags
from django.utils.text import Truncator, slugify

# Unicode's control characters (category Cc: C0, DEL, C1). Nobody types them, PostgreSQL
# refuses NUL in text, and XML (the feeds, the exports) cannot carry most of them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Those that are not line breaks or tabs: what is left out of a text a reader sends.
_STRAY_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def without_control_characters(text: str) -> str:
    """`text` without control characters, except tabs and line breaks."""
    return _STRAY_CONTROL_CHARACTERS.sub("", text)


# German readers expect "Größe" to become "groesse", not "groe" or "grosse".
GERMAN_TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"}
)


def slugify_de(text: str) -> str:
    """An ASCII slug with German letters transliterated.

    "Größe für Änderungen" -> "groesse-fuer-aenderungen"
    """
    return slugify(text.translate(GERMAN_TRANSLITERATION))


def in_german_order(labels) -> list:
    """Labels by name as a German reader expects ("Über" with the U's, not after the Z's),
    whatever the database's collation.
    """
    return sorted(labels, key=lambda label: slugify_de(label.name))


LABEL_LENGTH = 100  # taggit's longest name


def label_name(name: str) -> str:
    """A label's name as Tinte keeps it: composed ("Größe" written with a combining
    umlaut is the same word), one space between words and none around them, at most
    `LABEL_LENGTH` characters.
    """
    name = " ".join(unicodedata.normalize("NFC", name).split())
    return name[:LABEL_LENGTH].rstrip()


def label_key(name: str) -> str:
    """What two names of one label share: labels are case-insensitive
    (TAGGIT_CASE_INSENSITIVE), whichever the database and whatever the alphabet ("Über",
    "über"; "Ελληνικά", "ελληνικά"). Python's lower(), not casefold(): "Maße" and "Masse"
    are two words.
    """
    return label_name(name).lower()


def slug_base(text: str, *, max_length: int) -> str:
    """The slug `unique_slug` starts from."""
    return slugify_de(text)[:max_length].strip("-") or "post"


def unique_slug(queryset: models.QuerySet, text: str, *, max_length: int) -> str:
    """The slug of `text`, made unique within `queryset` by a numeric suffix ("titel-2")."""
    base = slug_base(text, max_length=max_length)
    candidate, number = base, 1
    while queryset.filter(slug=candidate).exists():
        number += 1
        suffix = f"-{number}"
        candidate = base[: max_length - len(suffix)].rstrip("-") + suffix
    return candidate


# Where one block of text ends and the next begins, words must not run together.
_BLOCK_BOUNDARY = re.compile(
    r"</(?:p|h[1-6]|li|dt|dd|blockquote|pre|figcaption|td|th|div)>|<br\s*/?>"
)


def separate_blocks(html_text: str) -> str:
    """The HTML with a space where a block ends, so that its text does not run together."""
    return _BLOCK_BOUNDARY.sub(" ", html_text)


def summarize(html_text: str, *, words: int = 60) -> str:
    """Plain text of the first `words` words of an HTML fragment, for excerpts and descriptions."""
    text = html.unescape(strip_tags(separate_blocks(html_text)))
    return Truncator(" ".join(text.split())).words(words, truncate=" …")
