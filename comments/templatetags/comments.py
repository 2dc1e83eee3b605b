"""How blog pages show comments: `{% load comments %}`, then the tags below.

The blog app knows nothing of comments; its templates ask these tags, which fetch in a fixed
number of queries whatever the number of posts or comments.
"""

import json
from collections import defaultdict

from django import template
from django.core.paginator import Paginator

from comments.forms import CommentForm
from comments.middleware import mark_private
from comments.models import Comment, DiscussionSettings
from comments.visitors import own_pending_ids, remembered_details

register = template.Library()

PAGE_PARAMETER = "comments_page"
REPLY_PARAMETER = "replyto"


@register.simple_tag
def load_comment_counts(posts) -> str:
    """Give every post of a list its `comment_count`, in one query for all of them."""
    posts = list(posts)
    counts = Comment.objects.shown_counts(post.pk for post in posts)
    for post in posts:
        post.comment_count = counts.get(post.pk, 0)
    return ""


@register.inclusion_tag("comments/includes/count_link.html")
def comment_count_link(post):
    """ "Keine Kommentare", "1 Kommentar", "5 Kommentare", linked to the post's comments."""
    count = getattr(post, "comment_count", None)
    if count is None:
        count = Comment.objects.shown().filter(post=post).count()
    return {"post": post, "count": count}


@register.inclusion_tag("comments/includes/section.html", takes_context=True)
def comment_section(context, post):
    """Everything under a post: the count, the threads of this page, the form or "closed"."""
    request = context["request"]
    rules = DiscussionSettings.load()
    own = own_pending_ids(request)
    if own:
        mark_private(request)
    # An author's reply shows the author's current name and badge (Comment.writer_name).
    visible = (
        Comment.objects.filter(post=post).visible_to(own).select_related("user__author_profile")
    )

    # Slicing by hand rather than with Paginator's object list keeps the queries the same
    # for a post without comments: Django runs no query at all for an empty slice.
    roots = visible.filter(depth=0)
    per_page = rules.threads_per_page
    page = Paginator(range(roots.count()), per_page).get_page(request.GET.get(PAGE_PARAMETER))
    offset = (page.number - 1) * per_page
    page_of_roots = roots[offset : offset + per_page]
    threads = list(page_of_roots)
    replies = list(
        visible.filter(depth__gt=0, thread__in=page_of_roots.values("pk")).order_by(
            "created_at", "pk"
        )
    )
    children = defaultdict(list)
    for reply in replies:
        children[reply.parent_id].append(reply)
    shown = {comment.pk: comment for comment in [*threads, *replies]}
    for comment in shown.values():
        comment.children = children[comment.pk]
        comment.post = post  # one post, its author fetched once

    is_open = rules.comments_open(post)
    can_reply = is_open and rules.thread_depth > 1
    reply_to = shown.get(_int(request.GET.get(REPLY_PARAMETER))) if can_reply else None
    if reply_to is not None and reply_to.status != Comment.Status.APPROVED:
        reply_to = None
    form = None
    if is_open:
        initial = remembered_details(request)
        if initial:
            mark_private(request)
            initial["remember"] = True
        form = CommentForm(post=post, initial={**initial, "parent": reply_to and reply_to.pk})
    count = Comment.objects.shown().filter(post=post).count()
    return {
        "request": request,
        "post": post,
        "count": count,
        "json_ld": _json_ld(request, post, count, [*threads, *replies]),
        "threads": threads,
        "page": page,
        "page_parameter": PAGE_PARAMETER,
        "reply_parameter": REPLY_PARAMETER,
        "reply_to": reply_to,
        "comments_open": is_open,
        "can_reply": can_reply,
        "held": rules.hold_all,
        "form": form,
        # "Thank you for your comment" is shown here, where the reader is, not above the post.
        "messages": context.get("messages"),
    }


@register.simple_tag
def pending_comment_count() -> int:
    return Comment.objects.pending().count()


# Characters that could end the <script> element or start markup inside it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _json_ld(request, post, count: int, comments: list[Comment]) -> str:
    """schema.org BlogPosting for search engines, with the approved comments of this page.

    Names, dates and texts only: never an email address, never a pending comment.
    """
    url = request.build_absolute_uri(post.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title,
        "description": post.summary,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": post.published_at.isoformat(),
        "dateModified": max(post.updated_at, post.published_at).isoformat(),
        # Without a name of their own, the author writes as the blog (AuthorProfile).
        "author": {
            "@type": "Person" if post.author_has_name else "Organization",
            "name": post.author_name,
        },
        "keywords": [label.name for label in post.labels.all()],
        "commentCount": count,
        "comment": [
            {
                "@type": "Comment",
                "author": {"@type": "Person", "name": comment.writer_name},
                "dateCreated": comment.created_at.isoformat(),
                "text": comment.body,
                "url": f"{url}#{comment.anchor}",
            }
            for comment in comments
            if comment.status == Comment.Status.APPROVED
        ],
    }
    if post.cover_image:
        data["image"] = request.build_absolute_uri(post.cover_image.url)
    return json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
