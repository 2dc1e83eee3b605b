import pytest
from django.contrib.auth.models import Group
from django.test import Client

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Uploaded files go to a temporary folder, never into var/media; passwords hash fast."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def author_user(db):
    """A staff user in the "Autor" group, as the author of a blog is set up."""
    user = UserFactory(username="autorin", is_staff=True)
    user.groups.add(Group.objects.get(name="Autor"))
    return user


@pytest.fixture
def author_client(author_user) -> Client:
    client = Client()
    client.force_login(author_user)
    return client
