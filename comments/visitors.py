"""What Tinte keeps about one visitor who comments: in their session, a cookie, the cache.

Anything read from here makes a page private (see comments.middleware).
"""

import json
import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

REMEMBER_COOKIE = "tinte_commenter"
REMEMBER_SALT = "tinte.comments.remember"
PENDING_SESSION_KEY = "tinte_own_pending_comments"


def client_ip(request) -> str | None:
    value = request.META.get(settings.TINTE_CLIENT_IP_HEADER, "")
    return value.split(",")[0].strip() or None


def too_many_comments(request) -> bool:
    """Count this comment against the client's allowance for the current minute. A cache
    that fails lets the comment through (moderation still holds what it should): a comment
    is never lost to a cache.
    """
    key = f"tinte:comments:rate:{client_ip(request)}"
    try:
        cache.add(key, 0, timeout=60)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=60)
            count = 1
    except Exception:  # noqa: BLE001
        logger.warning("Cache unreachable; comment not counted against the rate.", exc_info=True)
        return False
    return count > settings.TINTE_COMMENT_RATE_PER_MINUTE


def remembered_details(request) -> dict:
    """Name, email and website the reader asked to be remembered, or nothing."""
    raw = request.get_signed_cookie(REMEMBER_COOKIE, default=None, salt=REMEMBER_SALT)
    try:
        details = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return details if isinstance(details, dict) else {}


def remember_details(response, comment) -> None:
    """Keep the commenter's name, email and website in a cookie, or forget them (None).

    Only when the reader ticked "remember me".
    """
    if comment is None:
        response.delete_cookie(REMEMBER_COOKIE, samesite="Lax")
        return
    details = {"name": comment.name, "email": comment.email, "website": comment.website}
    response.set_signed_cookie(
        REMEMBER_COOKIE,
        json.dumps(details),
        salt=REMEMBER_SALT,
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def remember_pending(request, comment) -> None:
    """Let the visitor see their own comment while it waits (the last 20 of them)."""
    request.session[PENDING_SESSION_KEY] = [
        *request.session.get(PENDING_SESSION_KEY, [])[-19:],
        comment.pk,
    ]


def own_pending_ids(request) -> list[int]:
    """The pending comments this visitor wrote (kept in their session)."""
    if not request.COOKIES.get(settings.SESSION_COOKIE_NAME):
        return []
    return request.session.get(PENDING_SESSION_KEY, [])
