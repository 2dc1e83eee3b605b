"""Counts that every worker and every server sees alike: comments per address and minute (the
rate limit), and the uses of each comment form token (which comments.moderation judges).

Each count is one atomic increment that answers with the new number, Redis's INCR or in the
database `INSERT ... ON CONFLICT DO UPDATE SET n = n + 1 RETURNING n` (SQLite 3.35 or newer,
PostgreSQL): two workers counting at the same moment get two different numbers, never both
the fifth. (Django's database and file caches read, then write, and so undercount.)
Addresses are counted as salted hashes, never stored as they are.
"""

import logging
import sqlite3
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import checks
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import DatabaseError, connection
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)

_COUNT_RATE = """
    INSERT INTO comments_ratecount (client, minute, comments) VALUES (%s, %s, 1)
    ON CONFLICT (client, minute)
    DO UPDATE SET comments = comments_ratecount.comments + 1
    RETURNING comments
"""
_COUNT_FORM_ADDRESS = """
    INSERT INTO comments_formtokenaddress (post_id, issued, client, uses, last_used)
    VALUES (%s, %s, %s, 1, %s)
    ON CONFLICT (post_id, issued, client)
    DO UPDATE SET uses = comments_formtokenaddress.uses + 1,
        previous_used = comments_formtokenaddress.last_used,
        last_used = excluded.last_used
    RETURNING uses, previous_used
"""
_COUNT_FORM_USE = """
    INSERT INTO comments_formtokenuse (post_id, issued, first_used, uses, addresses)
    VALUES (%s, %s, %s, 1, 1)
    ON CONFLICT (post_id, issued)
    DO UPDATE SET uses = comments_formtokenuse.uses + 1,
        addresses = comments_formtokenuse.addresses + %s
    RETURNING uses, addresses, first_used
"""


def sqlite_counts_atomically(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A system check: SQLite before 3.35 knows no RETURNING, and nothing would be counted."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine.endswith("sqlite3") and sqlite3.sqlite_version_info < (3, 35):
        return [
            checks.Warning(
                f"SQLite {sqlite3.sqlite_version} is older than 3.35: the comment rate limit "
                "and the count of form uses are not kept (comments are let through).",
                hint="Use a newer SQLite (Python built with it), PostgreSQL, or Redis.",
                id="comments.W001",
            )
        ]
    return []


def client_key(ip: str | None) -> str:
    """The address as it is counted: a hash salted with the site's secret key."""
    return salted_hmac("tinte.comments.counters", ip or "unknown").hexdigest()[:32]


def current_minute() -> int:
    return int(time.time() // 60)


def seconds_left_in_minute() -> int:
    """Until the rate limit counts afresh: 1 to 60."""
    return 60 - int(time.time()) % 60


def too_many_comments(*, ip: str | None) -> bool:
    """Count a comment against its address's allowance for this minute of the clock.

    A fixed minute (12:00:00 to 12:00:59), not a sliding one: one increment answers it. A
    store that fails lets the comment through (moderation still holds what it should): a
    comment is never lost to a counter.
    """
    client, minute = client_key(ip), current_minute()
    cache = caches["default"]
    try:
        if isinstance(cache, RedisCache):
            key = f"tinte:comments:rate:{client}:{minute}"
            cache.add(key, 0, timeout=120)  # outlives its minute: incr never finds it gone
            count = cache.incr(key)
        else:
            with connection.cursor() as cursor:
                cursor.execute(_COUNT_RATE, [client, minute])
                (count,) = cursor.fetchone()
    except Exception:  # noqa: BLE001  (Redis or the database, whatever went wrong)
        logger.warning("Comment rate not counted; the comment is let through.", exc_info=True)
        return False
    return count > settings.TINTE_COMMENT_RATE_PER_MINUTE


@dataclass(frozen=True)
class FormUse:
    """What a form token's count said when a comment came with it."""

    uses: int  # comments sent with the token, this one included
    addresses: int  # different addresses among them
    seconds: float  # since the token's first use
    again_after: float | None  # since this address last used the token, if it did


def form_token_used(*, post_id: int, issued: int, ip: str | None) -> FormUse | None:
    """Count a comment sent with the token of `post_id` made at `issued`; None if the
    database could not count it (the comment goes on, unjudged by its token)."""
    now = time.time()
    try:
        with connection.cursor() as cursor:
            cursor.execute(_COUNT_FORM_ADDRESS, [post_id, issued, client_key(ip), now])
            address_uses, previous_used = cursor.fetchone()
            cursor.execute(_COUNT_FORM_USE, [post_id, issued, now, int(address_uses == 1)])
            uses, addresses, first_used = cursor.fetchone()
    except DatabaseError:
        logger.warning("Form token use not counted.", exc_info=True)
        return None
    return FormUse(
        uses=uses,
        addresses=addresses,
        seconds=max(now - first_used, 0.0),
        again_after=None if previous_used is None else max(now - previous_used, 0.0),
    )
