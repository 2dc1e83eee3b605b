import pytest
from django.urls import reverse

from comments.forms import form_token
from comments.models import DiscussionSettings


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
    """Send the comment form of `post` as a browser would; extra fields override."""

    def send(post, *, client=client, follow=False, **fields):
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
            reverse("comments:create", kwargs={"post_id": post.pk}), data, follow=follow
        )

    return send
