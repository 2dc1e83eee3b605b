from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from comments.models import Comment
from comments.services import anonymise_ip
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("ip", "anonymised"),
    [("203.0.113.77", "203.0.113.0"), ("2001:db8:1234:5678::1", "2001:db8:1234::")],
)
def test_ip_addresses_are_cut_to_their_network(ip, anonymised):
    assert anonymise_ip(ip) == anonymised


def test_housekeeping_empties_old_spam_and_trash_and_anonymises_old_ips(capsys):
    long_ago = timezone.now() - timedelta(days=40)
    old_spam = CommentFactory(status="spam", status_changed_at=long_ago)
    new_trash = CommentFactory(status="trash")
    old_approved = CommentFactory(created_at=long_ago, ip_address="203.0.113.77")
    new = CommentFactory(ip_address="203.0.113.78")

    call_command("comments_housekeeping", "--purge-days", "30", "--ip-days", "14")

    assert not Comment.objects.filter(pk=old_spam.pk).exists()
    assert Comment.objects.filter(pk=new_trash.pk).exists()
    old_approved.refresh_from_db()
    new.refresh_from_db()
    assert old_approved.ip_address == "203.0.113.0"
    assert new.ip_address == "203.0.113.78"
    assert "Deleted 1" in capsys.readouterr().out


def test_emails_never_appear_on_public_pages(client):
    comment = CommentFactory(email="geheim@example.org")

    for url in [comment.post.get_absolute_url(), "/"]:
        assert "geheim@example.org" not in client.get(url).content.decode()
