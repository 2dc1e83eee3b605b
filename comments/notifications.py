"""Emails about comments, and the signed links in them.

Sending is the last step of a workflow and never its undoing: a mail server that fails is
logged, and the comment stays saved.
"""

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import signing
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

MODERATION_SALT = "tinte.comments.moderation"
UNSUBSCRIBE_SALT = "tinte.comments.unsubscribe"
MODERATION_ACTIONS = ("approve", "spam")


def absolute_url(path: str) -> str:
    return settings.TINTE_SITE_URL.rstrip("/") + path


def moderation_token(comment, action: str) -> str:
    """A link token for one action on one comment in the state it is in now.

    Once the comment has been moderated, by this link or another way, the token no longer
    matches and cannot be used again, even when the comment comes back to the same status.
    """
    return signing.dumps(
        {"comment": comment.pk, "action": action, "state": moderation_state(comment)},
        salt=MODERATION_SALT,
    )


def moderation_state(comment) -> str:
    """What a moderation link is bound to: the status and when it was last set."""
    return f"{comment.status}@{comment.status_changed_at.timestamp()}"


def read_moderation_token(token: str) -> dict:
    """The token's content; raises signing.BadSignature (or SignatureExpired) if not valid."""
    return signing.loads(
        token,
        salt=MODERATION_SALT,
        max_age=timedelta(days=settings.TINTE_MODERATION_LINK_DAYS),
    )


def unsubscribe_token(email: str) -> str:
    return signing.dumps(email.lower(), salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> str:
    return signing.loads(token, salt=UNSUBSCRIBE_SALT)


def _send(subject: str, template: str, context: dict, recipients: list[str]) -> None:
    """Render the email now; deliver it in the background unless the settings say not to,
    so that a slow mail server never keeps a reader or a moderator waiting.
    """
    if not recipients:
        return
    body = render_to_string(template, {"blog_title": settings.TINTE_BLOG_TITLE, **context})
    if settings.TINTE_SEND_MAIL_IN_BACKGROUND:
        threading.Thread(target=_deliver, args=(subject, body, recipients), daemon=True).start()
    else:
        _deliver(subject, body, recipients)


def _deliver(subject: str, body: str, recipients: list[str]) -> None:
    try:
        send_mail(subject, body, None, recipients)
    except Exception:
        logger.exception("Could not send the email %r to %s", subject, recipients)


def moderator_addresses() -> set[str]:
    """The addresses of everybody who may moderate comments."""
    permission = Permission.objects.get(
        content_type__app_label="comments", codename="moderate_comment"
    )
    moderators = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions=permission)
            | Q(user_permissions=permission)
        )
        .exclude(email="")
    )
    return set(moderators.values_list("email", flat=True))


def moderators_about(comment, *, rules) -> None:
    """Tell who the discussion settings name that a comment waits.

    Only moderators get the links that approve or spam it and the commenter's address;
    the post's author without that permission and the extra addresses are only told.
    """
    comment.refresh_from_db(fields=["status", "status_changed_at"])
    if comment.status != comment.Status.PENDING:
        return  # moderated already, in the moment since it was written
    moderators = moderator_addresses()
    wanted = {line.strip() for line in rules.notify_also.splitlines() if line.strip()}
    if rules.notify_post_author and comment.post.author.email:
        wanted.add(comment.post.author.email)
    if rules.notify_moderators:
        wanted |= moderators
    if not wanted:
        logger.warning("Nobody to tell that comment %s waits: add email addresses.", comment.pk)
        return
    subject = _("[%(blog)s] A comment on “%(post)s” waits for approval") % {
        "blog": settings.TINTE_BLOG_TITLE,
        "post": comment.post.title,
    }
    context = {
        "comment": comment,
        "open_url": absolute_url(comment.moderation_url()),
        "post_url": absolute_url(comment.post.get_absolute_url()),
        "days": settings.TINTE_MODERATION_LINK_DAYS,
    }
    links = {
        f"{action}_url": absolute_url(
            reverse("comments:moderate", kwargs={"token": moderation_token(comment, action)})
        )
        for action in MODERATION_ACTIONS
    }
    _send(subject, "comments/email/moderate.txt", {**context, **links}, sorted(wanted & moderators))
    _send(subject, "comments/email/waiting.txt", context, sorted(wanted - moderators))


def about_published(comment) -> None:
    """Emails the commenters asked for, once `comment` is public: its own approval, a reply."""
    if comment.notify and not comment.is_author_reply:
        _notify_commenter(comment, comment, "comments/email/approved.txt")
    answered = comment.replied_to
    if (
        answered is not None
        and answered.notify
        and answered.status == answered.Status.APPROVED
        and answered.email.lower() != comment.email.lower()
    ):
        _notify_commenter(answered, comment, "comments/email/reply.txt")


def _notify_commenter(recipient, comment, template: str) -> None:
    subject = (
        _("[%(blog)s] Your comment on “%(post)s” is online")
        if recipient == comment
        else _("[%(blog)s] A reply to your comment on “%(post)s”")
    )
    _send(
        subject % {"blog": settings.TINTE_BLOG_TITLE, "post": comment.post.title},
        template,
        {
            "recipient": recipient,
            "comment": comment,
            "comment_url": absolute_url(comment.get_absolute_url()),
            "unsubscribe_url": absolute_url(
                reverse(
                    "comments:unsubscribe", kwargs={"token": unsubscribe_token(recipient.email)}
                )
            ),
        },
        [recipient.email],
    )
