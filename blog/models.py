from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from blog import images, sanitize
from blog.cache import remembered
from blog.text import slug_base, slugify_de, summarize, unique_slug
from blog.validators import validate_image_upload


def fill_slug(item: models.Model) -> None:
    """Give `item` a unique slug made from its title, unless it has a slug of its own.

    A slug that is just the title's (the admin prefills it in the browser) and that another
    item already has gets a number, as an empty one would: two posts may share a title.
    """
    max_length = item._meta.get_field("slug").max_length
    is_titles = item.slug == slug_base(item.title, max_length=max_length)
    others = type(item)._default_manager.exclude(pk=item.pk)
    if not item.slug or (is_titles and others.filter(slug=item.slug).exists()):
        item.slug = unique_slug(others, item.title, max_length=max_length)


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class AuthorProfile(models.Model):
    """How an author appears to readers: the name they write under and the word beside it
    on their replies. The login name is for logging in and is never shown to readers.

    (The place for an author's picture and a few lines about them, too.) A user may have no
    profile yet: `AuthorProfile.of(user)` answers for everyone.
    """

    class Badge(models.TextChoices):
        WOMAN = "woman", pgettext_lazy("choice of a badge", "Author (woman)")
        MAN = "man", pgettext_lazy("choice of a badge", "Author (man)")
        OWN_WORD = "own", pgettext_lazy("choice of a badge", "A word of my own (below)")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="author_profile",
        verbose_name=_("user"),
    )
    display_name = models.CharField(
        _("name shown to readers"),
        max_length=100,
        blank=True,
        help_text=_(
            "Shown under posts, on replies to comments, in feeds and to search engines. "
            "Posts are published only under a name; the login name is never shown."
        ),
    )
    badge = models.CharField(
        _("word beside your replies"),
        max_length=10,
        choices=Badge.choices,
        default=Badge.OWN_WORD,
        help_text=_("Marks your replies to comments as the blog's own."),
    )
    badge_word = models.CharField(
        _("your own word"),
        max_length=30,
        blank=True,
        help_text=_("With “A word of my own”, for example “Team” or “Gastgeberin”. Empty: “Blog”."),
    )

    class Meta:
        verbose_name = _("author profile")
        verbose_name_plural = _("author profiles")

    def __str__(self) -> str:
        return self.display_name or gettext("(no name for readers yet)")

    @classmethod
    def of(cls, user) -> "AuthorProfile":
        """The profile of `user`, or an empty, unsaved one when they have none yet."""
        try:
            return user.author_profile
        except cls.DoesNotExist:
            return cls(user_id=user.pk)

    @property
    def has_name(self) -> bool:
        return bool(self.display_name.strip())

    @property
    def public_name(self) -> str:
        """The name readers see: the display name or, without one, the blog's title; never
        the login name."""
        return self.display_name.strip() or settings.TINTE_BLOG_TITLE

    @property
    def badge_text(self) -> str:
        """The word beside the author's replies: "Autorin", "Autor" or their own word."""
        if self.badge == self.Badge.WOMAN:
            return pgettext("badge on a reply by a woman", "Author")
        if self.badge == self.Badge.MAN:
            return pgettext("badge on a reply by a man", "Author")
        return self.badge_word.strip() or pgettext("badge on a reply", "Blog")

    @staticmethod
    def edit_url(user) -> str:
        """Where `user`'s profile is edited in the admin (made there when missing)."""
        return reverse("admin:blog_authorprofile_of_user", kwargs={"user_id": user.pk})


class StoredHTML(str):
    """What `SanitizedHTMLField.as_stored` returned: saving it does not clean it again (a
    long text takes seconds). Any change to it (`+`, `replace`, ...) is a plain str again.
    """


class SanitizedHTMLField(models.TextField):
    """Rich HTML that passes through `blog.sanitize.clean_html` on every save.

    Cleaning here rather than in a form means no way into the database (admin, import,
    shell, service) can skip it.
    """

    def pre_save(self, model_instance, add):
        value = self.as_stored(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    @staticmethod
    def as_stored(value: str) -> StoredHTML:
        if type(value) is StoredHTML:
            return value
        return StoredHTML(
            images.describe_images(sanitize.clean_html(value), library=Image.objects.all())
        )


class LabelQuerySet(models.QuerySet):
    def with_published_post_counts(self):
        """Labels of at least one published post, each with `post_count`, by name."""
        return (
            self.filter(labelled_posts__content_object__in=Post.objects.published())
            .annotate(post_count=Count("labelled_posts"))
            .order_by("name")
        )


class Label(TagBase):
    objects = LabelQuerySet.as_manager()

    class Meta:
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        ordering = ["name"]

    def get_absolute_url(self) -> str:
        return reverse("blog:label-detail", kwargs={"slug": self.slug})

    def slugify(self, tag, i=None):
        slug = slugify_de(tag) or "label"
        return f"{slug}-{i}" if i is not None else slug


class LabelledPost(TaggedItemBase):
    content_object = models.ForeignKey(
        "Post", on_delete=models.CASCADE, related_name="labelled_items"
    )
    tag = models.ForeignKey(Label, on_delete=models.CASCADE, related_name="labelled_posts")

    class Meta:
        verbose_name = _("label of a post")
        verbose_name_plural = _("labels of posts")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_post_label")
        ]


class PostQuerySet(models.QuerySet):
    def published(self):
        """Posts a reader may see: published, with a publication time that has come.

        A post published with a future date is scheduled; it appears by itself when the
        time comes, with no job to run.
        """
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self):
        """Posts published with a date still to come: everything published but not (yet)
        `published()`, so that the two never disagree."""
        return self.filter(status=Status.PUBLISHED).exclude(
            pk__in=Post.objects.published().values("pk")
        )

    def once_public(self):
        """Posts that are or have been public: changing one may change what readers see."""
        return self.filter(published_at__lte=timezone.now())

    def for_lists(self):
        """Everything a post card shows, fetched in a fixed number of queries."""
        return self.select_related("author__author_profile").prefetch_related("labels")

    def month_counts(self):
        """Rows of `month` (first day, in the site's time zone) and `count`, newest first."""
        return (
            self.order_by()
            .annotate(month=TruncMonth("published_at"))
            .values("month")
            .annotate(count=Count("pk"))
            .order_by("-month")
        )


class Post(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_("The last part of the post's address. Made from the title when left empty."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="posts",
        verbose_name=_("author"),
    )
    body = SanitizedHTMLField(_("body"), blank=True)
    excerpt = models.TextField(
        _("excerpt"),
        blank=True,
        help_text=_("Shown on lists and to search engines. Taken from the body when empty."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("A date in the future schedules the post. Set to now when left empty."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    labels = TaggableManager(
        verbose_name=_("labels"),
        through=LabelledPost,
        blank=True,
        help_text=_("A comma-separated list of labels."),
    )
    comments_allowed = models.BooleanField(_("comments allowed"), default=True)
    pinned = models.BooleanField(
        _("pinned to the top"),
        default=False,
        help_text=_("Shown first on the home page, before newer posts (WordPress: “sticky”)."),
    )
    # Where an imported post came from ("wordpress:https://alt.example/?p=12"): importing
    # the same file again updates it instead of adding it twice.
    imported_from = models.CharField(max_length=300, blank=True, default="", editable=False)
    cover_image = images.ProcessedImageField(
        _("cover image"),
        upload_to="covers/%Y/%m/",
        blank=True,
        width_field="cover_image_width",
        height_field="cover_image_height",
        validators=[validate_image_upload],
    )
    cover_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_image_alt = models.CharField(
        _("cover image description (alt text)"),
        max_length=300,
        blank=True,
        help_text=_(
            "What the picture shows, for people who cannot see it. Required with a picture."
        ),
    )

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "published_at"], name="post_status_published"),
            # The home page: pinned posts first, then the newest, read from the index.
            models.Index(fields=["status", "pinned", "published_at"], name="post_home_order"),
            # The feeds' last change: the newest `updated_at` without reading every post.
            models.Index(fields=["updated_at"], name="post_updated"),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(slug=""), name="post_slug_not_empty"),
            models.CheckConstraint(
                condition=models.Q(status=Status.DRAFT) | models.Q(published_at__isnull=False),
                name="post_published_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(cover_image="") | ~models.Q(cover_image_alt=""),
                name="post_cover_image_has_alt",
            ),
            models.UniqueConstraint(
                fields=["imported_from"],
                condition=~models.Q(imported_from=""),
                name="post_imported_once",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        if not self.is_public:
            return reverse("blog:post-preview", kwargs={"pk": self.pk})
        return self.public_url

    @property
    def public_url(self) -> str:
        """Where readers find the post once it is published ("" for a draft without date)."""
        if self.published_at is None:
            return ""
        local = timezone.localtime(self.published_at)
        return reverse(
            "blog:post-detail",
            kwargs={"year": local.year, "month": local.month, "slug": self.slug},
        )

    def clean(self) -> None:
        fill_slug(self)
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if self.cover_image and not self.cover_image_alt.strip():
            raise ValidationError(
                {"cover_image_alt": _("Describe the cover image for readers who cannot see it.")}
            )
        if self.status == Status.PUBLISHED and self.author_id and not self.author_has_name:
            raise ValidationError({"author": self.author_without_name_error()})

    @property
    def author_name(self) -> str:
        """The author's name as readers see it (`AuthorProfile.public_name`)."""
        return AuthorProfile.of(self.author).public_name

    @property
    def author_has_name(self) -> bool:
        return AuthorProfile.of(self.author).has_name

    def author_without_name_error(self) -> ValidationError:
        """Publishing (or scheduling) needs a name for readers: else the login name would be
        the obvious one to show, and that is never shown."""
        return ValidationError(
            format_html(
                gettext(
                    "Readers see the author's name under the post, and “{login}” has not "
                    'set one yet. <a href="{url}">Set the name shown to readers</a>, then '
                    "publish."
                ),
                login=self.author.get_username(),
                url=AuthorProfile.edit_url(self.author),
            ),
            code="author_without_name",
        )

    @property
    def is_public(self) -> bool:
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def address_is_fixed(self) -> bool:
        """Readers may have linked to this post: it is, or has been, public."""
        return self.published_at is not None and self.published_at <= timezone.now()

    @property
    def is_scheduled(self) -> bool:
        return self.status == Status.PUBLISHED and not self.is_public

    @property
    def summary(self) -> str:
        """The excerpt, or the beginning of the body when there is none."""
        return self.excerpt.strip() or summarize(self.body)

    @property
    def opengraph_image_url(self) -> str:
        """The cover image cropped to 1200x630, as social networks show it."""
        return self.cover_image.storage.url(images.opengraph_name(self.cover_image.name))

    def get_previous_public(self):
        """The published post before this one in time, or None."""
        return self._adjacent_public(newer=False)

    def get_next_public(self):
        """The published post after this one in time, or None."""
        return self._adjacent_public(newer=True)

    def _adjacent_public(self, *, newer: bool):
        # Posts published in the same second are put in order by their id.
        lookup, order = ("gt", "") if newer else ("lt", "-")
        return (
            Post.objects.published()
            .filter(
                models.Q(**{f"published_at__{lookup}": self.published_at})
                | models.Q(published_at=self.published_at, **{f"pk__{lookup}": self.pk})
            )
            .order_by(f"{order}published_at", f"{order}pk")
            .only("title", "slug", "status", "published_at")
            .first()
        )


class PageQuerySet(models.QuerySet):
    def published(self):
        """Pages a reader may see."""
        return self.filter(status=Status.PUBLISHED)

    def in_navigation(self):
        """Published pages linked from the site navigation, in the author's order."""
        return self.published().filter(in_navigation=True).order_by("position", "title")


class Page(models.Model):
    """A page outside the stream of posts: "Über mich", "Impressum", "Datenschutz"."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_("The last part of the page's address. Made from the title when left empty."),
    )
    body = SanitizedHTMLField(_("body"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    in_navigation = models.BooleanField(_("show in navigation"), default=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Pages with smaller numbers come first.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    imported_from = models.CharField(max_length=300, blank=True, default="", editable=False)

    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["position", "title"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(slug=""), name="page_slug_not_empty"),
            models.UniqueConstraint(
                fields=["imported_from"],
                condition=~models.Q(imported_from=""),
                name="page_imported_once",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        if not self.is_public:
            return reverse("blog:page-preview", kwargs={"pk": self.pk})
        return reverse("blog:page-detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        fill_slug(self)

    @property
    def is_public(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def summary(self) -> str:
        return summarize(self.body)


class Image(models.Model):
    """A picture in the image library, placed in posts and pages from the editor."""

    file = images.ProcessedImageField(
        _("image file"),
        upload_to="images/%Y/%m/",
        width_field="width",
        height_field="height",
        validators=[validate_image_upload],
    )
    width = models.PositiveIntegerField(_("width"), editable=False)
    height = models.PositiveIntegerField(_("height"), editable=False)
    alt = models.CharField(
        _("description (alt text)"),
        max_length=300,
        help_text=_("What the picture shows, for people who cannot see it."),
    )
    caption = models.CharField(
        _("caption"), max_length=300, blank=True, help_text=_("Shown below the picture.")
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    # The address an imported picture was fetched from: a second import reuses it.
    imported_from = models.CharField(max_length=500, blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(alt=""), name="image_has_alt"),
        ]

    def __str__(self) -> str:
        return self.alt

    @property
    def url(self) -> str:
        return self.file.url

    def placed_in(self) -> list:
        """Posts and pages whose text shows this picture."""
        return [
            *Post.objects.filter(body__contains=self.file.name),
            *Page.objects.filter(body__contains=self.file.name),
        ]


class Redirect(models.Model):
    """An address of the blog this one moved from, and the post or page that lives on.

    Made by the importers; `blog.redirects` answers the old address with a permanent
    redirect, so that no old link breaks.
    """

    old_path = models.CharField(
        _("old address"),
        max_length=500,
        unique=True,
        help_text=_('The path, with "?p=12" for a WordPress short link.'),
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, null=True, blank=True)
    page = models.ForeignKey(Page, on_delete=models.CASCADE, null=True, blank=True)
    label = models.ForeignKey(Label, on_delete=models.CASCADE, null=True, blank=True)

    class Meta:
        verbose_name = _("redirect")
        verbose_name_plural = _("redirects")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(post__isnull=False, page=None, label=None)
                    | models.Q(post=None, page__isnull=False, label=None)
                    | models.Q(post=None, page=None, label__isnull=False)
                ),
                name="redirect_to_one_thing",
            )
        ]

    def __str__(self) -> str:
        return self.old_path

    @property
    def target(self):
        return self.post or self.page or self.label


class SiteState(models.Model):
    """One row: when something readers can see last changed (blog.cache keys pages by it)."""

    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("site state")
        default_permissions = ()

    def __str__(self) -> str:
        return str(self.changed_at)


# What every sidebar shows, the same for every reader: kept until anything readers see changes.


def label_counts() -> list[Label]:
    """The labels of published posts, each with `post_count`."""
    return remembered("labels", lambda: list(Label.objects.with_published_post_counts()))


def month_counts() -> list[dict]:
    """Published posts a month (`month`, `count`), newest first."""
    return remembered("months", lambda: list(Post.objects.published().month_counts()))


def publication_years() -> list:
    """The years with published posts, newest first."""
    return remembered(
        "years", lambda: list(Post.objects.published().dates("published_at", "year", "DESC"))
    )
