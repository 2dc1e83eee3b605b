"""Every discussion rule, and its opposite."""

from datetime import timedelta

import pytest
from django.utils import timezone

from comments.models import Comment
from comments.services import comment_create
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def write(post=None, **fields) -> Comment:
    values = {
        "post": post or PostFactory(),
        "name": "Karla",
        "email": "karla@example.org",
        "body": "Ein schöner Text.",
        "ip": "203.0.113.7",
        **fields,
    }
    return comment_create(**values)


def open_rules(rules, **changes):
    """Nothing held unless the rule under test says so."""
    rules.hold_all = False
    rules.hold_links = 0
    for name, value in changes.items():
        setattr(rules, name, value)
    rules.save()


def test_by_default_every_comment_is_held(rules):
    comment = write()

    assert comment.status == Comment.Status.PENDING
    assert comment.held_because == "Jeder Kommentar wird geprüft"


def test_without_hold_all_a_comment_appears_at_once(rules):
    open_rules(rules)

    assert write().status == Comment.Status.APPROVED


def test_known_commenters_are_trusted_when_asked(rules):
    open_rules(rules, hold_all=True, trust_known_commenters=True)
    CommentFactory(email="Karla@Example.org")

    assert write().status == Comment.Status.APPROVED
    assert write(email="neu@example.org").status == Comment.Status.PENDING


def test_known_commenters_are_held_when_trust_is_off(rules):
    rules.trust_known_commenters = False
    rules.save()
    CommentFactory(email="karla@example.org")

    assert write().status == Comment.Status.PENDING


def test_comments_on_old_posts_are_held(rules):
    open_rules(rules, hold_on_posts_older_than_days=14)
    old = PostFactory(published_at=timezone.now() - timedelta(days=15))
    new = PostFactory(published_at=timezone.now() - timedelta(days=13))

    held = write(post=old)
    assert held.status == Comment.Status.PENDING
    assert "14 Tage" in held.held_because
    assert write(post=new).status == Comment.Status.APPROVED


def test_comments_with_many_links_are_held(rules):
    open_rules(rules, hold_links=2)

    held = write(body="https://a.example/ und www.b.example")
    assert held.status == Comment.Status.PENDING
    assert held.held_because == "2 Links"
    assert write(body="Nur https://a.example/").status == Comment.Status.APPROVED


def test_hold_words_hold_and_other_words_do_not(rules):
    open_rules(rules, hold_words="Kredit\nschnell reich")

    assert write(body="Schnell REICH werden!").status == Comment.Status.PENDING
    assert write(body="Ganz normal").status == Comment.Status.APPROVED


@pytest.mark.parametrize(
    ("field", "rule", "listed", "value"),
    [
        ("body", "spam_words", "viagra", "Billiges Viagra"),
        ("email", "spam_emails", "bot@spam.example", "BOT@spam.example"),
        ("email", "spam_emails", "@spam.example", "jeder@spam.example"),
        ("ip", "spam_ips", "198.51.100.0/24", "198.51.100.23"),
        ("ip", "spam_ips", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_spam_lists_send_straight_to_spam(rules, field, rule, listed, value):
    open_rules(rules, **{rule: listed})

    assert write(**{field: value}).status == Comment.Status.SPAM
    assert write(email="gut@example.org", body="Ganz normal", ip="192.0.2.1").status == (
        Comment.Status.APPROVED
    )


def test_spam_beats_trust(rules):
    open_rules(rules, trust_known_commenters=True, spam_words="casino")
    CommentFactory(email="karla@example.org")

    assert write(body="Bestes Casino").status == Comment.Status.SPAM


def test_a_spam_comment_is_told_it_was_received_like_any_other(client, submit, rules):
    open_rules(rules, spam_words="casino")
    post = PostFactory()

    response = submit(post, body="Bestes Casino", follow=True)

    assert "ist angekommen" in response.content.decode()
    assert "Bestes Casino" not in response.content.decode()


def test_a_website_is_no_link_that_holds_a_comment(rules):
    open_rules(rules, hold_links=1)

    assert write(website="https://karla.example.org/").status == Comment.Status.APPROVED
    held = write(body="Siehe https://a.example/", email="other@example.org")
    assert held.held_because == "1 Link"


def test_bad_lines_in_the_discussion_settings_are_refused(rules):
    from django.core.exceptions import ValidationError

    rules.spam_ips = "198.51.100.0/24\nkeine-ip"
    rules.notify_also = "keine-adresse"

    with pytest.raises(ValidationError) as error:
        rules.full_clean()

    assert set(error.value.message_dict) == {"spam_ips", "notify_also"}


def test_the_address_of_a_staff_member_always_waits(rules):
    open_rules(rules, trust_known_commenters=True)
    UserFactory(email="johanna@example.org", is_staff=True)
    CommentFactory(email="johanna@example.org", is_author_reply=True)

    held = write(email="Johanna@example.org")

    assert held.status == Comment.Status.PENDING
    assert "Redaktion" in held.held_because


def test_the_authors_replies_do_not_make_an_address_trusted(rules):
    open_rules(rules, hold_all=True, trust_known_commenters=True)
    CommentFactory(email="karla@example.org", is_author_reply=True)

    assert write().status == Comment.Status.PENDING


def test_a_link_is_one_link_however_it_is_written(rules):
    open_rules(rules, hold_links=2)

    assert write(body="Schau: https://www.example.org/rezept").status == Comment.Status.APPROVED
