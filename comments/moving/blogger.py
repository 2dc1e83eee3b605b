"""Blogger's backups, in both of its formats, found out from the file itself:

- the classic Atom export (each entry's kind a category: post, page, comment, settings,
  template; drafts marked by app:draft; replies linked to their comment by rel="related");
- the newer export (blogger:type, blogger:status, blogger:parent, blogger:filename).

Settings and template entries are left out; so are deleted posts. Deleted and spam comments
come along unpublished (in the trash, in spam).
"""

import re
from datetime import datetime
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

from django.utils import timezone
from django.utils.translation import gettext as _

from comments.moving import html
from comments.moving.items import Comment, Entry, Export, ImportFailed, Person
from comments.moving.xml import text

ATOM = "http://www.w3.org/2005/Atom"
NEW = "http://schemas.google.com/blogger/2018"
NS = {"atom": ATOM, "blogger": NEW, "app": "http://purl.org/atom/app#"}
NS |= {"thr": "http://purl.org/syndication/thread/1.0", "gd": "http://schemas.google.com/g/2005"}
KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
KIND = "http://schemas.google.com/blogger/2008/kind#"
# Blogger puts this address where it will not show a commenter's own.
HIDDEN_EMAIL = "noreply@blogger.com"
REMOVED = "This comment has been removed by the author."

POST_STATUS = {"LIVE": "published", "SCHEDULED": "published", "DRAFT": "draft"}
COMMENT_STATUS = {"LIVE": "approved", "PENDING": "pending", "SPAM": "spam"}
COMMENT_STATUS |= {"DELETED": "trash", "SOFT_TRASHED": "trash"}


def read(root: Element) -> Export:
    if root.tag != f"{{{ATOM}}}feed":
        raise ImportFailed(_("This is not a Blogger export: it is not an Atom feed."))
    newer = any(element.tag.startswith(f"{{{NEW}}}") for element in root.iter())
    if not newer and root.find(f"atom:entry/atom:category[@scheme='{KIND_SCHEME}']", NS) is None:
        raise ImportFailed(_("This is not a Blogger export: its entries have no Blogger kind."))
    blog_id = re.sub(r"^tag:blogger\.com,1999:", "", text(root, "atom:id", NS))
    export = Export(source=f"blogger:{blog_id}", title=text(root, "atom:title", NS))
    for element in root.findall("atom:entry", NS):
        kind, status = _kind_and_status(element, newer)
        if kind in ("post", "page"):
            _entry(export, element, kind, status)
        elif kind == "comment":
            _comment(export, element, status, newer)
        else:
            export.skipped[kind or "?"] += 1
    return export


def _kind_and_status(element: Element, newer: bool) -> tuple[str, str]:
    if newer:
        return text(element, "blogger:type", NS).lower(), text(element, "blogger:status", NS)
    kind = ""
    for category in element.findall("atom:category", NS):
        if category.get("scheme") == KIND_SCHEME:
            kind = category.get("term", "").removeprefix(KIND)
    draft = text(element, "app:control/app:draft", NS) == "yes"
    return kind, "DRAFT" if draft else "LIVE"


def _entry(export: Export, element: Element, kind: str, status: str) -> None:
    title = text(element, "atom:title", NS)
    if status not in POST_STATUS:
        export.skipped["deleted"] += 1
        return
    address = text(element, "blogger:filename", NS) or _alternate(element)
    slug = re.sub(r"\.html?$", "", address.rstrip("/").rsplit("/", 1)[-1]) if address else ""
    author = element.find("atom:author", NS)
    person = _person(author)
    if person.key and person.key not in export.people:
        export.people[person.key] = person
    body = text(element, "atom:content", NS)
    entry = Entry(
        source_id=_id(element),
        kind=kind,
        title=title,
        body=body,
        status=POST_STATUS[status],
        published_at=_date(text(element, "atom:published", NS)),
        updated_at=_date(text(element, "atom:updated", NS)),
        slug=slug,
        labels=[
            category.get("term", "").strip()
            for category in element.findall("atom:category", NS)
            if category.get("scheme") != KIND_SCHEME and category.get("term", "").strip()
        ],
        author=person.key,
        old_paths=[address] if address else [],
        media=html.images(body),
    )
    if entry.status == "draft":
        entry.published_at = None
    export.entries.append(entry)


def _comment(export: Export, element: Element, status: str, newer: bool) -> None:
    body = text(element, "atom:content", NS)
    if newer:
        post_id = _short(text(element, "blogger:parent", NS))
        parent = _short(text(element, "blogger:inReplyTo", NS))
    else:
        reply_to = element.find("thr:in-reply-to", NS)
        post_id = _short(reply_to.get("ref", "")) if reply_to is not None else ""
        related = [
            link.get("href", "")
            for link in element.findall("atom:link", NS)
            if link.get("rel") == "related"
        ]
        parent = related[0].rstrip("/").rsplit("/", 1)[-1] if related else ""
        removed = any(
            prop.get("name") == "blogger.contentRemoved" and prop.get("value") == "true"
            for prop in element.findall("gd:extendedProperty", NS)
        )
        if removed or html.to_text(body) == REMOVED:
            status = "DELETED"
    person = _person(element.find("atom:author", NS))
    export.comments.append(
        Comment(
            source_id=_id(element),
            entry_id=post_id,
            parent_id=parent,
            name=person.name,
            email=person.email,
            website=text(element, "atom:author/atom:uri", NS),
            body=html.to_text(body),
            created_at=_date(text(element, "atom:published", NS)) or timezone.now(),
            status=COMMENT_STATUS.get(status, "pending"),
        )
    )


def _person(author: Element | None) -> Person:
    name = text(author, "atom:name", NS)
    email = text(author, "atom:email", NS)
    email = "" if email == HIDDEN_EMAIL else email
    return Person(key=email or name, name=name, email=email)


def _alternate(element: Element) -> str:
    for link in element.findall("atom:link", NS):
        if link.get("rel") == "alternate":
            return urlsplit(link.get("href", "")).path
    return ""


def _id(element: Element) -> str:
    return _short(text(element, "atom:id", NS))


def _short(atom_id: str) -> str:
    """ "tag:blogger.com,1999:blog-1.post-42" -> "42": posts and comments share the numbers."""
    return atom_id.rsplit("post-", 1)[-1] if atom_id else ""


def _date(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None
    except ValueError:
        return None
