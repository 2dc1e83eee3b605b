"""Workflows that change posts. Views, admin actions and commands call these."""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from blog.models import Post, Status


@transaction.atomic
def post_create(
    *,
    title: str,
    author,
    body: str = "",
    excerpt: str = "",
    labels: Iterable[str] = (),
    status: str = Status.DRAFT,
    published_at: datetime | None = None,
    slug: str = "",
    comments_allowed: bool = True,
    cover_image=None,
    cover_image_alt: str = "",
) -> Post:
    """Create a post with its labels; the slug comes from the title when not given."""
    post = Post(
        title=title,
        author=author,
        body=body,
        excerpt=excerpt,
        status=status,
        published_at=published_at,
        slug=slug,
        comments_allowed=comments_allowed,
        cover_image_alt=cover_image_alt,
    )
    if cover_image is not None:
        post.cover_image = cover_image
    post.full_clean()
    post.save()
    post.labels.set(list(labels))
    return post


def post_publish(*, post: Post, at: datetime | None = None) -> Post:
    """Publish `post` at `at`, at the date it already has, or now.

    A date in the future schedules the post; readers see it from then on.
    """
    post.status = Status.PUBLISHED
    post.published_at = at or post.published_at or timezone.now()
    post.full_clean()
    post.save(update_fields=["status", "published_at", "updated_at"])
    return post


def post_unpublish(*, post: Post) -> Post:
    """Take `post` back to the drafts; its date is kept for when it is published again."""
    post.status = Status.DRAFT
    post.save(update_fields=["status", "updated_at"])
    return post
