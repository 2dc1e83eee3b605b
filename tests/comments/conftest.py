import time

import pytest
from django.urls import reverse

from comments import counters
from comments.forms import form_token
from comments.models import DiscussionSettings


class Clock:
    """The clock comments.counters reads: it moves only when a test moves it."""

    def __init__(self, now: float):
        self.now = now

    def time(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(autouse=True)
def clock(monkeypatch) -> Clock:
    """Stopped ten seconds into a minute, so that no test sees the rate limit's minute turn
    between two comments (tests that want it turned move it)."""
    stopped = Clock(time.time() // 60 * 60 + 10)
    monkeypatch.setattr(counters, "time", stopped)
    return stopped


@pytest.fixture(autouse=True)
def _comment_settings(settings):
    settings.TINTE_COMMENT_MIN_SECONDS = 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TINTE_SITE_URL = "https://blog.example.org"


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def rules(db) -> DiscussionSettings:
    return DiscussionSettings.load()


@pytest.fixture
def submit(client):
    """Send the comment form of `post` as a browser would; extra fields override, and
    upper-case ones (REMOTE_ADDR, HTTP_X_REAL_IP) are the request's, not the form's."""

    def send(post, *, client=client, follow=False, **fields):
        request = {name: fields.pop(name) for name in list(fields) if name.isupper()}
        data = {
            "name": "Karla Kommentar",
            "email": "karla@example.org",
            "website": "",
            "body": "Ein schöner Text!",
            "token": form_token(post),
            "homepage": "",
            **fields,
        }
        return client.post(
            reverse("comments:create", kwargs={"post_id": post.pk}), data, follow=follow, **request
        )

    return send
