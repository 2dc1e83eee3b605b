import json
from collections.abc import Callable
from typing import NamedTuple

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from blog.admin import PostAdmin
from blog.models import Post
from comments import services
from comments.models import Comment, DiscussionSettings

MODERATE = "comments.moderate_comment"


class StatusFilter(admin.SimpleListFilter):
    """Opens on the pending comments, and says how many comments each status has."""

    title = _("status")
    parameter_name = "status"
    everything = "all"

    def lookups(self, request, model_admin):
        counts = dict(Comment.objects.order_by().values_list("status").annotate(count=Count("pk")))
        return [
            *(
                (value, f"{label} ({counts.get(value, 0)})")
                for value, label in Comment.Status.choices
            ),
            (self.everything, _("All")),
        ]

    def choices(self, changelist):
        current = self.value() or Comment.Status.PENDING
        for value, label in self.lookup_choices:
            yield {
                "selected": current == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value() or Comment.Status.PENDING
        return queryset if value == self.everything else queryset.filter(status=value)


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 8}))


class EmailForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    confirm = forms.BooleanField(label=_("Yes, erase them for good"), required=False)


class SingleAction(NamedTuple):
    """A button on a comment's own page (where the moderation email's "open" link leads)."""

    service: Callable
    label: str
    done: str
    offered_for: tuple[str, ...]


SINGLE_ACTIONS = {
    "approve": SingleAction(
        services.comment_approve,
        _("Approve"),
        _("Comment approved."),
        (Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.TRASH),
    ),
    "spam": SingleAction(
        services.comment_mark_spam,
        _("Mark as spam"),
        _("Comment marked as spam."),
        (Comment.Status.PENDING, Comment.Status.APPROVED, Comment.Status.TRASH),
    ),
    "trash": SingleAction(
        services.comment_trash,
        _("Move to trash"),
        _("Comment moved to the trash."),
        (Comment.Status.PENDING, Comment.Status.APPROVED, Comment.Status.SPAM),
    ),
    "restore": SingleAction(
        services.comment_restore,
        _("Restore (back to pending)"),
        _("Comment restored; it waits for approval."),
        (Comment.Status.SPAM, Comment.Status.TRASH),
    ),
}


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    class Media:
        css = {"all": ["css/admin.css"]}

    list_display = ["excerpt", "writer", "created_at", "status_and_reason", "reply_link"]
    list_display_links = ["excerpt"]
    list_filter = [StatusFilter, ("post", admin.RelatedOnlyFieldListFilter), "is_author_reply"]
    list_select_related = ["post"]
    search_fields = ["name", "email", "body", "website"]
    ordering = ["-created_at"]
    date_hierarchy = "created_at"
    actions = ["approve", "mark_spam", "trash", "restore"]
    fields = [
        "post",
        "parent",
        "name",
        "email",
        "website",
        "body",
        "status",
        "held_because",
        "form_uses",
        "form_addresses",
        "created_at",
        "is_author_reply",
        "notify",
        "ip_address",
    ]
    readonly_fields = fields
    change_list_template = "admin/comments/comment/change_list.html"
    change_form_template = "admin/comments/comment/change_form.html"

    def has_add_permission(self, request):
        return False  # Comments come from readers; the author replies with "Reply".

    def has_change_permission(self, request, obj=None):
        return False  # Moderators approve, spam, trash or restore; nobody rewrites comments.

    def has_delete_permission(self, request, obj=None):
        # Comments go to the trash, which housekeeping empties, or are erased on request.
        return False

    def has_moderate_permission(self, request) -> bool:
        return request.user.has_perm(MODERATE)

    def changelist_view(self, request, extra_context=None):
        # Django's title would be "Kommentar zum Ansehen auswählen".
        if self.has_moderate_permission(request):
            title = _("Moderate comments")
        else:
            title = capfirst(self.opts.verbose_name_plural)
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    def get_list_display(self, request):
        # The commenters' addresses are for moderators only, as the comment form promises.
        shown = {
            "writer": "writer" if self.has_moderate_permission(request) else "writer_name",
            "reply_link": "reply_link" if request.user.has_perm("comments.add_comment") else None,
        }
        return [shown.get(name, name) for name in self.list_display if shown.get(name, name)]

    def get_fields(self, request, obj=None):
        if self.has_moderate_permission(request):
            return self.fields
        return [name for name in self.fields if name not in ("email", "ip_address")]

    @admin.display(description=_("written by"), ordering="name")
    def writer(self, comment: Comment) -> str:
        return self._writer(comment, comment.email)

    @admin.display(description=_("written by"), ordering="name")
    def writer_name(self, comment: Comment) -> str:
        return self._writer(comment, "")

    @staticmethod
    def _writer(comment: Comment, email: str) -> str:
        lines = [Truncator(comment.name).chars(40)]
        if email:
            lines.append(email)
        if comment.website:
            lines.append(
                format_html(
                    '<a href="{}" rel="nofollow noopener">{}</a>',
                    comment.website,
                    Truncator(comment.website).chars(40),
                )
            )
        return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))  # nosec B308 B703

    @admin.display(description=_("status"), ordering="status")
    def status_and_reason(self, comment: Comment) -> str:
        if not comment.held_because or comment.status != Comment.Status.PENDING:
            return comment.get_status_display()
        status = comment.get_status_display()
        return format_html("{}<br><small>{}</small>", status, comment.held_because)

    @admin.display(description=_("comment"))
    def excerpt(self, comment: Comment) -> str:
        return format_html(
            "{}<br><small>{}</small>",
            Truncator(comment.body).chars(100),
            _("on “%(post)s”") % {"post": comment.post.title},
        )

    @admin.display(description=_("reply"))
    def reply_link(self, comment: Comment) -> str:
        if comment.status != Comment.Status.APPROVED:
            return ""
        url = reverse("admin:comments_comment_reply", args=[comment.pk])
        return format_html('<a href="{}">{}</a>', url, _("Reply"))

    def _moderate(self, request, queryset, service, message) -> None:
        with transaction.atomic():
            comments = list(queryset)
            for comment in comments:
                service(comment=comment)
        self.message_user(request, message % {"count": len(comments)}, messages.SUCCESS)

    @admin.action(description=_("Approve"), permissions=["moderate"])
    def approve(self, request, queryset):
        message = ngettext_lazy(
            "%(count)d comment approved.", "%(count)d comments approved.", "count"
        )
        self._moderate(request, queryset, services.comment_approve, message)

    @admin.action(description=_("Mark as spam"), permissions=["moderate"])
    def mark_spam(self, request, queryset):
        message = ngettext_lazy(
            "%(count)d comment marked as spam.", "%(count)d comments marked as spam.", "count"
        )
        self._moderate(request, queryset, services.comment_mark_spam, message)

    @admin.action(description=_("Move to trash"), permissions=["moderate"])
    def trash(self, request, queryset):
        message = ngettext_lazy(
            "%(count)d comment moved to the trash.",
            "%(count)d comments moved to the trash.",
            "count",
        )
        self._moderate(request, queryset, services.comment_trash, message)

    @admin.action(description=_("Restore (back to pending)"), permissions=["moderate"])
    def restore(self, request, queryset):
        message = ngettext_lazy(
            "%(count)d comment restored.", "%(count)d comments restored.", "count"
        )
        restorable = queryset.filter(status__in=[Comment.Status.SPAM, Comment.Status.TRASH])
        self._moderate(request, restorable, services.comment_restore, message)

    def get_urls(self):
        return [
            path(
                "<int:pk>/reply/",
                self.admin_site.admin_view(self.reply_view),
                name="comments_comment_reply",
            ),
            path(
                "<int:pk>/moderate/<str:action>/",
                self.admin_site.admin_view(self.moderate_view),
                name="comments_comment_moderate",
            ),
            path(
                "privacy/",
                self.admin_site.admin_view(self.privacy_view),
                name="comments_comment_privacy",
            ),
            *super().get_urls(),
        ]

    def moderate_view(self, request, pk: int, action: str):
        if request.method != "POST" or action not in SINGLE_ACTIONS:
            return HttpResponseRedirect(reverse("admin:comments_comment_change", args=[pk]))
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        comment = get_object_or_404(Comment, pk=pk)
        SINGLE_ACTIONS[action].service(comment=comment)
        self.message_user(request, SINGLE_ACTIONS[action].done, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:comments_comment_change", args=[pk]))

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        if obj is not None and self.has_moderate_permission(request):
            context["moderation_buttons"] = [
                (name, action.label)
                for name, action in SINGLE_ACTIONS.items()
                if obj.status in action.offered_for
            ]
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def reply_view(self, request, pk: int):
        """The author answers a comment; the reply is published at once."""
        if not request.user.has_perm("comments.add_comment"):
            raise PermissionDenied
        parent = get_object_or_404(Comment.objects.approved().select_related("post"), pk=pk)
        form = ReplyForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            reply = services.comment_reply_as_author(
                parent=parent, user=request.user, body=form.cleaned_data["body"]
            )
            self.message_user(request, _("Your reply is published."), messages.SUCCESS)
            return HttpResponseRedirect(reply.get_absolute_url())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Reply to %(name)s") % {"name": parent.writer_name},
            "parent": parent,
            "form": form,
        }
        return TemplateResponse(request, "admin/comments/comment/reply.html", context)

    def privacy_view(self, request):
        """Data-protection requests: export or erase every comment of one email address."""
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        form = EmailForm(request.POST or None)
        found = None
        if request.method == "POST" and form.is_valid():
            email = form.cleaned_data["email"]
            if "export" in request.POST:
                response = HttpResponse(
                    json.dumps(services.comments_export(email=email), indent=2, ensure_ascii=False),
                    content_type="application/json; charset=utf-8",
                )
                response["Content-Disposition"] = 'attachment; filename="comments.json"'
                return response
            if "erase" in request.POST and not form.cleaned_data["confirm"]:
                form.add_error("confirm", _("Tick this box to erase the comments."))
            elif "erase" in request.POST:
                count = services.comments_erase(email=email)
                self.message_user(
                    request,
                    ngettext("%(count)d comment erased.", "%(count)d comments erased.", count)
                    % {"count": count},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(request.path)
            found = services.comments_of_email(email).count()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Comments of one email address"),
            "form": form,
            "found": found,
        }
        return TemplateResponse(request, "admin/comments/comment/privacy.html", context)


@admin.register(DiscussionSettings)
class DiscussionSettingsAdmin(admin.ModelAdmin):
    """One settings page, like WordPress's Discussion screen."""

    fieldsets = [
        (_("Comments on posts"), {"fields": ["comments_on_for_new_posts", "close_after_days"]}),
        (
            _("Before a comment appears"),
            {
                "fields": [
                    "hold_all",
                    "hold_on_posts_older_than_days",
                    "trust_known_commenters",
                    "hold_links",
                    "hold_words",
                ]
            },
        ),
        (_("Spam"), {"fields": ["spam_words", "spam_emails", "spam_ips"]}),
        (_("Threads"), {"fields": ["thread_depth", "threads_per_page"]}),
        (
            _("Who is told about new comments"),
            {"fields": ["notify_post_author", "notify_moderators", "notify_also"]},
        ),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        settings_row = DiscussionSettings.load()
        return HttpResponseRedirect(
            reverse("admin:comments_discussionsettings_change", args=[settings_row.pk])
        )


admin.site.unregister(Post)


@admin.register(Post)
class PostWithCommentsAdmin(PostAdmin):
    """The blog's post admin with comment counts, and comments on by the discussion settings."""

    list_display = [*PostAdmin.list_display, "comment_count"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                approved_comments=Count(
                    "comments",
                    filter=Q(comments__in=Comment.objects.shown()),
                ),
                pending_comments=Count(
                    "comments", filter=Q(comments__status=Comment.Status.PENDING)
                ),
            )
        )

    def get_changeform_initial_data(self, request):
        return {
            "comments_allowed": DiscussionSettings.load().comments_on_for_new_posts,
            **super().get_changeform_initial_data(request),
        }

    @admin.display(description=_("comments"), ordering="approved_comments")
    def comment_count(self, post: Post) -> str:
        url = (
            reverse("admin:comments_comment_changelist") + f"?post__id__exact={post.pk}&status=all"
        )
        if post.pending_comments:
            label = _("%(approved)d (%(pending)d waiting)") % {
                "approved": post.approved_comments,
                "pending": post.pending_comments,
            }
        else:
            label = str(post.approved_comments)
        return format_html('<a href="{}">{}</a>', url, label)
