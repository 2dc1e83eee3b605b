"""Old addresses of a blog that moved here from Blogger or WordPress answer with a
permanent redirect to where their post, page, label or feed lives now: no old link breaks.

Posts, pages and WordPress's categories and tags have their old addresses stored by the
importers (`Redirect`); addresses every Blogger or WordPress blog has (label searches,
feeds) are known by their pattern. Query strings of old addresses (Blogger's `?m=1` for
phones, `?showComment=...`) are left behind; WordPress's short links (`/?p=12`) are stored
with theirs.
"""

import re

from django.http import HttpResponsePermanentRedirect
from django.urls import reverse

from blog.models import Label, Redirect

SHORT_LINK_PARAMETERS = ("p", "page_id")


def _label_by_name(name: str) -> Label | None:
    return Label.objects.filter(name__iexact=name).first()


def _label_url(found) -> str | None:
    label = _label_by_name(found["name"])
    return label.get_absolute_url() if label else None


def _label_feed_url(found) -> str | None:
    label = _label_by_name(found["name"])
    return reverse("blog:label-feed", kwargs={"slug": label.slug}) if label else None


# (pattern of the old path, where it goes now)
PATTERNS = [
    # Blogger
    (r"/search/label/(?P<name>[^/]+)/?", _label_url),
    (r"/feeds/posts/(?:default|summary)/-/(?P<name>[^/]+)/?", _label_feed_url),
    (r"/feeds/posts/(?:default|summary)/?", lambda found: reverse("blog:feed")),
    (r"/feeds/comments/(?:default|summary)/?", lambda found: reverse("comments:feed")),
    (r"/feeds/\d+/comments/(?:default|summary)/?", lambda found: reverse("comments:feed")),
    # WordPress
    (r"/feed(?:/atom|/rss2?|/rdf)?/?", lambda found: reverse("blog:feed")),
]


def new_address(path: str) -> str | None:
    """Where the old address `path` (with a short link's query) lives now, if anywhere."""
    stored = Redirect.objects.filter(old_path=path).select_related("post", "page", "label").first()
    if stored:
        return stored.target.get_absolute_url()
    for pattern, target in PATTERNS:
        if found := re.fullmatch(pattern, path):
            return target(found)
    return None


def old_addresses(get_response):
    """Middleware: only a 404, or a WordPress short link on the home page, is looked up."""

    def middleware(request):
        if request.method not in ("GET", "HEAD"):
            return get_response(request)
        if request.path == "/":
            for name in SHORT_LINK_PARAMETERS:
                value = request.GET.get(name, "")
                if value.isdigit() and (target := new_address(f"/?{name}={value}")):
                    return HttpResponsePermanentRedirect(target)
        response = get_response(request)
        if response.status_code == 404 and (target := new_address(request.path)):
            return HttpResponsePermanentRedirect(target)
        return response

    return middleware
