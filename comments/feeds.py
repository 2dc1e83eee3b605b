"""Feeds of the approved comments: of the whole blog, and of one post ("Kommentare zum Post")."""

from django.conf import settings
from django.db.models import Max
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from blog.feeds import ENTRIES, FullContentAtomFeed, PostFeed, RssFeed, tag_uri
from blog.models import Post
from comments.models import Comment


class CommentFeed(PostFeed):
    feed_type = FullContentAtomFeed

    def title(self, post=None) -> str:
        return _("%(blog)s: comments") % {"blog": settings.TINTE_BLOG_TITLE}

    def feed_guid(self, post=None) -> str:
        return tag_uri("comments", 0)

    def comments(self, post):
        return Comment.objects.shown().filter(post__in=Post.objects.published())

    def feed_extra_kwargs(self, post=None) -> dict:
        # Approving, spamming or trashing a comment changes the feed.
        changes = Comment.objects.filter(post=post) if post else Comment.objects.all()
        return {"last_changed": changes.aggregate(last=Max("status_changed_at"))["last"]}

    def items(self, post=None):
        return (
            self.comments(post)
            .select_related("post__author__author_profile", "user__author_profile")
            .order_by("-created_at", "-pk")[: ENTRIES * 2]
        )

    def item_title(self, comment: Comment) -> str:
        return _("%(name)s on “%(post)s”") % {
            "name": comment.writer_name,
            "post": comment.post.title,
        }

    def item_description(self, comment: Comment) -> str:
        return comment.body_html

    def item_extra_kwargs(self, comment: Comment) -> dict:
        return {"content": comment.body_html}

    def item_link(self, comment: Comment) -> str:
        return reverse("comments:permalink", kwargs={"pk": comment.pk})

    def item_guid(self, comment: Comment) -> str:
        return tag_uri("comment", comment.pk)

    def item_author_name(self, comment: Comment) -> str:
        return comment.writer_name  # never the email address

    def item_author_link(self, comment: Comment) -> str | None:
        return comment.website or None

    def item_pubdate(self, comment: Comment):
        return comment.created_at

    def item_updateddate(self, comment: Comment):
        return max(comment.created_at, comment.status_changed_at)

    def item_categories(self, comment: Comment) -> list[str]:
        return []


class CommentRssFeed(CommentFeed):
    feed_type = RssFeed


class PostCommentFeed(CommentFeed):
    def get_object(self, request, post_id: int) -> Post:
        return get_object_or_404(Post.objects.published(), pk=post_id)

    def title(self, post: Post) -> str:
        return _("Comments on “%(post)s”") % {"post": post.title}

    def link(self, post: Post) -> str:
        return f"{post.get_absolute_url()}#comments"

    def feed_guid(self, post: Post) -> str:
        return tag_uri("post-comments", post.pk)

    def comments(self, post: Post):
        return Comment.objects.shown().filter(post=post)


class PostCommentRssFeed(PostCommentFeed):
    feed_type = RssFeed


def feed_links(post) -> dict:
    return {
        "atom": reverse("comments:post-feed", kwargs={"post_id": post.pk}),
        "rss": reverse("comments:post-feed-rss", kwargs={"post_id": post.pk}),
    }
