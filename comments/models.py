import ipaddress
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, validate_email
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from blog.models import AuthorProfile, Post
from blog.sanitize import validate_website


class CommentQuerySet(models.QuerySet):
    def approved(self):
        """Comments every reader sees."""
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        """Comments waiting for a moderator."""
        return self.filter(status=Comment.Status.PENDING)

    def visible_to(self, own_pending_ids=()):
        """Approved comments, and the pending ones this visitor wrote themselves."""
        return self.filter(
            Q(status=Comment.Status.APPROVED)
            | Q(status=Comment.Status.PENDING, pk__in=list(own_pending_ids))
        )

    def shown(self):
        """Approved comments that readers see: in a thread whose first comment and whose
        parent are approved too. (A reply to a comment that was later trashed is not shown.)
        """
        approved = Comment.Status.APPROVED
        return self.approved().filter(
            Q(depth=0) | Q(thread__status=approved, parent__status=approved)
        )

    def shown_counts(self, post_ids) -> dict[int, int]:
        """Number of shown comments of each post, in one query."""
        rows = (
            self.shown()
            .filter(post_id__in=list(post_ids))
            .order_by()
            .values("post_id")
            .annotate(count=Count("pk"))
        )
        return {row["post_id"]: row["count"] for row in rows}


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        SPAM = "spam", _("Spam")
        TRASH = "trash", _("Trash")

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="comments", verbose_name=_("post")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("reply to"),
    )
    # The comment the reader answered; `parent` may be higher up when the thread is as deep
    # as the discussion settings allow. The answered commenter is the one told of a reply.
    replied_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The first comment of the thread (itself for a top-level comment): one query fetches
    # a whole page of threads.
    thread = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("email"), max_length=254)
    website = models.URLField(
        _("website"), max_length=200, blank=True, validators=[validate_website]
    )
    body = models.TextField(_("comment"), max_length=5000)
    body_html = models.TextField(editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    held_because = models.CharField(_("held because"), max_length=200, blank=True)
    # What the form token's count said when the comment came (comments.counters): comments
    # sent with that form, this one included, and from how many addresses. Empty for comments
    # that came another way (imports, the author's replies).
    form_uses = models.PositiveIntegerField(_("form used (times)"), null=True, editable=False)
    form_addresses = models.PositiveIntegerField(
        _("form used from (addresses)"), null=True, editable=False
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    is_author_reply = models.BooleanField(_("reply by the author"), default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    notify = models.BooleanField(_("notify by email"), default=False)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    ip_anonymised = models.BooleanField(default=False, editable=False)
    # Where an imported comment came from: importing the same file again updates it.
    imported_from = models.CharField(max_length=300, blank=True, default="", editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        permissions = [("moderate_comment", _("Can moderate comments"))]
        indexes = [
            models.Index(fields=["post", "status", "created_at"], name="comment_post_status"),
            models.Index(fields=["status", "created_at"], name="comment_status_created"),
            models.Index(fields=["email"], name="comment_email"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["imported_from"],
                condition=~Q(imported_from=""),
                name="comment_imported_once",
            )
        ]

    def __str__(self) -> str:
        return _("Comment by %(name)s") % {"name": self.name}

    def get_absolute_url(self) -> str:
        """The comment under its post, on the page of comments its thread is on."""
        root = self.thread or self
        per_page = DiscussionSettings.load().threads_per_page
        before = (
            Comment.objects.shown()
            .filter(post_id=self.post_id, depth=0)
            .filter(
                Q(created_at__lt=root.created_at) | Q(created_at=root.created_at, pk__lt=root.pk)
            )
            .count()
        )
        page = before // per_page + 1
        query = f"?comments_page={page}" if page > 1 else ""
        return f"{self.post.get_absolute_url()}{query}#{self.anchor}"

    def _author(self):
        """Who wrote an author's reply: the user who replied or, for a reply brought by an
        import (recognised by the post author's address or name), the post's author."""
        if self.user_id:
            return self.user
        return self.post.author if self.imported_from else None

    @property
    def writer_name(self) -> str:
        """The name readers see. An author's reply shows the author's current name (which
        may have changed since the reply), never a login name."""
        author = self._author() if self.is_author_reply else None
        return AuthorProfile.of(author).public_name if author else self.name

    @property
    def badge(self) -> str:
        """The word beside an author's reply: "Autorin", "Autor" or the author's own."""
        author = self._author()
        return (AuthorProfile.of(author) if author else AuthorProfile()).badge_text

    @property
    def anchor(self) -> str:
        return f"kommentar-{self.pk}"

    def moderation_url(self) -> str:
        return reverse("admin:comments_comment_change", args=[self.pk])


def _ip_network(text: str) -> None:
    ipaddress.ip_network(text, strict=False)


class DiscussionSettings(models.Model):
    """The moderation rules, changed by the author in the admin, like WordPress's Discussion page.

    There is one row; `DiscussionSettings.load()` returns it.
    """

    comments_on_for_new_posts = models.BooleanField(_("comments on for new posts"), default=True)
    hold_all = models.BooleanField(
        _("hold every comment for moderation"),
        default=True,
        help_text=_("Nobody sees a comment until a moderator approves it."),
    )
    hold_on_posts_older_than_days = models.PositiveIntegerField(
        _("hold comments on posts older than (days)"),
        null=True,
        blank=True,
        help_text=_("Only used when not every comment is held. Empty: never."),
    )
    trust_known_commenters = models.BooleanField(
        _("trust commenters who have an approved comment"),
        default=False,
        help_text=_(
            "Their comments appear at once, even when every comment is held, unless "
            "links or words hold them."
        ),
    )
    hold_links = models.PositiveSmallIntegerField(
        _("hold a comment with this many links or more"), default=2
    )
    hold_words = models.TextField(
        _("words that hold a comment"), blank=True, help_text=_("One word or phrase per line.")
    )
    spam_words = models.TextField(
        _("words that mark a comment as spam"),
        blank=True,
        help_text=_("One word or phrase per line."),
    )
    spam_emails = models.TextField(
        _("email addresses that mark a comment as spam"),
        blank=True,
        help_text=_("One per line; @example.org matches a whole domain."),
    )
    spam_ips = models.TextField(
        _("IP addresses that mark a comment as spam"), blank=True, help_text=_("One per line.")
    )
    close_after_days = models.PositiveIntegerField(
        _("close comments on posts older than (days)"),
        null=True,
        blank=True,
        help_text=_("Empty: comments stay open."),
    )
    thread_depth = models.PositiveSmallIntegerField(
        _("levels of replies"),
        default=2,
        validators=[MinValueValidator(1)],
        help_text=_("1: no replies; 2: replies to comments (as on Blogger)."),
    )
    threads_per_page = models.PositiveSmallIntegerField(
        _("comment threads per page"), default=50, validators=[MinValueValidator(1)]
    )
    notify_post_author = models.BooleanField(_("email the post's author"), default=True)
    notify_moderators = models.BooleanField(_("email all moderators"), default=True)
    notify_also = models.TextField(
        _("also email these addresses"), blank=True, help_text=_("One per line.")
    )

    class Meta:
        verbose_name = _("discussion settings")
        verbose_name_plural = _("discussion settings")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="discussion_settings_single_row"),
            models.CheckConstraint(condition=Q(thread_depth__gte=1), name="thread_depth_min_1"),
            models.CheckConstraint(condition=Q(threads_per_page__gte=1), name="per_page_min_1"),
        ]

    def __str__(self) -> str:
        return str(_("Discussion settings"))

    def clean(self) -> None:
        errors = {}
        for field, check, message in [
            ("spam_ips", _ip_network, _("“%(line)s” is no IP address or network.")),
            ("notify_also", validate_email, _("“%(line)s” is no email address.")),
        ]:
            for line in filter(None, map(str.strip, getattr(self, field).splitlines())):
                try:
                    check(line)
                except (ValueError, ValidationError):
                    errors[field] = message % {"line": line}
        if errors:
            raise ValidationError(errors)

    @classmethod
    def load(cls) -> "DiscussionSettings":
        settings_row, _created = cls.objects.get_or_create(pk=1)
        return settings_row

    def comments_open(self, post: Post) -> bool:
        """Whether readers may comment on `post` now."""
        if not post.comments_allowed or not post.is_public:
            return False
        if self.close_after_days is None:
            return True
        return post.published_at > timezone.now() - timedelta(days=self.close_after_days)


class RateCount(models.Model):
    """Comments one address sent in one minute of the clock (the rate limit, comments.counters).

    One row every worker and server counts in, with an atomic increment; used where no Redis
    is configured. `manage.py comments_housekeeping` deletes the past minutes.
    """

    client = models.CharField(max_length=32)  # salted hash of the address, never the address
    minute = models.BigIntegerField()  # minutes since 1970
    comments = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "minute"], name="rate_count_once"),
        ]

    def __str__(self) -> str:
        return f"{self.client} {self.minute}: {self.comments}"


class FormTokenUse(models.Model):
    """How often one comment form token has been used, from how many addresses, since when.

    A token is the post and the moment its page was made; every reader of a cached page
    shares it (comments.forms.form_token), and comments.moderation holds a comment whose token
    has been used more than readers use one. Kept until the token expires.
    """

    # Indexed first in the unique constraint below: no index of its own.
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+", db_index=False)
    issued = models.BigIntegerField()  # the token's time, seconds since 1970
    first_used = models.FloatField()  # seconds since 1970
    uses = models.PositiveIntegerField(default=0)
    addresses = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "issued"], name="form_token_use_once"),
        ]

    def __str__(self) -> str:
        return f"{self.post_id}:{self.issued}: {self.uses} / {self.addresses}"


class FormTokenAddress(models.Model):
    """The uses of one form token from one address (hashed): for the number of addresses,
    and to see the same address use it again. Kept as long as comments keep IP addresses."""

    # Indexed first in the unique constraint below: no index of its own.
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+", db_index=False)
    issued = models.BigIntegerField()
    client = models.CharField(max_length=32)  # salted hash of the address, never the address
    uses = models.PositiveIntegerField(default=0)
    last_used = models.FloatField()  # seconds since 1970
    previous_used = models.FloatField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "issued", "client"], name="form_token_address_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.post_id}:{self.issued} {self.client}: {self.uses}"
