"""Atom (the default, as on Blogger) and RSS feeds of the blog's posts."""

import re
from datetime import UTC, datetime
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Max
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import format_html
from django.utils.translation import gettext as _

from blog.models import Label, Post

ENTRIES = 20


class LastChangeMixin:
    """Date a feed by its last change, not only its newest entry.

    A withdrawn post or a trashed comment changes a feed without changing its entries'
    dates; and a feed without entries must not claim to change every second (Django dates
    it "now"), or conditional GET could never answer 304.
    """

    def latest_post_date(self):
        changed = self.feed.get("last_changed") or datetime(2000, 1, 1, tzinfo=UTC)
        if not self.items:
            return changed
        return max(super().latest_post_date(), changed)


_ADDRESS = re.compile(r'(\s(?:href|src)=")([^"]*)"')


class AbsoluteAddressesMixin:
    """Addresses in entries made absolute: a feed reader shows them away from the blog, where
    "/media/..." would point into nowhere. Sanitised HTML always quotes with '"'.
    """

    def add_item_elements(self, handler, item):
        for key in ("description", "content"):
            if item.get(key):
                item[key] = _ADDRESS.sub(
                    lambda m: f'{m[1]}{urljoin(item["link"], m[2])}"', item[key]
                )
        super().add_item_elements(handler, item)


class RssFeed(LastChangeMixin, AbsoluteAddressesMixin, Rss201rev2Feed):
    pass


class FullContentAtomFeed(LastChangeMixin, AbsoluteAddressesMixin, Atom1Feed):
    """Atom with the whole entry in <content>; <summary> keeps the short description."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


def tag_uri(kind: str, pk: int) -> str:
    """A stable id (RFC 4151) that survives a changed title, slug or date."""
    host = settings.TINTE_SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return f"tag:{host},2026:{kind}:{pk}"


class PostFeed(Feed):
    feed_type = FullContentAtomFeed

    def title(self, obj=None):
        return settings.TINTE_BLOG_TITLE

    def subtitle(self, obj=None):
        return settings.TINTE_BLOG_DESCRIPTION or None

    def description(self, obj=None):
        # RSS requires a description; Atom's subtitle may be left out.
        return self.subtitle(obj) or self.title(obj)

    def link(self, obj=None):
        return reverse("blog:post-list")

    def feed_guid(self, obj=None):
        return tag_uri("blog", 0)

    def items(self, obj=None):
        return self.posts(obj).for_lists().order_by("-published_at", "-pk")[:ENTRIES]

    def posts(self, obj):
        return Post.objects.published()

    def feed_extra_kwargs(self, obj) -> dict:
        # Any post's change (publishing, editing, withdrawing) may change this feed.
        # Editing a draft that was never public changes nothing readers can see.
        changed = Post.objects.once_public().aggregate(last=Max("updated_at"))["last"]
        return {"last_changed": changed}

    def item_title(self, post: Post) -> str:
        return post.title

    def item_description(self, post: Post) -> str:
        return post.summary

    def item_extra_kwargs(self, post: Post) -> dict:
        return {"content": self.content(post)}

    def content(self, post: Post) -> str:
        """The whole post, its cover image first."""
        if not post.cover_image:
            return post.body
        cover = format_html(
            '<p><img src="{}" alt="{}" width="{}" height="{}"></p>',
            post.cover_image.url,
            post.cover_image_alt,
            post.cover_image_width,
            post.cover_image_height,
        )
        return cover + post.body

    def item_link(self, post: Post) -> str:
        return post.get_absolute_url()

    def item_guid(self, post: Post) -> str:
        return tag_uri("post", post.pk)

    item_guid_is_permalink = False

    def item_author_name(self, post: Post) -> str:
        return post.author_name

    def item_pubdate(self, post: Post):
        return post.published_at

    def item_updateddate(self, post: Post):
        return max(post.updated_at, post.published_at)

    def item_categories(self, post: Post) -> list[str]:
        return [label.name for label in post.labels.all()]


class PostRssFeed(PostFeed):
    feed_type = RssFeed

    def item_description(self, post: Post) -> str:
        return self.content(post)  # RSS readers show the description: the whole post


class LabelFeed(PostFeed):
    def get_object(self, request, slug: str) -> Label:
        return get_object_or_404(Label.objects.with_published_post_counts(), slug=slug)

    def title(self, label: Label) -> str:
        return _("%(blog)s: posts with the label %(label)s") % {
            "blog": settings.TINTE_BLOG_TITLE,
            "label": label.name,
        }

    def link(self, label: Label) -> str:
        return label.get_absolute_url()

    def feed_guid(self, label: Label) -> str:
        return tag_uri("label", label.pk)

    def posts(self, label: Label):
        return Post.objects.published().filter(labels=label)


class LabelRssFeed(LabelFeed):
    feed_type = RssFeed
    item_description = PostRssFeed.item_description
