"""Whole reader pages and feeds, cached for visitors who bring nothing of their own.

A page is cached under the moment anything readers can see last changed (`SiteState`, moved
by the signals below, in the same transaction as the change) and the newest publication
time that has come (so a scheduled post appears on time). Two small queries per request find
both; every worker of every server then agrees at once, whatever the cache backend. Visitors
with a session (staff, a commenter with a pending comment, a message to show) or a
remembered commenter cookie always get a fresh page, and nothing private is ever stored: a
response that says private, no-store or sets a cookie is not kept. A failing cache is
logged and bypassed.
"""

import hashlib
import logging
import re
from contextvars import ContextVar
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.db.models import Max
from django.utils import timezone
from django.utils.cache import get_max_age, patch_cache_control
from django.utils.http import quote_etag

logger = logging.getLogger(__name__)

# Cookies that make a visitor's pages their own; apps add theirs (comments: a remembered
# commenter, whose form comes filled in).
personal_cookies = {settings.SESSION_COOKIE_NAME}


def changed(**kwargs) -> None:
    """Something readers see has changed: every cached page is out of date."""
    from blog.models import SiteState

    SiteState.objects.update_or_create(pk=1, defaults={"changed_at": timezone.now()})


# What other sites add to links they show (a shared post gets a new `fbclid` with every
# click): it changes nothing on the page, so it must not make every visitor a cache miss.
TRACKING_PARAMETER = re.compile(
    r"utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|twclid|igshid|yclid|mc_cid|mc_eid|_hsenc|_hsmi"
)

# Parts of a page that differ between two renderings without changing it (apps add theirs;
# comments: the form's token, which carries the moment it was made). Left out of the ETag,
# so that the copies several workers made each answer If-None-Match alike.
volatile_parts = []


@dataclass
class _Request:
    """The request being served: its version, found once, and whether the cache failed."""

    found_version: str | None = None
    cache_failed: bool = False

    @property
    def version(self) -> str:
        if self.found_version is None:
            self.found_version = version()
        return self.found_version


_request = ContextVar("tinte_page_request", default=None)


def version() -> str:
    from blog.models import Post, SiteState

    changed_at = SiteState.objects.filter(pk=1).values_list("changed_at", flat=True).first()
    newest = Post.objects.published().aggregate(newest=Max("published_at"))["newest"]
    return f"{changed_at and changed_at.timestamp()}:{newest and newest.timestamp()}"


def remembered(name: str, compute):
    """What `compute()` returns, kept as whole pages are: until anything readers see changes.

    For what many pages repeat and no index makes cheap: the sidebar's month and label
    counts and a list's number of posts are aggregates over the whole blog (each 100-130 ms
    at 100,000 posts on PostgreSQL), and without this every page the cache had not seen yet
    paid them again. Only for what is the same for every reader. Computed each time when the
    page cache is off.
    """
    state = _request.get()
    if not settings.TINTE_PAGE_CACHE_SECONDS or (state and state.cache_failed):
        return compute()
    cache = caches[settings.TINTE_PAGE_CACHE]
    digest = hashlib.sha256(name.encode()).hexdigest()[:32]
    key = f"tinte:part:{(state or _Request()).version}:{digest}"
    try:
        value = cache.get(key)
    except Exception:  # noqa: BLE001
        logger.warning("Page cache unreachable; computing without it.", exc_info=True)
        if state:
            state.cache_failed = True  # once a request: a stalled Redis costs one timeout
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, settings.TINTE_PAGE_CACHE_SECONDS)
        except Exception:  # noqa: BLE001
            logger.warning("Page cache unreachable; value not kept.", exc_info=True)
    return value


def page_address(request) -> str:
    """The address a page is cached under: without tracking parameters."""
    kept = [
        (name, value)
        for name, values in request.GET.lists()
        if not TRACKING_PARAMETER.fullmatch(name)
        for value in values
    ]
    return request.path + (f"?{urlencode(kept)}" if kept else "")


def _etag(content: bytes) -> str:
    for part in volatile_parts:
        content = part.sub(b"", content)
    return quote_etag(hashlib.md5(content, usedforsecurity=False).hexdigest())


def _personal(request) -> bool:
    return not personal_cookies.isdisjoint(request.COOKIES)


def _storable(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code in (200, 404)
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
        and not getattr(response, "streaming", False)
    )


def page_cache(get_response):
    timeout = settings.TINTE_PAGE_CACHE_SECONDS

    def middleware(request):
        # Every request, shared or personal, asks a failing cache once at most.
        state = _Request()
        reset = _request.set(state)
        try:
            return serve(request, state)
        finally:
            _request.reset(reset)

    def serve(request, state):
        if (
            not timeout
            or request.method not in ("GET", "HEAD")
            or _personal(request)
            or request.path.startswith(settings.TINTE_UNCACHED_PATHS)
        ):
            return get_response(request)
        cache = caches[settings.TINTE_PAGE_CACHE]
        address = f"{request.scheme}://{request.get_host()}{page_address(request)}"
        key = f"tinte:page:{state.version}:{address}"
        try:
            cached = cache.get(key)
        except Exception:  # noqa: BLE001 (a cache that is down must not take the blog down)
            logger.warning("Page cache unreachable; serving without it.", exc_info=True)
            state.cache_failed = True
            cached = None
        if cached is not None:
            cached["X-Tinte-Cache"] = "hit"
            return cached
        response = get_response(request)
        if state.cache_failed:
            return response
        if _storable(response):
            if not response.has_header("ETag"):
                response["ETag"] = _etag(response.content)
            patch_cache_control(response, public=True)
            if get_max_age(response) is None:
                shared = settings.TINTE_SHARED_CACHE_SECONDS
                patch_cache_control(response, max_age=0, s_maxage=shared)
                # nginx's micro-cache (config/nginx/tinte.conf) reads this, not s-maxage.
                response["X-Accel-Expires"] = shared
            try:
                cache.set(key, response, timeout)
            except Exception:  # noqa: BLE001
                logger.warning("Page cache unreachable; page not kept.", exc_info=True)
            response["X-Tinte-Cache"] = "miss"
        return response

    return middleware
