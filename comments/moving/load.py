"""Writing an Export into Tinte: all of it in one transaction, or nothing.

Every post, page and comment remembers where it came from (`imported_from`), so importing
the same file again adds nothing and updates what changed. Authors are matched by email or
login, or made as staff in the group "Autor" without a usable password. Bodies go through
the one sanitiser (on save).
"""

import ipaddress
import re
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from blog import sanitize
from blog.groups import AUTHORS
from blog.models import AuthorProfile, Image, Label, Page, Post, Redirect, SanitizedHTMLField
from blog.redirects import old_address
from blog.text import label_key, label_name, slugify_de, unique_slug
from comments.models import Comment, DiscussionSettings
from comments.moving import items
from comments.services import place_in_thread, start_thread

TITLE_LENGTH = Post._meta.get_field("title").max_length
LARGE_BODY = 1_000_000  # characters: imported, with a warning
# What the sanitiser rewrites rather than removes (<h1> becomes <h2>, a picture alone in a
# paragraph a figure): no reason to warn.
REWRITTEN = {"<h1>", "<p>", "<br>"}
MEDIA_TIMEOUT = 15  # seconds for one picture
NEVER = datetime.max.replace(tzinfo=UTC)  # undated comments come last


@dataclass
class Summary:
    counts: Counter = field(default_factory=Counter)  # (what, how) -> number
    skipped: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False
    picture_hosts: set[str] = field(default_factory=set)  # pictures still shown from there
    redirects: set[str] = field(default_factory=set)


def load(
    export: items.Export, *, dry_run=False, download_media=False, progress=lambda done, total: None
) -> Summary:
    """Write `export`; with `download_media`, fetch its pictures into the image library and
    point the bodies at them (without, and for any picture that cannot be fetched, the old
    addresses stay).
    """
    summary = Summary(skipped=export.skipped, warnings=list(export.warnings), dry_run=dry_run)
    total = len(export.entries) + len(export.comments)
    with transaction.atomic():
        loader = _Loader(export, summary, download_media=download_media and not dry_run)
        for done, entry in enumerate(export.entries, 1):
            loader.entry(entry)
            progress(done, total)
        loader.labels()
        for done, comment in enumerate(loader.in_thread_order(), len(export.entries) + 1):
            loader.comment(comment)
            progress(done, total)
        if dry_run:
            transaction.set_rollback(True)
    return summary


class _Loader:
    def __init__(self, export: items.Export, summary: Summary, *, download_media: bool):
        self.export, self.summary = export, summary
        self.download_media = download_media
        self.unreachable = set()
        self.users = {}
        self.posts = {}  # entry source_id -> Post
        self.pages = set()  # entry source_ids
        self.comments = {}  # comment source_id -> Comment
        self.circled = set()  # comment source_ids of replies that answer themselves
        self.all_labels = None  # label_key -> Label: the blog's, and those made here
        self.labels_used = set()  # label_keys
        self.depth_limit = DiscussionSettings.load().thread_depth

    def key(self, source_id: str) -> str:
        return f"{self.export.source}:{source_id}"[:300]

    def warn(self, entry_title: str, message: str) -> None:
        self.summary.warnings.append(
            _("“%(title)s”: %(problem)s") % {"title": entry_title, "problem": message}
        )

    # Authors

    def author(self, key: str):
        if key not in self.users:
            person = self.export.people.get(key)
            if person is None and self.export.people:
                self.summary.warnings.append(
                    _("The author “%(name)s” is not among the export's authors.") % {"name": key}
                )
            self.users[key] = self._user(person or items.Person(key=key))
        return self.users[key]

    def _user(self, person: items.Person):
        users = get_user_model().objects
        login = person.key.split("@")[0] if "@" in person.key else person.key  # not an address
        base = re.sub(r"[^\w.@+-]", "", login or person.name)[:140] or "autor"
        found = users.filter(email__iexact=person.email).first() if person.email else None
        if found := found or users.filter(username=base).first():
            _name_for_readers(found, person)
            return found
        first, last = person.first_name, person.last_name
        if not (first or last) and person.name:
            first, _space, last = person.name.partition(" ")
        username, number = base, 1
        while users.filter(username=username).exists():
            number += 1
            username = f"{base}-{number}"
        user = users.model(
            username=username,
            email=person.email[:254],
            first_name=first[:150],
            last_name=last[:150],
            is_staff=True,  # an author, who may write once the owner gives a password
        )
        user.set_unusable_password()
        user.save()
        user.groups.add(*Group.objects.filter(name=AUTHORS))
        _name_for_readers(user, person)
        self.summary.counts["authors", "created"] += 1
        return user

    # Posts and pages

    def entry(self, entry: items.Entry) -> None:
        model = Post if entry.kind == "post" else Page
        title = entry.title or _("Untitled")
        if not entry.title:
            self.warn(entry.source_id, _("no title; imported as “%(title)s”.") % {"title": title})
        if len(title) > TITLE_LENGTH:
            self.warn(
                title[:60],
                _("the title was shortened to %(count)s characters.") % {"count": TITLE_LENGTH},
            )
            title = title[:TITLE_LENGTH]
        if not entry.body.strip():
            self.warn(title, _("the text is empty."))
        elif len(entry.body) > LARGE_BODY:
            size = number_format(len(entry.body), force_grouping=True)
            self.warn(title, _("the text is very long (%(size)s characters).") % {"size": size})
        body = self.pictures(entry, title)
        # Sanitised once, as saving stores it: to compare with what is stored, to say what
        # was removed, and to be saved without cleaning it again.
        stored = SanitizedHTMLField.as_stored(body)
        removed = sanitize.removed_parts(body, stored)
        if removed := [part for part in removed if part not in REWRITTEN]:
            self.warn(title, _("removed for safety: %(parts)s.") % {"parts": ", ".join(removed)})
        body = stored
        fields = {"title": title, "body": body, "status": entry.status}
        item = model.objects.filter(imported_from=self.key(entry.source_id)).first()
        if model is Post and entry.status == "published" and entry.published_at is None:
            if item is None or item.published_at is None:
                self.warn(title, _("published without a date; dated today."))
                entry.published_at = entry.updated_at or timezone.now()
            else:
                entry.published_at = item.published_at  # dated by the first import
        if model is Page:
            fields["position"] = min(max(entry.position, 0), 32767)
            fields["in_navigation"] = entry.in_navigation
        if model is Post:
            fields |= {
                "excerpt": entry.excerpt,
                "published_at": entry.published_at,
                "author": self.author(entry.author),
                "comments_allowed": entry.comments_allowed,
                "pinned": entry.pinned,
            }
        created = item is None
        if created:
            item = model(imported_from=self.key(entry.source_id))
            item.slug = self._slug(model, entry, title)
        changed = created or any(getattr(item, name) != value for name, value in fields.items())
        for name, value in fields.items():
            setattr(item, name, value)
        if changed:
            item.save()
        if entry.updated_at and item.updated_at != entry.updated_at and changed:
            # The date of the last change on the old blog, not of the import.
            model.objects.filter(pk=item.pk).update(updated_at=entry.updated_at)
            item.updated_at = entry.updated_at
        if model is Page:
            self.pages.add(entry.source_id)
        if model is Post:
            self.posts[entry.source_id] = item
            labels = {label.pk: label for name in entry.labels if (label := self.label(name))}
            # Compared as labels, not as names: "Gemüse" and "gemüse" are one.
            if set(item.labels.values_list("pk", flat=True)) != labels.keys():
                item.labels.set(list(labels.values()))
                changed = True
        what = "posts" if model is Post else "pages"
        self.summary.counts[
            what, "created" if created else "updated" if changed else "unchanged"
        ] += 1
        state = (
            "draft"
            if entry.status == "draft"
            else "scheduled"
            if _in_future(entry)
            else "published"
        )
        self.summary.counts[what, state] += 1
        for path in entry.old_paths:
            self._redirect(path, **{"post" if model is Post else "page": item})

    # Pictures

    def pictures(self, entry: items.Entry, title: str) -> str:
        """The body with its pictures in the image library: fetched once each (with
        --download-media), and then used by every later import too.
        """
        body = entry.body
        for address, alt in entry.media:
            if not address.startswith(("http://", "https://")):
                continue
            image = Image.objects.filter(imported_from=address[:500]).first()
            if image is None and self.download_media and address not in self.unreachable:
                image = self._fetch(address, alt or title, title)
            if image is None:
                old = urlsplit(address)
                self.summary.picture_hosts.add(f"{old.scheme}://{old.netloc}")
            else:
                body = body.replace(address, image.url).replace(escape(address), image.url)
        # The old site's other sizes: Tinte makes its own for pictures in its library.
        return re.sub(r'\s(?:srcset|sizes)="[^"]*"(?=[^>]*src="/)', "", body)

    def _fetch(self, address: str, alt: str, title: str) -> Image | None:
        limit = settings.TINTE_MAX_IMAGE_BYTES
        try:
            request = urllib.request.Request(address, headers={"User-Agent": "Tinte import"})
            # Only http(s) addresses get here (pictures()).
            with urllib.request.urlopen(request, timeout=MEDIA_TIMEOUT) as response:  # noqa: S310  # nosec B310
                data = response.read(limit + 1)
        except (OSError, ValueError) as error:
            self.unreachable.add(address)  # asked once per import
            if isinstance(error, urllib.error.HTTPError):
                error = f"HTTP {error.code}"
            self.warn(
                title,
                _(
                    "the picture %(address)s could not be fetched (%(problem)s); "
                    "its old address stays."
                )
                % {"address": address, "problem": getattr(error, "reason", error)},
            )
            return None
        name = unquote(urlsplit(address).path.rsplit("/", 1)[-1]) or "bild.jpg"
        image = Image(
            file=SimpleUploadedFile(name, data), alt=alt[:300], imported_from=address[:500]
        )
        try:
            if len(data) > limit:
                raise ValidationError(_("larger than %(size)s bytes") % {"size": limit})
            image.full_clean()
            image.save()
        except ValidationError as error:
            problem = "; ".join(error.messages)
            self.warn(
                title,
                _("the picture %(address)s was not taken (%(problem)s); its old address stays.")
                % {"address": address, "problem": problem},
            )
            return None
        self.summary.counts["pictures", "created"] += 1
        return image

    def _slug(self, model, entry: items.Entry, title: str) -> str:
        wanted = slugify_de(unquote(entry.slug)) or title
        slug = unique_slug(model.objects.all(), wanted, max_length=200)
        if entry.slug == wanted and slug != wanted:
            self.warn(
                title,
                _("the address “%(slug)s” is taken; it is now “%(new)s”.")
                % {"slug": entry.slug, "new": slug},
            )
        return slug

    def _redirect(self, path: str, **target) -> None:
        path = old_address(unquote(path))[:500]  # as the middleware looks it up
        _redirect, created = Redirect.objects.update_or_create(
            old_path=path, defaults={"post": None, "page": None, "label": None} | target
        )
        if path not in self.summary.redirects:
            self.summary.redirects.add(path)
            self.summary.counts["redirects", "created" if created else "kept"] += 1

    # Labels

    def label(self, name: str) -> Label | None:
        """The blog's label of `name` in any case or spelling (`label_key`), or a new one;
        None for a name of nothing but spaces.
        """
        labels = self._all_labels()
        name = label_name(name)
        if not name:
            return None
        key = label_key(name)
        if key not in labels:
            labels[key] = Label.objects.create(name=name)
            self.summary.counts["labels", "created"] += 1
        elif key not in self.labels_used:
            self.summary.counts["labels", "kept"] += 1
        self.labels_used.add(key)
        return labels[key]

    def _all_labels(self) -> dict[str, Label]:
        if self.all_labels is None:
            self.all_labels = {}
            for label in Label.objects.order_by("pk"):  # the oldest, if a case is doubled
                self.all_labels.setdefault(label_key(label.name), label)
        return self.all_labels

    def labels(self) -> None:
        """The old addresses of categories and tags lead to their labels."""
        labels = self._all_labels()
        for name, paths in self.export.label_paths.items():
            label = labels.get(label_key(name))
            for path in paths if label else ():
                self._redirect(path, label=label)

    # Comments

    def in_thread_order(self):
        """Comments after the ones they answer (an export need not list them so). Replies
        that answer themselves, directly or in a circle, start threads of their own.
        """
        pending = sorted(self.export.comments, key=lambda comment: comment.created_at or NEVER)
        known = {comment.source_id for comment in pending}
        placed = set()
        while pending:
            later = []
            for comment in pending:
                if (
                    not comment.parent_id
                    or comment.parent_id in placed
                    or comment.parent_id not in known
                    or comment.source_id in self.circled
                ):
                    placed.add(comment.source_id)
                    yield comment
                else:
                    later.append(comment)
            if len(later) == len(pending):
                # Every one waits for another: the circles among them go first; the
                # replies to them follow.
                self.circled |= _circles({comment.source_id: comment for comment in later})
            pending = later

    def comment(self, comment: items.Comment) -> None:
        post = self.posts.get(comment.entry_id)
        if post is None:
            if comment.entry_id in self.pages:
                self.summary.skipped["page comments"] += 1
            elif left_out := self.export.left_out.get(comment.entry_id):
                self.summary.skipped[f"comments on:{left_out}"] += 1
            else:
                self.summary.skipped["no post"] += 1
            return
        parent = self.comments.get(comment.parent_id)
        if parent is not None and parent.post_id != post.pk:
            parent = None  # a reply on another post than the comment it answers
        if comment.source_id in self.circled:
            parent = None
            self.warn(
                post.title,
                _(
                    "the reply by %(who)s answers itself, directly or through other replies; "
                    "it became a comment of its own."
                )
                % {"who": _who(comment)},
            )
        elif comment.parent_id and parent is None:
            self.warn(
                post.title,
                _(
                    "the reply by %(who)s answers a comment that is not in the file or not "
                    "imported; it became a comment of its own."
                )
                % {"who": _who(comment)},
            )
        existing = Comment.objects.filter(imported_from=self.key(comment.source_id)).first()
        # Without a date in the file: when the first import saw it, or the post's.
        when = comment.created_at or (existing.created_at if existing else None)
        when = when or post.published_at or timezone.now()
        fields = {
            "name": (comment.name or _("Anonymous"))[:100],
            "email": comment.email[:254],
            "website": comment.website[:200]
            if sanitize.allowed_url(
                comment.website, schemes=sanitize.WEBSITE_SCHEMES, relative=False
            )
            else "",
            "body": comment.body,
            "body_html": sanitize.comment_html(comment.body),
            "status": comment.status,
            "created_at": when,
            "status_changed_at": when,
            "ip_address": _ip(comment.ip_address),
            "is_author_reply": _by_author(comment, post.author),
        }
        item = existing or Comment(post=post, imported_from=self.key(comment.source_id))
        changed = existing is None or any(
            getattr(item, name) != value for name, value in fields.items()
        )
        for name, value in fields.items():
            setattr(item, name, value)
        if existing is None:
            place_in_thread(item, parent=parent, depth_limit=self.depth_limit)
        if changed:
            item.save()
            start_thread(item)
        self.comments[comment.source_id] = item
        self.summary.counts["comments", comment.status] += 1
        self.summary.counts[
            "comments", "created" if existing is None else "updated" if changed else "unchanged"
        ] += 1


def _name_for_readers(user, person: items.Person) -> None:
    """The name the old blog showed (WordPress's display name, Blogger's author name), unless
    the author has one here already. WordPress's display name is the login until changed:
    then the first and last name, when the file has them."""
    profile, _created = AuthorProfile.objects.get_or_create(user=user)
    full_name = f"{person.first_name} {person.last_name}".strip()
    name = person.name if person.name and person.name != person.key else full_name or person.name
    if name and not profile.has_name:
        profile.display_name = name[:100]
        profile.save(update_fields=["display_name"])


def _circles(waiting: dict[str, items.Comment]) -> set[str]:
    """The source_ids of the comments in `waiting` that answer themselves in a circle
    (a self-parent is a circle of one), each followed from reply to parent once.
    """
    circled, walked_from = set(), {}
    for start in waiting:
        path, current = [], start
        while current in waiting and current not in walked_from:
            walked_from[current] = start
            path.append(current)
            current = waiting[current].parent_id
        if current in waiting and walked_from[current] == start:  # back on this walk
            circled.update(path[path.index(current) :])
    return circled


def _who(comment: items.Comment) -> str:
    """A comment as its post's author finds it again: the name, and the day if known."""
    name = comment.name or _("Anonymous")
    if comment.created_at is None:
        return name
    day = date_format(timezone.localtime(comment.created_at), "DATE_FORMAT")
    return _("%(name)s of %(day)s") % {"name": name, "day": day}


def _by_author(comment: items.Comment, author) -> bool:
    """Known by the address, or, where the old blog hid addresses (Blogger), by the name."""
    if comment.email:
        return comment.email.lower() == (author.email or "").lower()
    names = {author.get_full_name(), AuthorProfile.of(author).display_name} - {""}
    return comment.name in names


def _in_future(entry: items.Entry) -> bool:
    return entry.published_at is not None and entry.published_at > timezone.now()


def _ip(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None
