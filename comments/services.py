"""Workflows of comments. Views, admin actions, emails and commands call these."""

import ipaddress
import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from blog.models import AuthorProfile, Post
from blog.sanitize import comment_html
from blog.text import without_control_characters
from comments import notifications
from comments.counters import FormUse
from comments.models import Comment, DiscussionSettings, FormTokenAddress, FormTokenUse, RateCount
from comments.moderation import judge

logger = logging.getLogger(__name__)


def place_in_thread(comment: Comment, *, parent: Comment | None, depth_limit: int) -> None:
    """Make `comment` a reply to `parent` (or a new thread, once saved: `start_thread`).

    A reply deeper than the discussion settings allow joins its parent's level, as on Blogger.
    """
    comment.replied_to = parent
    while parent is not None and parent.depth + 1 >= depth_limit:
        parent = parent.parent
    comment.parent = parent
    comment.depth = parent.depth + 1 if parent else 0
    comment.thread = (parent.thread or parent) if parent else None


def start_thread(comment: Comment) -> None:
    """A saved top-level comment is the first of its own thread."""
    if comment.thread_id is None:
        comment.thread = comment
        comment.save(update_fields=["thread"])


def _save_in_thread(comment: Comment, *, parent: Comment | None, depth_limit: int) -> None:
    """Render, check and save `comment` as a reply to `parent` (or as a new thread)."""
    place_in_thread(comment, parent=parent, depth_limit=depth_limit)
    comment.body_html = comment_html(comment.body)
    comment.full_clean(exclude=["thread"])
    comment.save()
    start_thread(comment)


@transaction.atomic
def comment_create(
    *,
    post: Post,
    name: str,
    email: str,
    body: str,
    website: str = "",
    parent: Comment | None = None,
    ip: str | None = None,
    notify: bool = False,
    form_use: FormUse | None = None,
) -> Comment:
    """Save a reader's comment as approved, pending or spam, by the discussion rules.

    `form_use` is what the count of the form's token said (comments.counters). Moderators
    are emailed about a pending comment once it is saved; a mail server that fails is logged
    and loses nothing.
    """
    rules = DiscussionSettings.load()
    verdict = judge(
        rules=rules,
        post=post,
        name=name,
        email=email,
        website=website,
        body=body,
        ip=ip,
        form_use=form_use,
    )
    comment = Comment(
        post=post,
        # Nobody types a control character; one that is pasted in would break the feeds.
        name=without_control_characters(name).strip(),
        email=email.strip(),
        website=website.strip(),
        body=without_control_characters(body).strip(),
        status=verdict.status,
        held_because=verdict.reason,
        ip_address=ip,
        notify=notify,
        form_uses=form_use and form_use.uses,
        form_addresses=form_use and form_use.addresses,
    )
    _save_in_thread(comment, parent=parent, depth_limit=rules.thread_depth)
    if comment.status == Comment.Status.PENDING:
        transaction.on_commit(lambda: notifications.moderators_about(comment, rules=rules))
    elif comment.status == Comment.Status.APPROVED:
        transaction.on_commit(lambda: notifications.about_published(comment))
    return comment


def comment_set_status(*, comment: Comment, status: str) -> Comment:
    """Approve, spam, trash or restore (back to pending) `comment`.

    A comment approved now brings the emails its commenter and the commenter it answers
    asked for.
    """
    was_approved = comment.status == Comment.Status.APPROVED
    comment.status = status
    comment.status_changed_at = timezone.now()
    comment.save(update_fields=["status", "status_changed_at"])
    if status == Comment.Status.APPROVED and not was_approved:
        transaction.on_commit(lambda: notifications.about_published(comment))
    return comment


def comment_approve(*, comment: Comment) -> Comment:
    return comment_set_status(comment=comment, status=Comment.Status.APPROVED)


def comment_mark_spam(*, comment: Comment) -> Comment:
    return comment_set_status(comment=comment, status=Comment.Status.SPAM)


def comment_trash(*, comment: Comment) -> Comment:
    return comment_set_status(comment=comment, status=Comment.Status.TRASH)


def comment_restore(*, comment: Comment) -> Comment:
    """Take a comment out of spam or trash; it waits for a moderator again."""
    return comment_set_status(comment=comment, status=Comment.Status.PENDING)


@transaction.atomic
def comment_reply_as_author(*, parent: Comment, user, body: str) -> Comment:
    """The blog's author answers `parent`: published at once and marked as the author's."""
    reply = Comment(
        post=parent.post,
        name=AuthorProfile.of(user).public_name,  # never the login name
        email=user.email or settings.DEFAULT_FROM_EMAIL,
        body=without_control_characters(body).strip(),
        status=Comment.Status.APPROVED,
        is_author_reply=True,
        user=user,
    )
    _save_in_thread(reply, parent=parent, depth_limit=DiscussionSettings.load().thread_depth)
    transaction.on_commit(lambda: notifications.about_published(reply))
    return reply


def comments_of_email(email: str):
    return Comment.objects.filter(email__iexact=email.strip())


def comments_export(*, email: str) -> list[dict]:
    """Everything stored about the comments of one email address (data-protection requests)."""
    return [
        {
            "post": comment.post.title,
            "url": notifications.absolute_url(
                reverse("comments:permalink", kwargs={"pk": comment.pk})
            ),
            "name": comment.name,
            "email": comment.email,
            "website": comment.website,
            "comment": comment.body,
            "status": comment.status,
            "written": comment.created_at.isoformat(),
            "ip_address": comment.ip_address,
            "notify": comment.notify,
        }
        for comment in comments_of_email(email).select_related("post").order_by("created_at")
    ]


@transaction.atomic
def comments_erase(*, email: str) -> int:
    """Delete every comment of one email address.

    Replies to them stay stored but are no longer shown, as when a comment goes to the
    trash: without what they answer they would be out of context.
    """
    count, _ = comments_of_email(email).delete()
    return count


def comments_unsubscribe(*, email: str) -> int:
    """No more emails about approvals and replies for this address."""
    return comments_of_email(email).filter(notify=True).update(notify=False)


def anonymise_ip(ip: str) -> str:
    """The network an address belongs to, no longer the machine: /24 for IPv4, /48 for IPv6."""
    address = ipaddress.ip_address(ip)
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)


def comments_housekeeping(*, purge_days: int, ip_days: int) -> tuple[int, int, int]:
    """Delete spam and trash older than `purge_days`; anonymise IPs older than `ip_days`;
    forget the counts of comments and form tokens (comments.counters) that are done with.

    Returns the numbers of deleted comments, of anonymised addresses and of forgotten counts.
    """
    now = timezone.now()
    purged, _ = Comment.objects.filter(
        status__in=[Comment.Status.SPAM, Comment.Status.TRASH],
        status_changed_at__lt=now - timedelta(days=purge_days),
    ).delete()
    anonymised = 0
    old = Comment.objects.filter(
        ip_anonymised=False,
        ip_address__isnull=False,
        created_at__lt=now - timedelta(days=ip_days),
    )
    for comment in old.only("pk", "ip_address").iterator():
        Comment.objects.filter(pk=comment.pk).update(
            ip_address=anonymise_ip(comment.ip_address), ip_anonymised=True
        )
        anonymised += 1
    return purged, anonymised, _forget_counts(ip_days=ip_days)


def _forget_counts(*, ip_days: int) -> int:
    """Past minutes of the rate limit; expired form tokens; and the (hashed) addresses that
    used a token, once they are as old as the IP addresses comments keep."""
    now = time.time()
    expired = int(now - settings.TINTE_COMMENT_MAX_AGE_HOURS * 3600)
    forgotten, _ = RateCount.objects.filter(minute__lt=int(now // 60)).delete()
    forgotten += FormTokenAddress.objects.filter(
        Q(last_used__lt=now - ip_days * 24 * 3600) | Q(issued__lt=expired)
    ).delete()[0]
    forgotten += FormTokenUse.objects.filter(issued__lt=expired).delete()[0]
    return forgotten
