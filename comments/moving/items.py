"""What a blog export holds, whatever its format."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Person:
    key: str  # how the export's posts name their author: login, email or name
    name: str = ""
    email: str = ""
    first_name: str = ""
    last_name: str = ""


@dataclass
class Entry:
    """A post or a page."""

    source_id: str  # unique within the export
    kind: str  # "post" or "page"
    title: str
    body: str  # HTML
    status: str  # blog.models.Status: "published" (scheduled when in the future) or "draft"
    published_at: datetime | None = None
    updated_at: datetime | None = None
    slug: str = ""
    excerpt: str = ""
    labels: list[str] = field(default_factory=list)
    author: str = ""  # a Person's key
    old_paths: list[str] = field(default_factory=list)
    comments_allowed: bool = True
    pinned: bool = False
    position: int = 0  # of a page in the navigation
    in_navigation: bool = True  # a page; WordPress's child pages are not
    media: list[tuple[str, str]] = field(default_factory=list)  # pictures: (address, alt)


@dataclass
class Comment:
    source_id: str
    entry_id: str  # the source_id of its post
    body: str  # plain text
    created_at: datetime | None  # None: not in the file
    status: str  # comments.models.Comment.Status
    parent_id: str = ""
    name: str = ""
    email: str = ""
    website: str = ""
    ip_address: str = ""


@dataclass
class Export:
    source: str  # "blogger:<blog id>" or "wordpress:<blog address>"
    title: str = ""
    people: dict[str, Person] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    label_paths: dict[str, list[str]] = field(default_factory=dict)  # name: old addresses
    skipped: Counter = field(default_factory=Counter)  # what is left out, by kind
    # Entries left out (source_id: their kind in `skipped`), so that their comments are
    # counted as left out with them, not lost without a word.
    left_out: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


class ImportFailed(Exception):
    """The file cannot be imported at all; nothing was changed."""
