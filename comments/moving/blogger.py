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

# For writing and naming elements only: files are read by defusedxml (moving/xml.py).
from xml.etree.ElementTree import Element, ElementTree, SubElement, register_namespace  # nosec B405

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from comments.moving import html
from comments.moving.content import OFFSET, site_content, xml_text
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
REMOVED = {
    "This comment has been removed by the author.",
    "Dieser Kommentar wurde vom Autor entfernt.",
    "This comment has been removed by a blog administrator.",
    "Dieser Kommentar wurde von einem Blog-Administrator entfernt.",
}

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
        export.left_out[_id(element)] = "deleted"
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
        if removed or html.to_text(body) in REMOVED:
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
            created_at=_date(text(element, "atom:published", NS)),
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


# Writing: the classic Atom export, which Blogger's "Import content" reads.


def write(stream) -> None:
    for prefix, uri in (("", ATOM), ("thr", NS["thr"]), ("app", NS["app"])):
        register_namespace(prefix, uri)
    site = settings.TINTE_SITE_URL.rstrip("/")
    feed = _Feed(blog="tag:blogger.com,1999:blog-0", title=settings.TINTE_BLOG_TITLE)
    posts, pages, comments = site_content()
    for post in posts:
        url = site + post.public_url if post.status != "draft" else ""
        author = post.author
        element = feed.entry(
            post.pk,
            "post",
            title=post.title,
            content=post.body,
            published=post.published_at,
            updated=post.updated_at,
            url=url,
            author=(post.author_name, author.email, ""),
            draft=post.status == "draft",
        )
        for label in post.labels.all():
            feed.add(element, "category", scheme="http://www.blogger.com/atom/ns#", term=label.name)
        for comment in comments.get(post.pk, ()):
            element = feed.entry(
                OFFSET + comment.pk,
                "comment",
                title=comment.body[:50],
                content=comment.body_html,
                published=comment.created_at,
                updated=comment.created_at,
                url=f"{url}#{comment.anchor}",
                author=(comment.name, comment.email, comment.website),
            )
            reply_to = {"ref": f"{feed.blog}.post-{post.pk}", "href": url, "type": "text/html"}
            SubElement(element, f"{{{NS['thr']}}}in-reply-to", reply_to)
            if comment.replied_to_id:
                answered = f"{post.pk}/comments/default/{OFFSET + comment.replied_to_id}"
                href = f"https://www.blogger.com/feeds/0/{answered}"
                feed.add(element, "link", rel="related", type="application/atom+xml", href=href)
    for page in pages:
        feed.entry(
            OFFSET + page.pk,
            "page",
            title=page.title,
            content=page.body,
            published=None,
            updated=page.updated_at,
            url=site + page.get_absolute_url() if page.is_public else "",
            author=(settings.TINTE_BLOG_TITLE, "", ""),
            draft=not page.is_public,
        )
    ElementTree(feed.root).write(stream, encoding="unicode", xml_declaration=True)


class _Feed:
    def __init__(self, *, blog: str, title: str):
        self.blog = blog
        self.root = Element(f"{{{ATOM}}}feed")
        self.add(self.root, "id", blog)
        self.add(self.root, "title", title, type="text")
        self.add(self.root, "updated", timezone.now().isoformat())
        self.add(self.root, "generator", "Tinte")

    def add(self, parent, tag, value=None, **attributes) -> Element:
        attributes = {name: xml_text(value) for name, value in attributes.items()}
        child = SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        if value is not None:
            child.text = xml_text(value)
        return child

    def entry(self, number, kind, *, title, content, published, updated, url, author, draft=False):
        element = self.add(self.root, "entry")
        self.add(element, "id", f"{self.blog}.post-{number}")
        self.add(element, "published", (published or updated).isoformat())
        self.add(element, "updated", updated.isoformat())
        self.add(element, "category", scheme=KIND_SCHEME, term=f"{KIND}{kind}")
        self.add(element, "title", title, type="text")
        self.add(element, "content", content, type="html")
        if url:  # drafts have no address yet
            self.add(element, "link", rel="alternate", type="text/html", href=url)
        person = self.add(element, "author")
        for tag, value in zip(("name", "email", "uri"), author, strict=True):
            if value:
                self.add(person, tag, value)
        if draft:
            control = SubElement(element, f"{{{NS['app']}}}control")
            SubElement(control, f"{{{NS['app']}}}draft").text = "yes"
        return element
