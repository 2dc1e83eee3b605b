"""One form token, shared by every reader of a cached page: its uses are counted, and a
comment from a token used more than honest readers use one waits for a moderator."""

import time

import pytest
from django.core.management import call_command

from comments import counters
from comments.counters import FormUse
from comments.forms import form_token
from comments.models import Comment, FormTokenAddress, FormTokenUse, RateCount
from comments.moderation import FORM_MOST, form_used_too_much
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

REUSED = "Formular mehrfach benutzt"


@pytest.fixture
def open_rules(rules):
    """Comments appear at once unless something holds them: a hold shows."""
    rules.hold_all = False
    rules.save()
    return rules


def from_addresses(submit, post, token, addresses, **fields):
    return [
        submit(post, token=token, body=f"Kommentar von {address}", REMOTE_ADDR=address, **fields)
        for address in addresses
    ]


def addresses(count: int) -> list[str]:
    return [f"198.51.100.{number}" for number in range(1, count + 1)]


def test_one_token_sent_from_many_addresses_at_once_holds_what_goes_beyond_the_bound(
    submit, open_rules
):
    post = PostFactory()
    token = form_token(post)

    responses = from_addresses(submit, post, token, addresses(7))

    assert {response.status_code for response in responses} == {302}  # held, never refused
    comments = list(Comment.objects.order_by("pk"))
    assert [c.status for c in comments] == ["approved"] * 5 + ["pending"] * 2
    assert [c.held_because for c in comments[5:]] == [REUSED, REUSED]
    assert [c.form_uses for c in comments] == [1, 2, 3, 4, 5, 6, 7]
    assert [c.form_addresses for c in comments] == [1, 2, 3, 4, 5, 6, 7]


def test_a_crowd_spread_over_the_minutes_shares_one_token_without_being_held(
    submit, open_rules, clock
):
    post = PostFactory()
    token = form_token(post)
    for address in addresses(12):
        from_addresses(submit, post, token, [address])
        clock.advance(15)  # four a minute, from twelve readers of one cached page

    assert set(Comment.objects.values_list("status", flat=True)) == {"approved"}
    assert Comment.objects.order_by("pk").last().form_uses == 12


def test_the_same_address_using_the_token_again_within_a_minute_is_held(submit, open_rules, clock):
    post = PostFactory()
    token = form_token(post)

    from_addresses(submit, post, token, ["203.0.113.7"])
    clock.advance(30)
    from_addresses(submit, post, token, ["203.0.113.7"], email="zweite@example.org")
    clock.advance(61)
    from_addresses(submit, post, token, ["203.0.113.7"], email="dritte@example.org")

    first, second, third = Comment.objects.order_by("pk")
    assert first.status == "approved"
    assert (second.status, second.held_because) == ("pending", REUSED)
    assert (second.form_uses, second.form_addresses) == (2, 1)
    assert third.status == "approved"  # a minute after its last use: a reader again


def test_the_fresh_token_a_refused_form_gives_back_is_counted_too(submit, open_rules, settings):
    settings.TINTE_COMMENT_MIN_SECONDS = 3
    post = PostFactory()
    refused = submit(post, REMOTE_ADDR="203.0.113.1")  # sent at once: too fast
    assert refused.status_code == 400
    fresh = refused.context["form"].data["token"]  # dated back: it works at once

    from_addresses(submit, post, fresh, addresses(6))

    held = Comment.objects.order_by("pk").last()
    assert (held.status, held.held_because, held.form_uses) == ("pending", REUSED, 6)


def test_spam_rules_still_decide_first(submit, rules):
    rules.spam_words = "casino"
    rules.save()
    post = PostFactory()
    token = form_token(post)

    from_addresses(submit, post, token, addresses(7), name="casino")

    assert set(Comment.objects.values_list("status", flat=True)) == {"spam"}


@pytest.mark.parametrize(
    ("use", "held"),
    [
        (FormUse(uses=5, addresses=5, seconds=0, again_after=None), False),
        (FormUse(uses=6, addresses=6, seconds=0, again_after=None), True),
        (FormUse(uses=10, addresses=10, seconds=60, again_after=None), False),
        (FormUse(uses=11, addresses=11, seconds=60, again_after=None), True),
        (FormUse(uses=FORM_MOST, addresses=FORM_MOST, seconds=86400, again_after=None), False),
        (FormUse(uses=FORM_MOST + 1, addresses=90, seconds=86400, again_after=None), True),
        (FormUse(uses=2, addresses=1, seconds=59, again_after=59), True),
        (FormUse(uses=2, addresses=1, seconds=60, again_after=60), False),
    ],
)
def test_the_bound(use, held):
    assert form_used_too_much(use) is held


def test_counting_a_use_costs_two_statements(django_assert_num_queries):
    post = PostFactory()

    with django_assert_num_queries(2):
        use = counters.form_token_used(post_id=post.pk, issued=1, ip="203.0.113.1")

    assert (use.uses, use.addresses, use.again_after) == (1, 1, None)


def test_addresses_are_kept_hashed_and_forgotten_with_the_comments_ip_addresses(submit, settings):
    settings.TINTE_COMMENT_MAX_AGE_HOURS = 24
    post = PostFactory()
    submit(post, REMOTE_ADDR="203.0.113.99")
    (kept,) = FormTokenAddress.objects.all()
    assert "203.0.113" not in kept.client and kept.client == counters.client_key("203.0.113.99")

    now = int(time.time())
    days = 24 * 3600
    FormTokenAddress.objects.create(post=post, issued=now, client="old", last_used=now - 15 * days)
    FormTokenUse.objects.create(post=post, issued=now - 2 * days, first_used=now - 2 * days)
    RateCount.objects.create(client="past", minute=now // 60 - 1, comments=1)
    RateCount.objects.create(client="coming", minute=now // 60 + 1, comments=1)

    call_command("comments_housekeeping", "--ip-days", "14")

    assert list(FormTokenAddress.objects.values_list("client", flat=True)) == [kept.client]
    assert FormTokenUse.objects.count() == 1  # the token still in use
    assert "past" not in RateCount.objects.values_list("client", flat=True)
    assert "coming" in RateCount.objects.values_list("client", flat=True)
