import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import logged_in, staff_in_group


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Uploaded files go to a temporary folder, never into var/media; passwords hash fast;
    nothing one test put in the cache (a rate limit's count, say) reaches the next."""
    cache.clear()
    settings.TINTE_PAGE_CACHE_SECONDS = 0  # tests/blog/test_page_cache.py turns it on
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TINTE_SEND_MAIL_IN_BACKGROUND = False  # the tests read the outbox at once


@pytest.fixture
def admin_user(admin_user):
    """pytest-django's superuser, with a name for readers as `make run`'s account has."""
    from blog.models import AuthorProfile

    AuthorProfile.objects.create(user=admin_user, display_name="Ada Admin")
    return admin_user


@pytest.fixture
def author_user(db):
    return staff_in_group("Autor", username="autorin")


@pytest.fixture
def author_client(author_user) -> Client:
    return logged_in(author_user)
