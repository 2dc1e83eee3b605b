"""What Tinte keeps about one visitor who comments: in their session, a cookie, the cache.

Anything read from here makes a page private (see comments.middleware).
"""

import ipaddress
import json

from django.conf import settings

REMEMBER_COOKIE = "tinte_commenter"
REMEMBER_SALT = "tinte.comments.remember"
PENDING_SESSION_KEY = "tinte_own_pending_comments"


def client_ip(request) -> str | None:
    """The visitor's address, as the nearest proxy of this site saw it (or REMOTE_ADDR).

    The one reader of the client's address: the comment rate, the form token's count, the
    stored comment and django-axes all ask here. In X-Forwarded-For each proxy appends the
    address it was reached from, after whatever the client wrote there itself, so the
    client's address is the entry TINTE_TRUSTED_PROXY_COUNT places from the right; entries
    further left are the client's own invention. A header that holds no address (a proxy
    misconfigured, or none there) is not fatal: REMOTE_ADDR is used, or nothing.
    """
    header = settings.TINTE_CLIENT_IP_HEADER
    value = request.META.get(header, "")
    if header == "HTTP_X_FORWARDED_FOR":
        entries = value.split(",")
        # Fewer entries than proxies: every entry there was written by one of them.
        value = entries[max(len(entries) - settings.TINTE_TRUSTED_PROXY_COUNT, 0)]
    return _address(value) or _address(request.META.get("REMOTE_ADDR", ""))


def _address(text: str) -> str | None:
    """`text` as one IP address written the usual way, or None. Takes a port after the
    address ("192.0.2.1:443", "[2001:db8::1]:443"), as some load balancers write it."""
    text = text.strip()
    if text.startswith("[") and "]" in text:
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:
        text = text.split(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if address.version == 6 and (address.ipv4_mapped or address.scope_id):
        # ::ffff:192.0.2.1 is 192.0.2.1; an interface's zone (fe80::1%eth0) is no address.
        return str(address.ipv4_mapped) if address.ipv4_mapped else None
    return str(address)


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
