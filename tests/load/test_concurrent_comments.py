"""Many commenters at once, through the real server: every comment stored exactly once, no
500, no "database is locked", and readers served all the while. Runs on SQLite and, in CI,
again on PostgreSQL. TINTE_LOAD_CLIENTS and TINTE_LOAD_COMMENTS size it (20 x 50 for the
benchmark; smaller by default to keep CI quick)."""

import os
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from comments.models import Comment
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db(transaction=True)

CLIENTS = int(os.environ.get("TINTE_LOAD_CLIENTS", 20))
COMMENTS = int(os.environ.get("TINTE_LOAD_COMMENTS", 10))


def request(url, data=None):
    body = urllib.parse.urlencode(data).encode() if data else None
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=body), timeout=60) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_concurrent_commenters_each_comment_stored_once_while_readers_are_served(
    live_server, settings
):
    settings.TINTE_COMMENT_MIN_SECONDS = 0
    settings.TINTE_COMMENT_RATE_PER_MINUTE = 10_000
    post = PostFactory(title="Viel los hier")
    url = live_server.url + post.get_absolute_url()
    token = re.search(r'name="token" value="([^"]+)"', request(url)[1])[1]
    create = f"{live_server.url}/comments/post/{post.pk}/"
    statuses, reader_statuses = [], []
    writing = threading.Event()
    writing.set()

    def commenter(number):
        for count in range(COMMENTS):
            status, _ = request(
                create,
                {
                    "name": f"Leser {number}",
                    "email": f"leser{number}@example.org",
                    "body": f"Kommentar {count} von Leser {number}",
                    "token": token,
                },
            )
            statuses.append(status)

    def reader():
        while writing.is_set():
            reader_statuses.append(request(url)[0])

    with ThreadPoolExecutor(max_workers=CLIENTS + 2) as pool:
        readers = [pool.submit(reader) for _ in range(2)]
        list(pool.map(commenter, range(CLIENTS)))
        writing.clear()
        for future in readers:
            future.result()

    assert set(statuses) <= {200, 302, 303}, sorted(set(statuses))
    bodies = list(Comment.objects.filter(post=post).values_list("body", flat=True))
    assert len(bodies) == CLIENTS * COMMENTS == len(set(bodies))
    assert reader_statuses and set(reader_statuses) == {200}
