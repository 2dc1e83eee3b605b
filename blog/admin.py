from django.conf import settings
from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.models import Tag

from blog.models import Label, Page, Post
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


@admin.register(Post)
class PostAdmin(GermanSlugAdmin):
    list_display = ["title", "status_display", "published_at", "label_list"]
    list_filter = ["status", "labels", "published_at", "author"]
    search_fields = ["title", "body", "excerpt"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "body", "labels"]}),
        (_("Publishing"), {"fields": ["status", "published_at", "author", "comments_allowed"]}),
        (_("Cover image and excerpt"), {"fields": ["cover_image", "cover_image_alt", "excerpt"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("labels")

    def get_changeform_initial_data(self, request):
        return {"author": request.user, **super().get_changeform_initial_data(request)}

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
        count = self._apply(post_publish, queryset)
        message = ngettext("%(count)d post published.", "%(count)d posts published.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

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
class PageAdmin(GermanSlugAdmin):
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
