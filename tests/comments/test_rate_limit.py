"""The comment rate limit: counted where every worker sees it, per minute of the clock.

tests/load/test_rate_limit_server.py checks the same against the real server's workers.
"""

import socket
import uuid

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection

from comments import counters
from comments.models import Comment, RateCount
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def send(submit, post, count, **fields):
    return [
        submit(post, body=f"Kommentar {number}", **fields).status_code for number in range(count)
    ]


def test_the_count_is_kept_in_the_database_under_a_hashed_address(submit, settings):
    settings.TINTE_COMMENT_RATE_PER_MINUTE = 3
    post = PostFactory()

    assert send(submit, post, 4, REMOTE_ADDR="203.0.113.5") == [302, 302, 302, 429]

    (row,) = RateCount.objects.all()
    assert row.comments == 4
    assert row.client == counters.client_key("203.0.113.5") and "203.0.113" not in row.client
    assert row.minute == counters.current_minute()


def test_each_address_has_its_own_allowance(submit, settings):
    settings.TINTE_COMMENT_RATE_PER_MINUTE = 1
    post = PostFactory()

    assert send(submit, post, 2, REMOTE_ADDR="203.0.113.5") == [302, 429]
    assert send(submit, post, 1, REMOTE_ADDR="203.0.113.6", email="b@example.org") == [302]


def test_a_forged_x_forwarded_for_prefix_does_not_escape_the_limit(submit, settings):
    settings.TINTE_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.TINTE_COMMENT_RATE_PER_MINUTE = 2
    post = PostFactory()

    statuses = [
        # A new made-up address each time; nginx appends the one it really saw.
        submit(
            post, body=f"Kommentar {n}", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 203.0.113.9"
        ).status_code
        for n in range(3)
    ]

    assert statuses == [302, 302, 429]
    assert set(Comment.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}


def test_the_allowance_is_a_minute_of_the_clock_and_retry_after_says_its_end(
    submit, settings, clock
):
    settings.TINTE_COMMENT_RATE_PER_MINUTE = 2
    post = PostFactory()
    clock.now = clock.now // 60 * 60 + 58  # 12:00:58

    assert send(submit, post, 2) == [302, 302]
    refused = submit(post, body="Zu früh")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "2"

    clock.advance(2)  # 12:01:00: a new minute, a new allowance
    assert submit(post, body="Jetzt wieder").status_code == 302


def test_the_count_increments_atomically_in_one_statement(django_assert_num_queries):
    with django_assert_num_queries(1) as context:
        assert not counters.too_many_comments(ip="198.51.100.1")

    assert "ON CONFLICT" in context.captured_queries[0]["sql"]


def test_a_store_that_fails_lets_the_comment_through_for_moderation(submit, settings, caplog):
    settings.TINTE_COMMENT_RATE_PER_MINUTE = 1
    post = PostFactory()
    real_cursor = connection.cursor

    def failing_counter():
        cursor = real_cursor()
        execute = cursor.execute

        def refuse_counting(sql, params=None):
            if "comments_ratecount" in sql:
                raise counters.DatabaseError("the store is down")
            return execute(sql, params)

        cursor.execute = refuse_counting
        return cursor

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(connection, "cursor", failing_counter)
        statuses = send(submit, post, 3)

    assert statuses == [302, 302, 302]
    assert Comment.objects.pending().count() == 3  # moderation holds them as always
    assert "Comment rate not counted" in caplog.text


def _redis_is_running() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture
def redis_cache(settings):
    """The default cache in Redis, under a prefix of this test's own (nothing else touched)."""
    if not _redis_is_running():
        pytest.skip("Redis does not run on 127.0.0.1:6379")
    prefix = f"tinte-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": prefix,
        }
    }
    yield caches["default"]
    client = caches["default"]._cache.get_client(write=True)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def test_with_redis_configured_the_count_is_kept_in_redis(submit, settings, redis_cache):
    settings.TINTE_COMMENT_RATE_PER_MINUTE = 2
    post = PostFactory()

    assert send(submit, post, 3, REMOTE_ADDR="203.0.113.5") == [302, 302, 429]

    key = f"tinte:comments:rate:{counters.client_key('203.0.113.5')}:{counters.current_minute()}"
    assert redis_cache.get(key) == 3
    assert not RateCount.objects.exists()


def test_a_redis_that_does_not_answer_lets_the_comment_through(submit, settings):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]  # closed again: nothing listens there
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.TINTE_COMMENT_RATE_PER_MINUTE = 1

    assert send(submit, PostFactory(), 2) == [302, 302]
    assert Comment.objects.count() == 2


def test_a_sqlite_too_old_to_count_atomically_is_reported(monkeypatch):
    monkeypatch.setitem(settings.DATABASES["default"], "ENGINE", "django.db.backends.sqlite3")
    monkeypatch.setattr(counters.sqlite3, "sqlite_version_info", (3, 31, 1))

    (warning,) = counters.sqlite_counts_atomically()

    assert warning.id == "comments.W001"
