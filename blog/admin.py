import base64
import hashlib
import re

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminSplitDateTime
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import dateformat, formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_prose_editor.widgets import AdminProseEditorWidget
from taggit.models import Tag

from blog import sanitize
from blog.models import (
    AuthorProfile,
    Image,
    Label,
    Page,
    Post,
    Redirect,
    SanitizedHTMLField,
    Status,
)
from blog.services import post_publish, post_unpublish

# Tinte's labels are blog.Label; taggit's own tag table stays empty.
admin.site.unregister(Tag)
admin.site.site_header = settings.TINTE_BLOG_TITLE
admin.site.site_title = settings.TINTE_BLOG_TITLE
admin.site.index_title = _("Write and publish")


class GermanSlugAdmin(admin.ModelAdmin):
    """Prefills slugs in the browser with the same German transliteration as the server."""

    class Media:
        # After Django's URLify, which admin-slug.js wraps.
        js = ["admin/js/urlify.js", "js/admin-slug.js"]


# What the editor offers; blog.sanitize decides what is kept, whatever sends the HTML.
EDITOR = {
    "extensions": {
        "Heading": {"levels": [2, 3, 4]},
        "Bold": True,
        "Italic": True,
        "Strike": True,
        "Subscript": True,
        "Superscript": True,
        "Link": {"enableTarget": False},
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "HorizontalRule": True,
        "HardBreak": True,
        "Figure": True,
        "Caption": True,
        "Image": True,
        "LibraryPicture": True,  # Tinte's, in static/js/editor-extensions.js
        "Table": True,
        "TableRow": True,
        "TableHeader": True,
        "TableCell": True,
        "Code": True,
        "CodeBlock": True,
        "SpecialCharacters": True,
        # The editor's TextAlign, under a name of Tinte's (static/js/editor-extensions.js):
        # by its own name, django-prose-editor warns on every render that it "typically
        # requires" TextStyle, a check kept from its older configurations. Alignment is an
        # attribute of paragraphs and headings; TextStyle would only keep empty <span>s of
        # pasted text.
        "Alignment": {"types": ["heading", "paragraph"]},
        "HTML": True,
        "Fullscreen": True,
    }
}


# Tiptap (inside the editor) adds its few base styles as an inline <style>: allowed by
# their hash. tests/e2e/test_author.py fails if an update of the editor changes them.
EDITOR_STYLE_HASH = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"


def csp_hash(source: str) -> str:
    """How a Content-Security-Policy names one inline script or style: by its hash."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()}'"


# The editor shows a paragraph's alignment as a style attribute ("text-align: center") and
# reads stored ones as the sanitiser writes them ("text-align: center;"). These exact values,
# and no other inline style, are let through: blocked, the editor saw no alignment in a
# stored text and dropped it on the next save.
ALIGNMENT_STYLES = [
    "'unsafe-hashes'",
    *(
        csp_hash(style)
        for side in ("left", "center", "right", "justify")
        for style in (f"text-align: {side}", f"text-align: {side};")
    ),
]


class RichTextAdmin(GermanSlugAdmin):
    """Post and page bodies in a rich-text editor, with the image library beside it, a
    warning before leaving unsaved changes, and word of what sanitising removed.
    """

    formfield_overrides = {
        SanitizedHTMLField: {"widget": AdminProseEditorWidget(preset="configurable", config=EDITOR)}
    }
    change_form_template = "admin/blog/rich_text_change_form.html"

    class Media:
        js = ["js/admin-editor.js"]
        css = {"all": ["css/admin.css"]}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and isinstance(field.widget, AdminSplitDateTime):
            # Django 5.2 writes "Datum:" and "Zeit:" beside a date's two inputs as plain text,
            # which names neither for a screen reader (later versions make them labels).
            date, time = field.widget.widgets
            name = capfirst(db_field.verbose_name)
            date.attrs["aria-label"] = _("%(field)s: date") % {"field": name}
            time.attrs["aria-label"] = _("%(field)s: time") % {"field": name}
        return field

    def render_change_form(self, request, context, *args, **kwargs):
        context["image_library"] = Image.objects.all()[:48]
        response = super().render_change_form(request, context, *args, **kwargs)
        # The editor's modules are found through an inline import map: the one inline
        # script the Content-Security-Policy lets through, by its hash.
        if importmap := getattr(context.get("media"), "_importmap", None):
            source = re.search(r">(.*)</script>", str(importmap), re.DOTALL)[1]
            response._csp_update = {
                "script-src": [csp_hash(source)],
                "style-src": [EDITOR_STYLE_HASH, *ALIGNMENT_STYLES],
            }
        return response

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        removed = sanitize.removed_parts(form.cleaned_data.get("body", ""), obj.body)
        if removed:
            self.message_user(
                request,
                _(
                    "Removed from the text because a blog post may not contain them: %(parts)s. "
                    "Look over the text before publishing."
                )
                % {"parts": ", ".join(removed)},
                messages.WARNING,
            )
        if missing := sanitize.pictures_without_description(obj.body):
            self.message_user(
                request,
                ngettext(
                    "%(count)d picture in the text has no description for people who cannot "
                    "see it. Add one in the editor (picture dialog, “Alternative Text”).",
                    "%(count)d pictures in the text have no description for people who cannot "
                    "see them. Add one in the editor (picture dialog, “Alternative Text”).",
                    missing,
                )
                % {"count": missing},
                messages.WARNING,
            )


class PostStatusFilter(admin.SimpleListFilter):
    """Drafts, scheduled and published posts, as readers tell them apart."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            (Status.DRAFT, Status.DRAFT.label),
            ("scheduled", _("Scheduled")),
            (Status.PUBLISHED, Status.PUBLISHED.label),
        ]

    def queryset(self, request, queryset):
        if self.value() == Status.DRAFT:
            return queryset.filter(status=Status.DRAFT)
        if self.value() == "scheduled":
            return queryset.scheduled()
        if self.value() == Status.PUBLISHED:
            return queryset.published()
        return queryset


def local_moment(moment) -> str:
    """A moment as an author reads it, in the blog's time zone: "5. Dezember, 8:00", with
    the year only when it is not this year's."""
    local = timezone.localtime(moment)
    day = "MONTH_DAY_FORMAT" if local.year == timezone.localdate().year else "DATE_FORMAT"
    return f"{formats.date_format(local, day)}, {dateformat.format(local, 'G:i')}"


@admin.register(Post)
class PostAdmin(RichTextAdmin):
    list_display = ["title", "status_display", "published_at", "label_list"]
    list_filter = [PostStatusFilter, "labels", "published_at", "author", "pinned"]
    search_fields = ["title", "body", "excerpt"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "body", "labels"]}),
        (
            _("Publishing"),
            {"fields": ["status", "published_at", "author", "pinned", "comments_allowed"]},
        ),
        (_("Cover image and excerpt"), {"fields": ["cover_image", "cover_image_alt", "excerpt"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("labels")

    def get_changeform_initial_data(self, request):
        return {"author": request.user, **super().get_changeform_initial_data(request)}

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        self._say_when_it_appears(request, obj)
        return response

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        self._say_when_it_appears(request, obj)
        return response

    def _say_when_it_appears(self, request, post: Post) -> None:
        # After Django's "was saved": a post that readers do not see yet says when they will.
        if post.is_scheduled:
            message = _("Scheduled for %(moment)s. The post appears by itself then.")
            self.message_user(
                request,
                message % {"moment": local_moment(post.published_at)},
                messages.SUCCESS,
            )

    def get_readonly_fields(self, request, obj=None):
        # Once readers may have linked to a post, its address stays, unpublished or not.
        if obj is not None and obj.address_is_fixed:
            return ["slug"]
        return []

    def get_prepopulated_fields(self, request, obj=None):
        if "slug" in self.get_readonly_fields(request, obj):
            return {}
        return super().get_prepopulated_fields(request, obj)

    @admin.display(description=_("status"), ordering="status")
    def status_display(self, post: Post) -> str:
        if post.is_scheduled:
            return _("Scheduled")
        return post.get_status_display()

    @admin.display(description=_("labels"))
    def label_list(self, post: Post) -> str:
        return ", ".join(label.name for label in post.labels.all())

    @admin.action(description=_("Publish selected posts"), permissions=["change"])
    def publish(self, request, queryset):
        count, refused = 0, []
        with transaction.atomic():
            for post in queryset:
                try:
                    post_publish(post=post)
                except ValidationError as error:
                    refused.append((post, error))
                else:
                    count += 1
        if count or not refused:
            message = ngettext("%(count)d post published.", "%(count)d posts published.", count)
            self.message_user(request, message % {"count": count}, messages.SUCCESS)
        for post, error in refused:
            reasons = [reason for reasons in error.message_dict.values() for reason in reasons]
            self.message_user(
                request,
                format_html(
                    "{} {}",
                    _("“%(title)s” was not published:") % {"title": post.title},
                    format_html_join(" ", "{}", ((reason,) for reason in reasons)),
                ),
                messages.ERROR,
            )

    @admin.action(description=_("Unpublish selected posts"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = self._apply(post_unpublish, queryset)
        message = ngettext(
            "%(count)d post moved back to drafts.", "%(count)d posts moved back to drafts.", count
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @staticmethod
    @transaction.atomic
    def _apply(service, queryset) -> int:
        posts = list(queryset)
        for post in posts:
            service(post=post)
        return len(posts)


@admin.register(Page)
class PageAdmin(RichTextAdmin):
    list_display = ["title", "status", "in_navigation", "position"]
    list_editable = ["position", "in_navigation"]
    list_filter = ["status", "in_navigation"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "slug", "body", "status", "in_navigation", "position"]


@admin.register(Label)
class LabelAdmin(GermanSlugAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "alt", "caption", "size", "uploaded_at"]
    search_fields = ["alt", "caption", "file"]
    date_hierarchy = "uploaded_at"
    fields = ["file", "alt", "caption", "address"]
    readonly_fields = ["address"]

    def get_deleted_objects(self, objs, request):
        # A picture still shown in a post or page is not deleted from under it: the admin
        # lists those as protected and refuses, as for a protected foreign key.
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        for image in objs:
            protected += [
                format_html(
                    '{}: <a href="{}">{}</a> – {}',
                    capfirst(item._meta.verbose_name),
                    item.get_absolute_url(),
                    item,
                    _("shows this picture; take it out there first, then delete it here"),
                )
                for item in image.placed_in()
            ]
        return deleted, model_count, perms_needed, protected

    @admin.display(description=_("image"))
    def thumbnail(self, image: Image) -> str:
        return format_html(
            '<img src="{}" alt="" width="96" height="{}">',
            image.url,
            round(96 * image.height / image.width),
        )

    @admin.display(description=_("size"))
    def size(self, image: Image) -> str:
        return f"{image.width} × {image.height}"

    @admin.display(description=_("address for the editor"))
    def address(self, image: Image) -> str:
        if not image.pk:
            return "–"
        return format_html(
            '<input type="text" readonly value="{}" size="60" aria-label="{}">',
            image.url,
            _("Address of the image"),
        )


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    """The old addresses the importers brought along, each leading to a post, page or label."""

    list_display = ["old_path", "target"]
    search_fields = ["old_path", "post__title", "page__title", "label__name"]
    raw_id_fields = ["post", "page", "label"]
    list_select_related = ["post", "page", "label"]

    @admin.display(description=_("leads to"))
    def target(self, redirect):
        return redirect.target


@admin.register(AuthorProfile)
class AuthorProfileAdmin(admin.ModelAdmin):
    """The name readers see and the badge on replies. Every author sets their own ("Mein
    Profil", in the links at the top); whoever manages users sets anyone's.
    """

    list_display = ["__str__", "user", "badge"]
    fields = ["user", "display_name", "badge", "badge_word"]
    readonly_fields = ["user"]

    @staticmethod
    def manages_users(request) -> bool:
        return request.user.has_perm("auth.change_user")

    def is_own_or_managed(self, request, profile) -> bool:
        return profile is None or profile.user_id == request.user.pk or self.manages_users(request)

    def get_queryset(self, request):
        profiles = super().get_queryset(request).select_related("user")
        return profiles if self.manages_users(request) else profiles.filter(user=request.user)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.is_own_or_managed(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.is_own_or_managed(request, obj)

    def has_add_permission(self, request):
        return False  # made by "Mein Profil", the link on a refused publication, or the user page

    def has_delete_permission(self, request, obj=None):
        return self.manages_users(request) and super().has_delete_permission(request, obj)

    def get_urls(self):
        return [
            path(
                "mine/", self.admin_site.admin_view(self.mine_view), name="blog_authorprofile_mine"
            ),
            path(
                "of/<int:user_id>/",
                self.admin_site.admin_view(self.of_user_view),
                name="blog_authorprofile_of_user",
            ),
            *super().get_urls(),
        ]

    def mine_view(self, request):
        return self.of_user_view(request, user_id=request.user.pk)

    def of_user_view(self, request, user_id: int):
        """The profile of one user, made on the first visit."""
        if user_id != request.user.pk and not self.manages_users(request):
            raise PermissionDenied
        user = get_object_or_404(get_user_model(), pk=user_id)
        profile, _created = AuthorProfile.objects.get_or_create(user=user)
        return HttpResponseRedirect(reverse("admin:blog_authorprofile_change", args=[profile.pk]))


class AuthorProfileInline(admin.StackedInline):
    model = AuthorProfile
    fields = ["display_name", "badge", "badge_word"]
    can_delete = False
    max_num = 1


# The user page shows the profile too, for whoever manages users.
admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class UserWithProfileAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, AuthorProfileInline]
