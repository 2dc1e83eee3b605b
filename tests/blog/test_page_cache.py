"""Whole reader pages cached for visitors without a session, and out of date the moment
anything they show changes."""

import re
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import caches
from django.urls import reverse

from blog.services import post_publish, post_unpublish
from comments.services import comment_approve, comment_mark_spam, comment_trash
from tests.factories import CommentFactory, PostFactory, logged_in, staff_in_group

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.TINTE_PAGE_CACHE_SECONDS = 600


def fetch(client, url):
    response = client.get(url)
    assert response.status_code in (200, 404)
    return response, response.get("X-Tinte-Cache")


def test_a_second_visitor_gets_the_same_page_from_the_cache(client, django_assert_num_queries):
    post = PostFactory(title="Zwischengespeichert")
    first, state = fetch(client, post.get_absolute_url())
    assert state == "miss"

    with django_assert_num_queries(2):  # when anything last changed, and the newest post
        again, state = fetch(client, post.get_absolute_url())

    assert state == "hit" and again.content == first.content
    assert "public" in again["Cache-Control"] and "s-maxage=2" in again["Cache-Control"]
    assert again["X-Accel-Expires"] == "2"  # for nginx's micro-cache


def test_the_cached_post_page_answers_304_when_nothing_changed(client):
    post = PostFactory()
    first = client.get(post.get_absolute_url())

    again = client.get(post.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304


@pytest.mark.parametrize(
    "change",
    [
        lambda post: post_unpublish(post=post),
        lambda post: setattr(post, "title", "Neuer Titel") or post.save(),
        lambda post: post.labels.add("Frisch"),
        lambda post: post.delete(),
    ],
    ids=["unpublished", "edited", "labelled", "deleted"],
)
def test_a_change_to_a_post_reaches_every_page_at_once(client, change):
    post = PostFactory(title="Alter Titel", labels=["Brot"])
    urls = ["/", post.get_absolute_url(), "/label/brot/", reverse("blog:feed")]
    urls.append("/sitemap-posts.xml")
    before = {url: fetch(client, url)[0].content for url in urls}
    assert all(fetch(client, url)[1] == "hit" for url in urls)

    change(post)

    for url in urls:
        response, state = fetch(client, url)
        assert state == "miss", url
        # (A sitemap names only the address and day, which an edit may keep.)
        assert response.content != before[url] or "sitemap" in url, url


def test_publishing_and_a_scheduled_post_coming_due_show_up(client):
    draft = PostFactory(title="Noch ein Entwurf", draft=True)
    scheduled = PostFactory(title="Für morgen geplant", scheduled=True)
    fetch(client, "/")

    post_publish(post=draft)
    assert b"Noch ein Entwurf" in fetch(client, "/")[0].content
    assert "Für morgen geplant" not in fetch(client, "/")[0].content.decode()

    later = scheduled.published_at + timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert "Für morgen geplant" in fetch(client, "/")[0].content.decode()


@pytest.mark.parametrize(
    ("moderate", "shown"),
    [(comment_approve, True), (comment_mark_spam, False), (comment_trash, False)],
)
def test_moderating_a_comment_reaches_the_post_and_the_counts(client, moderate, shown):
    post = PostFactory()
    approved = CommentFactory(post=post, body_html="<p>Schon da.</p>")
    waiting = CommentFactory(post=post, status="pending", body_html="<p>Wartet noch.</p>")
    fetch(client, post.get_absolute_url())
    fetch(client, "/")

    moderate(comment=waiting if moderate is comment_approve else approved)

    page = fetch(client, post.get_absolute_url())[0].content.decode()
    home = fetch(client, "/")[0].content.decode()
    if shown:
        assert "Wartet noch." in page and "2 Kommentare" in home
    else:
        assert "Schon da." not in page and "Keine Kommentare" in home


def test_a_new_waiting_comment_does_not_empty_the_cache(client):
    post = PostFactory()
    fetch(client, "/")

    CommentFactory(post=post, status="pending")

    assert fetch(client, "/")[1] == "hit"


def test_staff_and_commenters_with_a_session_never_get_or_leave_shared_pages(client):
    post = PostFactory()
    staff = logged_in(staff_in_group("Autor", username="autorin"))
    staff_page, state = fetch(staff, post.get_absolute_url())
    assert state is None  # neither looked up nor stored
    assert "X-Accel-Expires" not in staff_page

    reader_page, state = fetch(client, post.get_absolute_url())
    assert state == "miss"
    assert b"autorin" not in reader_page.content


def test_a_commenters_own_pending_comment_is_never_shared(client, settings):
    settings.TINTE_COMMENT_MIN_SECONDS = 0
    post = PostFactory()
    commenter = client.__class__()
    page = commenter.get(post.get_absolute_url()).content.decode()
    token = page.split('name="token" value="')[1].split('"')[0]
    commenter.post(
        reverse("comments:create", args=[post.pk]),
        {"name": "Ida", "email": "ida@example.org", "body": "Nur für mich.", "token": token},
    )

    assert "Nur für mich." in commenter.get(post.get_absolute_url()).content.decode()
    assert "Nur für mich." not in fetch(client, post.get_absolute_url())[0].content.decode()


def test_a_cache_that_fails_is_bypassed(client):
    post = PostFactory()
    broken = mock.patch.object(caches["default"], "get", side_effect=ConnectionError("weg"))

    with broken:
        response, state = fetch(client, post.get_absolute_url())

    assert response.status_code == 200 and state is None


def test_redis_going_away_leaves_the_blog_served(client, settings):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("No Redis on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
        },
    }
    settings.TINTE_PAGE_CACHE = "pages"
    caches["pages"].clear()
    post = PostFactory()
    fetch(client, post.get_absolute_url())
    assert fetch(client, post.get_absolute_url())[1] == "hit"

    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }
    response, state = fetch(client, post.get_absolute_url())

    assert response.status_code == 200 and state is None


def test_a_remembered_commenter_gets_their_filled_in_form_not_a_shared_page(client):
    post = PostFactory()
    fetch(client, post.get_absolute_url())
    client.cookies["tinte_commenter"] = "anything"

    assert fetch(client, post.get_absolute_url())[1] is None


def test_a_full_cache_that_refuses_to_store_leaves_the_page_served(client):
    post = PostFactory()
    full = mock.patch.object(
        caches["default"], "set", side_effect=RuntimeError("OOM command not allowed")
    )

    with full:
        response, state = fetch(client, post.get_absolute_url())

    assert response.status_code == 200 and state == "miss"


def test_a_page_the_cache_has_not_seen_reuses_what_every_list_repeats(
    client, django_assert_num_queries
):
    PostFactory.create_batch(3, labels=["Brot"])
    fetch(client, "/")

    # The version (2); the navigation's pages, the posts, their labels and comment counts
    # (4). Not the month and label counts nor the number of posts: the first page made them.
    with django_assert_num_queries(6):
        response, state = fetch(client, "/?page=1")

    assert state == "miss"
    assert 'Brot</a> <span class="count">(3)</span>' in response.content.decode()


def test_what_every_list_repeats_follows_changes_and_scheduled_posts(client):
    PostFactory(labels=["Brot"])
    scheduled = PostFactory(labels=["Morgen"], scheduled=True)
    fetch(client, "/")

    PostFactory(labels=["Brot"])
    assert 'Brot</a> <span class="count">(2)</span>' in fetch(client, "/?a")[0].content.decode()

    later = scheduled.published_at + timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        html = fetch(client, "/?b")[0].content.decode()
    assert 'Morgen</a> <span class="count">(1)</span>' in html


def test_tracking_parameters_of_a_shared_link_do_not_miss_the_cache(client):
    post = PostFactory()
    fetch(client, post.get_absolute_url())

    for query in ("?fbclid=IwAR3x", "?utm_source=mastodon&utm_medium=social", "?gclid=1"):
        assert fetch(client, post.get_absolute_url() + query)[1] == "hit", query
    assert fetch(client, post.get_absolute_url() + "?comments_page=2")[1] == "miss"


def test_renaming_an_author_reaches_the_cached_pages(client):
    post = PostFactory()
    fetch(client, post.get_absolute_url())

    profile = post.author.author_profile
    profile.display_name = "Johanna-Marie"
    profile.save()

    response, state = fetch(client, post.get_absolute_url())
    assert state == "miss" and "Johanna-Marie" in response.content.decode()


def test_http_and_https_are_cached_apart(client):
    """Canonical and og:url name the scheme: an https reader must not get the http page."""
    post = PostFactory()
    fetch(client, post.get_absolute_url())

    response = client.get(post.get_absolute_url(), secure=True)

    assert response["X-Tinte-Cache"] == "miss"
    assert f"https://testserver{post.get_absolute_url()}" in response.content.decode()


def test_every_workers_copy_of_a_post_answers_if_none_match_alike(client):
    """Each gunicorn worker keeps its own copy; the comment form's token differs in each."""
    post = PostFactory()
    first = client.get(post.get_absolute_url())
    caches["default"].clear()  # another worker, with a memory of its own, a moment later
    with mock.patch("time.time", return_value=time.time() + 5):
        later = client.get(post.get_absolute_url())
    assert later.content != first.content  # another token

    again = client.get(post.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])

    assert later["ETag"] == first["ETag"] and again.status_code == 304


def test_a_stalled_cache_is_asked_once_a_request(client):
    post = PostFactory(labels=["Brot"])
    stalled = mock.patch.object(caches["default"], "get", side_effect=TimeoutError("zu langsam"))

    with stalled as get:
        response, state = fetch(client, post.get_absolute_url())

    assert response.status_code == 200 and state is None
    assert get.call_count == 1


def test_a_stalled_cache_is_asked_once_for_staff_pages_too(client):
    post = PostFactory(labels=["Brot"])
    staff = logged_in(staff_in_group("Autor", username="autorin"))
    stalled = mock.patch.object(caches["default"], "get", side_effect=TimeoutError("zu langsam"))

    with stalled as get:
        response = staff.get(post.get_absolute_url())

    assert response.status_code == 200 and get.call_count == 1


def test_a_comment_is_kept_when_the_cache_fails(client, settings):
    settings.TINTE_COMMENT_MIN_SECONDS = 0
    post = PostFactory()
    token = re.search(
        r'name="token" value="([^"]+)"', client.get(post.get_absolute_url()).content.decode()
    )[1]
    down = mock.patch.object(caches["default"], "add", side_effect=TimeoutError("weg"))

    with down:
        response = client.post(
            reverse("comments:create", args=[post.pk]),
            {"name": "Ida", "email": "ida@example.org", "body": "Trotzdem da.", "token": token},
        )

    assert response.status_code in (302, 303)
    assert post.comments.filter(body="Trotzdem da.").exists()
