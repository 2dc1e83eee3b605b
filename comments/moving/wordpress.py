"""WordPress's export (WXR 1.0, 1.1 and 1.2; "http" and "https" namespace spellings).

Read: posts, pages, categories and tags (both become labels), authors, statuses, sticky
posts, excerpts, comments with their threads and statuses. Pingbacks and trackbacks are left
out (counted in the summary); so are attachments, menu items and trashed posts. Private and
password-protected posts become drafts. PHP-serialised metadata (`wp:postmeta`) is never
read.
"""

from datetime import UTC, datetime
from urllib.parse import urlsplit

# For writing and naming elements only: files are read by defusedxml (moving/xml.py).
from xml.etree.ElementTree import Element, ElementTree, SubElement, register_namespace  # nosec B405

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from blog.models import AuthorProfile
from comments.moving import html
from comments.moving.content import OFFSET, site_content, xml_text
from comments.moving.items import Comment, Entry, Export, ImportFailed, Person
from comments.moving.xml import events, text

CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"

POST_STATUS = {"publish": "published", "future": "published", "draft": "draft"}
POST_STATUS |= {"pending": "draft", "auto-draft": "draft", "private": "draft"}
COMMENT_STATUS = {"1": "approved", "0": "pending", "spam": "spam", "trash": "trash"}
COMMENT_STATUS["post-trashed"] = "trash"
# WordPress's placeholder category, on every post nobody filed: not a label.
PLACEHOLDER_CATEGORIES = {"uncategorized"}


def read(path) -> Export:
    """Read a WXR file item by item, letting go of each once read: a post of megabytes is
    not held twice (as the file's text and as the Export's) for the length of the file.
    """
    export = Export(source="")
    found = {}  # the namespaces of WXR that the tags so far use
    open_elements = []  # from the root to the element being read
    channel = None
    for event, element in events(path):
        if event == "start":
            uri = element.tag[1:].split("}")[0] if element.tag.startswith("{") else ""
            if "wordpress.org/export/" in uri:
                found["excerpt" if uri.rstrip("/").endswith("excerpt") else "wp"] = uri
            if not open_elements and element.tag != "rss":
                raise _not_wxr()
            if len(open_elements) == 1 and element.tag == "channel" and channel is None:
                channel = element
            open_elements.append(element)
            continue
        open_elements.pop()
        if element.tag == "item" and len(open_elements) == 2 and open_elements[1] is channel:
            _item(export, element, _namespaces(found))
            channel.remove(element)  # read: let go of it
    if channel is None:
        raise ImportFailed(_("This WordPress export has no channel."))
    _channel(export, channel, _namespaces(found))
    return export


def _not_wxr() -> ImportFailed:
    return ImportFailed(_("This is not a WordPress export (WXR): its root or namespace is wrong."))


def _namespaces(found: dict[str, str]) -> dict[str, str]:
    """The wp: and excerpt: namespaces of this file's WXR version, found in its tags."""
    if "wp" not in found:
        raise _not_wxr()
    excerpt = found.get("excerpt", found["wp"] + "excerpt/")  # where no excerpt is used
    return {"wp": found["wp"], "excerpt": excerpt, "content": CONTENT, "dc": DC}


def _channel(export: Export, channel: Element, ns: dict) -> None:
    """What the channel says besides its items: the blog, its authors, categories and tags."""
    site = text(channel, "wp:base_blog_url", ns) or text(channel, "link")
    export.source, export.title = f"wordpress:{site}", text(channel, "title")
    for author in channel.findall("wp:author", ns):
        person = Person(
            key=text(author, "wp:author_login", ns),
            name=text(author, "wp:author_display_name", ns),
            email=text(author, "wp:author_email", ns),
            first_name=text(author, "wp:author_first_name", ns),
            last_name=text(author, "wp:author_last_name", ns),
        )
        export.people[person.key] = person
    parents = {
        text(category, "wp:category_nicename", ns): text(category, "wp:category_parent", ns)
        for category in channel.findall("wp:category", ns)
    }
    for category in channel.findall("wp:category", ns):
        name, slug = text(category, "wp:cat_name", ns), text(category, "wp:category_nicename", ns)
        _label_path(export, name, "category", slug)
        # A child category's address names its parents: /category/kuchen/obstkuchen/.
        chain, parent = [slug], parents.get(slug)
        while parent and parent not in chain:
            chain.insert(0, parent)
            parent = parents.get(parent)
        if len(chain) > 1:
            _label_path(export, name, "category", "/".join(chain))
    for tag in channel.findall("wp:tag", ns):
        _label_path(export, text(tag, "wp:tag_name", ns), "tag", text(tag, "wp:tag_slug", ns))


def _label_path(export: Export, name: str, kind: str, slug: str) -> None:
    if name and slug and slug not in PLACEHOLDER_CATEGORIES:
        paths = export.label_paths.setdefault(name, [])
        if f"/{kind}/{slug}/" not in paths:
            paths.append(f"/{kind}/{slug}/")


def _item(export: Export, item: Element, ns: dict) -> None:
    kind = text(item, "wp:post_type", ns)
    post_id = text(item, "wp:post_id", ns)
    wp_status = text(item, "wp:status", ns)
    if kind not in ("post", "page") or wp_status == "trash":
        left_out = (kind or "?") if kind not in ("post", "page") else "trash"
        export.skipped[left_out] += 1
        export.left_out[post_id] = left_out
        for comment in item.findall("wp:comment", ns):
            _comment(export, comment, post_id, ns)  # counted as left out with the item
        return
    title = text(item, "title")
    status = POST_STATUS.get(wp_status, "draft")
    if wp_status == "private" or text(item, "wp:post_password", ns):
        status = "draft"
        export.warnings.append(
            _("“%(title)s” was private or protected by a password: imported as a draft.")
            % {"title": title or post_id}
        )
    body, left_out = html.shortcodes(text(item, "content:encoded", ns))
    body = html.paragraphs(body)
    if left_out:
        export.warnings.append(
            _("“%(title)s”: WordPress builds %(codes)s from what an export leaves out; left out.")
            % {"title": title or post_id, "codes": ", ".join(left_out)}
        )
    labels = []
    for category in item.findall("category"):
        name, slug = (category.text or "").strip(), category.get("nicename", "")
        if name and slug not in PLACEHOLDER_CATEGORIES and name not in labels:
            labels.append(name)
            kind_of_label = "tag" if category.get("domain") == "post_tag" else "category"
            _label_path(export, name, kind_of_label, slug)
    link = urlsplit(text(item, "link"))
    short = "page_id" if kind == "page" else "p"
    old_paths = [f"/?{short}={post_id}"]
    if link.path and link.path != "/" and not link.query:
        old_paths.insert(0, link.path)
    entry = Entry(
        source_id=post_id,
        kind=kind,
        title=title,
        body=body,
        status=status,
        published_at=_date(item, "wp:post_date_gmt", "wp:post_date", ns),
        updated_at=_date(item, "wp:post_modified_gmt", "wp:post_modified", ns),
        slug=text(item, "wp:post_name", ns),
        excerpt=html.to_text(text(item, "excerpt:encoded", ns)),
        labels=labels,
        author=text(item, "dc:creator", ns),
        old_paths=old_paths,
        comments_allowed=text(item, "wp:comment_status", ns) != "closed",
        pinned=text(item, "wp:is_sticky", ns) == "1",
        position=_number(text(item, "wp:menu_order", ns)) if kind == "page" else 0,
        in_navigation=text(item, "wp:post_parent", ns) in ("", "0"),
        media=html.images(body),
    )
    if status == "draft":
        entry.published_at = None
    export.entries.append(entry)
    for comment in item.findall("wp:comment", ns):
        _comment(export, comment, post_id, ns)


def _comment(export: Export, element: Element, post_id: str, ns: dict) -> None:
    kind = text(element, "wp:comment_type", ns)
    if kind in ("pingback", "trackback"):
        export.skipped[kind] += 1
        return
    approved = text(element, "wp:comment_approved", ns)
    parent = text(element, "wp:comment_parent", ns)
    export.comments.append(
        Comment(
            source_id=f"{post_id}/{text(element, 'wp:comment_id', ns)}",
            entry_id=post_id,
            parent_id=f"{post_id}/{parent}" if parent not in ("", "0") else "",
            name=text(element, "wp:comment_author", ns),
            email=text(element, "wp:comment_author_email", ns),
            website=text(element, "wp:comment_author_url", ns),
            ip_address=text(element, "wp:comment_author_IP", ns),
            body=html.to_text(text(element, "wp:comment_content", ns)),
            created_at=_date(element, "wp:comment_date_gmt", "wp:comment_date", ns),
            status=COMMENT_STATUS.get(approved, "pending"),
        )
    )


def _number(value: str) -> int:
    return int(value) if value.isdigit() else 0


def _date(element: Element, utc_path: str, local_path: str, ns: dict) -> datetime | None:
    """WordPress's time in UTC, or else its local time read in this site's time zone."""
    for path, zone in ((utc_path, UTC), (local_path, None)):
        value = text(element, path, ns)
        if value and not value.startswith("0000"):
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                continue
            return moment.replace(tzinfo=zone) if zone else timezone.make_aware(moment)
    return None


# Writing: WXR 1.2, as WordPress's own exporter writes it, for its importer.

WP = "http://wordpress.org/export/1.2/"
EXCERPT = "http://wordpress.org/export/1.2/excerpt/"


def write(stream) -> None:
    for prefix, uri in (("wp", WP), ("excerpt", EXCERPT), ("content", CONTENT), ("dc", DC)):
        register_namespace(prefix, uri)
    site = settings.TINTE_SITE_URL.rstrip("/")
    posts, pages, comments = site_content()
    root = Element("rss", {"version": "2.0"})
    channel = SubElement(root, "channel")

    def add(parent, tag, value="", **attributes):
        child = SubElement(parent, tag, {name: xml_text(v) for name, v in attributes.items()})
        child.text = xml_text(value)
        return child

    add(channel, "title", settings.TINTE_BLOG_TITLE)
    add(channel, "link", site)
    add(channel, "description", settings.TINTE_BLOG_DESCRIPTION)
    add(channel, "language", settings.LANGUAGE_CODE)
    add(channel, f"{{{WP}}}wxr_version", "1.2")
    add(channel, f"{{{WP}}}base_site_url", site)
    add(channel, f"{{{WP}}}base_blog_url", site)
    for author in {post.author for post in posts}:
        element = add(channel, f"{{{WP}}}author")
        add(element, f"{{{WP}}}author_id", author.pk)
        add(element, f"{{{WP}}}author_login", author.get_username())
        add(element, f"{{{WP}}}author_email", author.email)
        add(element, f"{{{WP}}}author_display_name", AuthorProfile.of(author).public_name)
        add(element, f"{{{WP}}}author_first_name", author.first_name)
        add(element, f"{{{WP}}}author_last_name", author.last_name)
    labels = {label.pk: label for post in posts for label in post.labels.all()}
    for label in labels.values():
        element = add(channel, f"{{{WP}}}tag")
        add(element, f"{{{WP}}}term_id", label.pk)
        add(element, f"{{{WP}}}tag_slug", label.slug)
        add(element, f"{{{WP}}}tag_name", label.name)

    def item(entry, number, kind, status, published, address, author="", pinned=False):
        """An <item>; drafts are linked by number, as WordPress links them."""
        element = add(channel, "item")
        add(element, "title", entry.title)
        add(element, "link", site + address if status != "draft" else f"{site}/?p={number}")
        add(element, "guid", f"{site}/?p={number}", isPermaLink="false")
        add(element, f"{{{DC}}}creator", author)
        add(element, f"{{{CONTENT}}}encoded", entry.body)
        add(element, f"{{{WP}}}post_id", number)
        add(element, f"{{{WP}}}post_date", _wp_date(published, local=True))
        add(element, f"{{{WP}}}post_date_gmt", _wp_date(published))
        add(element, f"{{{WP}}}post_modified_gmt", _wp_date(entry.updated_at))
        add(element, f"{{{WP}}}post_name", entry.slug)
        add(element, f"{{{WP}}}status", status)
        add(element, f"{{{WP}}}post_parent", 0)
        add(element, f"{{{WP}}}post_type", kind)
        add(element, f"{{{WP}}}post_password", "")
        add(element, f"{{{WP}}}is_sticky", int(pinned))
        return element

    for post in posts:
        status = "draft" if post.status == "draft" else "future" if post.is_scheduled else "publish"
        author = post.author.get_username()
        element = item(
            post, post.pk, "post", status, post.published_at, post.public_url, author, post.pinned
        )
        add(element, f"{{{EXCERPT}}}encoded", post.excerpt)
        add(element, f"{{{WP}}}comment_status", "open" if post.comments_allowed else "closed")
        for label in post.labels.all():
            add(element, "category", label.name, domain="post_tag", nicename=label.slug)
        for comment in comments.get(post.pk, ()):
            _write_comment(add, element, comment)
    for page in pages:
        status = "publish" if page.is_public else "draft"
        element = item(page, OFFSET + page.pk, "page", status, None, page.get_absolute_url())
        add(element, f"{{{WP}}}menu_order", page.position)
    ElementTree(root).write(stream, encoding="unicode", xml_declaration=True)


def _write_comment(add, item: Element, comment) -> None:
    element = add(item, f"{{{WP}}}comment")
    add(element, f"{{{WP}}}comment_id", comment.pk)
    add(element, f"{{{WP}}}comment_author", comment.name)
    add(element, f"{{{WP}}}comment_author_email", comment.email)
    add(element, f"{{{WP}}}comment_author_url", comment.website)
    add(element, f"{{{WP}}}comment_author_IP", "")
    add(element, f"{{{WP}}}comment_date", _wp_date(comment.created_at, local=True))
    add(element, f"{{{WP}}}comment_date_gmt", _wp_date(comment.created_at))
    add(element, f"{{{WP}}}comment_content", comment.body_html)
    add(element, f"{{{WP}}}comment_approved", 1)
    add(element, f"{{{WP}}}comment_type", "comment")
    add(element, f"{{{WP}}}comment_parent", comment.replied_to_id or 0)


def _wp_date(moment: datetime | None, *, local=False) -> str:
    if moment is None:
        return "0000-00-00 00:00:00"
    moment = timezone.localtime(moment) if local else moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S")
