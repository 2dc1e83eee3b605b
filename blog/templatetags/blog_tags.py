"""The blog's sidebar widgets and navigation, each one query whatever the size of the blog."""

from itertools import groupby

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from blog import images, sanitize
from blog.cache import remembered
from blog.models import Page, label_counts, month_counts
from blog.text import in_german_order

register = template.Library()


def _remembered_html(name: str, template_name: str, context) -> str:
    """A widget's HTML, made once for all pages until anything readers see changes: the
    same on every page, and a tenth of a page's rendering time (a link for every month).
    """
    html = remembered(
        f"html:{name}:{get_language()}", lambda: render_to_string(template_name, context())
    )
    return mark_safe(html)  # noqa: S308  # nosec B308 B703


@register.simple_tag
def label_widget():
    """Blogger's "Labels" widget: the labels with the number of their published posts. A
    blog with hundreds shows the most used ones and links to the rest (a sidebar of 500
    labels made every page 50 KB larger).
    """

    def context():
        labels = label_counts()
        most_used = sorted(labels, key=lambda label: -label.post_count)
        return {
            "labels": in_german_order(most_used[: settings.TINTE_SIDEBAR_LABELS]),
            "all_count": len(labels),
        }

    return _remembered_html("labels", "blog/includes/label_widget.html", context)


@register.simple_tag(takes_context=True)
def archive_widget(context):
    """Blogger's "Blog-Archiv": years and months with their numbers of published posts.

    The year being read is open; the others are folded (details/summary, no JavaScript).
    """
    open_year = _year_being_read(context)

    def widget_context():
        months = [
            {"date": timezone.localtime(row["month"]), "count": row["count"]}
            for row in month_counts()
        ]
        years = [
            {"year": year, "months": list(rows)}
            for year, rows in groupby(months, key=lambda row: row["date"].year)
        ]
        for year in years:
            year["count"] = sum(row["count"] for row in year["months"])
        return {"years": years, "open_year": open_year or years and years[0]["year"]}

    return _remembered_html(
        f"archive:{open_year}", "blog/includes/archive_widget.html", widget_context
    )


def _year_being_read(context) -> int | None:
    if shown := context.get("month") or context.get("year"):  # the archive pages' dates
        return shown.year
    if (post := context.get("post")) and post.published_at:
        return timezone.localtime(post.published_at).year
    return None


@register.inclusion_tag("includes/page_navigation.html", takes_context=True)
def page_navigation(context):
    """Links to the blog's pages ("Über mich", "Impressum", ...) in the author's order."""
    request = context.get("request")
    return {
        "pages": Page.objects.in_navigation().only("title", "slug", "status"),
        "current_path": request.path if request else "",
    }


@register.filter
def with_tag(messages, tag: str) -> list:
    """The messages carrying `tag` (comments show theirs beside the comment form).

    An empty message store is not read: reading it would mark the page as showing
    messages, and such a page is private.
    """
    if not messages:
        return []
    return [message for message in messages if tag in message.tags.split()]


@register.filter
def without_tag(messages, tag: str) -> list:
    if not messages:
        return []
    return [message for message in messages if tag not in message.tags.split()]


@register.filter
def responsive(body: str) -> str:
    """A sanitised body (marked safe by the caller's choice of this filter) with its library
    pictures as responsive <picture>s, and alignments as classes (no inline styles under
    the Content-Security-Policy).
    """
    body = sanitize.styles_as_classes(images.responsive_body(body))
    return mark_safe(body)  # nosec B308 B703


@register.simple_tag
def cover_picture(post, *, lazy=False) -> str:
    """The post's cover image as a <picture> with renditions."""
    image = post.cover_image
    if not image or not post.cover_image_width:
        return ""
    return images.picture(
        image.storage,
        image.name,
        width=post.cover_image_width,
        height=post.cover_image_height,
        alt=post.cover_image_alt,
        sizes=images.BODY_SIZES,
        lazy=bool(lazy),
    )


@register.simple_tag(takes_context=True)
def absolute(context, url: str) -> str:
    """`url` with scheme and host: social cards and structured data need them."""
    return context["request"].build_absolute_uri(url)


@register.filter
def isotime(value) -> str:
    """A moment for machines (`<time datetime>`, OpenGraph) in local time, to the second:
    HTML allows at most three digits of a fraction, Python writes six.
    """
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()
