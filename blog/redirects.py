"""Old addresses of a blog that moved here from Blogger or WordPress answer with a
permanent redirect to where their post, page, label or feed lives now: no old link breaks.

Posts, pages and WordPress's categories and tags have their old addresses stored by the
importers (`Redirect`); addresses every Blogger or WordPress blog has (label searches,
feeds, day archives) are known by their pattern. Query strings of old addresses (Blogger's
`?m=1` for phones, `?showComment=...`) are left behind; WordPress's short links (`/?p=12`)
are stored with theirs. A post or page that readers cannot see yet (a draft, a scheduled
post) is not redirected to: a permanent redirect would be remembered past its publication.
"""

import re

from django.http import HttpResponsePermanentRedirect
from django.urls import reverse

from blog.models import Label, Post, Redirect

SHORT_LINK_PARAMETERS = ("p", "page_id")


def _label_by_name(name: str) -> Label | None:
    """Blogger writes a space in a label's address as %20 or as +; "C++" is also a name."""
    for candidate in (name, name.replace("+", " ")):
        if label := Label.objects.filter(name__iexact=candidate).first():
            return label if _public(label) else None
    return None


def _label_url(found, query) -> str | None:
    label = _label_by_name(found["name"])
    return label.get_absolute_url() if label else None


def _label_feed_url(found, query) -> str | None:
    label = _label_by_name(found["name"])
    return reverse(_feed("blog:label-feed", query), kwargs={"slug": label.slug}) if label else None


def _posts_feed_url(found, query) -> str:
    return reverse(_feed("blog:feed", query))


def _comments_feed_url(found, query) -> str:
    return reverse(_feed("comments:feed", query))


def _post_comments_feed_url(found, query) -> str:
    """Blogger's feed of one post's comments, by the post's Blogger number."""
    post = Post.objects.filter(imported_from__regex=rf"^blogger:.*:{found['number']}$").first()
    if post is None or not post.is_public:
        return _comments_feed_url(found, query)
    return reverse(_feed("comments:post-feed", query), kwargs={"post_id": post.pk})


def _month_url(found, query) -> str:
    return reverse("blog:archive-month", kwargs={"year": int(found[1]), "month": int(found[2])})


def _feed(name: str, query) -> str:
    """Blogger's `?alt=rss` asks for the RSS feed."""
    return f"{name}-rss" if query.get("alt") == "rss" else name


# (pattern of the old path, where it goes now)
PATTERNS = [
    # Blogger
    (r"/search/label/(?P<name>[^/]+)/?", _label_url),
    (r"/feeds/posts/(?:default|summary)/-/(?P<name>[^/]+)/?", _label_feed_url),
    (r"/feeds/posts/(?:default|summary)/?", _posts_feed_url),
    (r"/feeds/comments/(?:default|summary)/?", _comments_feed_url),
    (r"/feeds/(?P<number>\d+)/comments/(?:default|summary)/?", _post_comments_feed_url),
    # WordPress
    (r"/feed(?:/atom|/rss2?|/rdf)?/?", _posts_feed_url),
    (r"/comments/feed/(?:atom|rss2?|rdf)/?", _comments_feed_url),
    (r"/(\d{4})/(\d{2})/\d{2}/?", _month_url),  # a day's posts: that month's
]


def new_address(path: str, query=None) -> str | None:
    """Where the old address `path` (with a short link's query) lives now, if anywhere."""
    query = query or {}
    feed = re.fullmatch(r"(?P<page>.+/)feed(?:/(?:atom|rss2?|rdf))?/?", path)
    for candidate in dict.fromkeys([path, path.rstrip("/") + "/", path.rstrip("/")]):
        target = _stored(candidate)
        if target is not None:
            return target.get_absolute_url() if _public(target) else None
    if feed and (target := _stored(feed["page"])) is not None and _public(target):
        # WordPress's feed of a category, a tag, or a post's comments.
        if isinstance(target, Label):
            return reverse("blog:label-feed", kwargs={"slug": target.slug})
        if isinstance(target, Post):
            return reverse("comments:post-feed", kwargs={"post_id": target.pk})
    for pattern, target in PATTERNS:
        if found := re.fullmatch(pattern, path):
            return target(found, query)
    return None


def _stored(path: str):
    redirect = Redirect.objects.filter(old_path=path).select_related("post", "page", "label")
    return redirect[0].target if redirect else None


def _public(target) -> bool:
    """Readers can see it: a published post or page, a label of a published post."""
    if isinstance(target, Label):
        return Post.objects.published().filter(labels=target).exists()
    return target.is_public


def old_address(path: str) -> str:
    """A path as the importers store old addresses: doubled slashes as one, as nginx's
    merge_slashes gives them (WordPress's own links may double them: `//greek/…`), so
    that Tinte without nginx in front finds them too.
    """
    return re.sub(r"/{2,}", "/", path)


def _here(target: str) -> bool:
    """A path on this site: never another one by a leading "//" or "/\\"."""
    return target.startswith("/") and not target.startswith(("//", "/\\"))


def old_addresses(get_response):
    """Middleware: only a 404, or a WordPress short link on the home page, is looked up."""

    def middleware(request):
        if request.method not in ("GET", "HEAD"):
            return get_response(request)
        path = old_address(request.path)
        if path == "/":
            for name in SHORT_LINK_PARAMETERS:
                value = request.GET.get(name, "")
                if value.isdigit() and (target := new_address(f"/?{name}={value}")):
                    return HttpResponsePermanentRedirect(target)
        response = get_response(request)
        target = new_address(path, request.GET) if response.status_code == 404 else None
        if target and _here(target):
            return HttpResponsePermanentRedirect(target)
        return response

    return middleware
