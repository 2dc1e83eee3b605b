"""The comment rate limit through the real server: gunicorn with config/gunicorn.py and four
workers, processes that share no memory, and one address sending many comments at once.
Exactly TINTE_COMMENT_RATE_PER_MINUTE of them are accepted, whichever workers take them, with
the count in the database (the test database, SQLite or PostgreSQL, whichever the suite runs
on) and in Redis when it is configured.

The allowance is a minute of the clock: a burst that happens to straddle the turn of a
minute may rightly get twice the number through, so such a try is repeated from a new address
(the times are read, never asserted). TINTE_TEST_SERVER_PORT picks the port (default: any
free one).
"""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from comments.models import Comment
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 4
RATE = 5
SENT = 20


def free_port() -> int:
    if port := os.environ.get("TINTE_TEST_SERVER_PORT"):
        return int(port)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    """The test database, as the server process is to reach it."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    user = urllib.parse.quote(db.get("USER") or "")
    host = f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
    return f"postgres://{user}{password}@{host}/{db['NAME']}"


def redis_is_running() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture(params=["database", "redis"])
def server(request, transactional_db, tmp_path):
    """The production server on a loopback port; stopped before the test database goes."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "WEB_CONCURRENCY": str(WORKERS),
        "TINTE_BIND": f"127.0.0.1:{port}",
        "DJANGO_DEBUG": "0",
        "TINTE_VAR_DIR": str(settings.VAR_DIR),
        "TINTE_COMMENT_RATE_PER_MINUTE": str(RATE),
        "TINTE_COMMENT_MIN_SECONDS": "0",
        "TINTE_CLIENT_IP_HEADER": "X-Real-IP",  # so that each try comes from its own address
        "TINTE_PAGE_CACHE_SECONDS": "0",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "CACHE_URL": "",
        "REDIS_URL": "",
    }
    if request.param == "redis":
        if not redis_is_running():
            pytest.skip("Redis does not run on 127.0.0.1:6379")
        env["REDIS_URL"] = "redis://127.0.0.1:6379/0"
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_it_answers(port, process, tmp_path / "gunicorn.log")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=60)
        log.close()


def wait_until_it_answers(port, process, log_path):
    deadline = time.monotonic() + 120  # a limit for a broken server, not a speed
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn stopped:\n{log_path.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer:\n{log_path.read_text()}")


def call(port, method, path, body=None, headers=None) -> tuple[int, str]:
    connection_ = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection_.request(method, path, body=body, headers=headers or {})
        response = connection_.getresponse()
        return response.status, response.read().decode()
    finally:
        connection_.close()


def burst(port, post, token, address) -> list[int]:
    """SENT comments from one address, all at once, each to whichever worker takes it."""

    def comment(number):
        body = urllib.parse.urlencode(
            {
                "name": f"Leser {number}",
                "email": f"leser{number}@example.org",
                "body": f"Kommentar {number} von {address}",
                "token": token,
            }
        )
        headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Real-IP": address}
        return call(port, "POST", f"/comments/post/{post.pk}/", body, headers)[0]

    with ThreadPoolExecutor(max_workers=SENT) as pool:
        return list(pool.map(comment, range(SENT)))


def test_exactly_the_allowed_comments_a_minute_get_through_all_workers_together(server):
    post = PostFactory(title="Beliebt")
    status, html = call(server, "GET", post.get_absolute_url())
    assert status == 200
    token = re.search(r'name="token" value="([^"]+)"', html)[1]

    for _attempt in range(3):
        address = f"203.0.113.{uuid.uuid4().int % 250 + 1}"
        before = time.time()
        statuses = burst(server, post, token, address)
        after = time.time()
        if before // 60 == after // 60:  # all within one minute of the clock
            break
    else:
        pytest.fail("three bursts in a row straddled the turn of a minute")

    assert sorted(statuses) == [302] * RATE + [429] * (SENT - RATE)
    assert Comment.objects.filter(ip_address=address).count() == RATE
