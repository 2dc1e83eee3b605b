"""Feeds of posts and comments: valid Atom, readable by feed readers, nothing private."""

import re
from datetime import timedelta
from unittest import mock

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from blog.models import Post
from blog.services import post_unpublish
from tests.corpora import corpus
from tests.factories import CommentFactory, PostFactory, png_upload

pytestmark = pytest.mark.django_db

ATOM_FEEDS = ["blog:feed", "blog:label-feed", "comments:feed", "comments:post-feed"]
RSS_FEEDS = ["blog:feed-rss", "blog:label-feed-rss", "comments:feed-rss", "comments:post-feed-rss"]


@pytest.fixture
def blog():
    """Published posts with labels and comments, and everything that must stay out of feeds."""
    post = PostFactory(
        title="Größe & Stil",
        body="<h2>Teil</h2><p>Ganzer <strong>Text</strong>.</p>",
        labels=["Küche", "Brot"],
        published_at=timezone.now() - timedelta(days=2),
    )
    PostFactory(title="Zweiter Post", labels=["Küche"])
    PostFactory(title="Geheimer Entwurf", labels=["Küche"], draft=True)
    PostFactory(title="Geplanter Post", labels=["Küche"], scheduled=True)
    CommentFactory(post=post, name="Anna", email="anna@example.org", website="https://a.example")
    CommentFactory(post=post, name="Wartend", email="wartend@example.org", status="pending")
    CommentFactory(post=post, name="Spammer", email="spam@example.org", status="spam")
    return post


def url_of(name: str, post) -> str:
    kwargs = {
        "blog:label-feed": {"slug": "kueche"},
        "blog:label-feed-rss": {"slug": "kueche"},
        "comments:post-feed": {"post_id": post.pk},
        "comments:post-feed-rss": {"post_id": post.pk},
    }.get(name, {})
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("name", ATOM_FEEDS)
def test_atom_feeds_validate_against_the_atom_schema(client, blog, name):
    schema = etree.RelaxNG(etree.parse(str(corpus("atom-schema/atom.rng"))))

    document = etree.fromstring(client.get(url_of(name, blog)).content)

    assert schema.validate(document), schema.error_log


@pytest.mark.parametrize("name", ATOM_FEEDS + RSS_FEEDS)
def test_feed_readers_read_every_feed_without_complaint(client, blog, name):
    feed = feedparser.parse(client.get(url_of(name, blog)).content)

    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.entries


@pytest.mark.parametrize("name", ATOM_FEEDS + RSS_FEEDS)
def test_feeds_carry_nothing_private(client, blog, name):
    content = client.get(url_of(name, blog)).content.decode()

    for secret in ["Geheimer Entwurf", "Geplanter Post", "Wartend", "Spammer", "@example.org"]:
        assert secret not in content


def test_post_entries_carry_full_content_author_dates_labels_and_stable_ids(client, blog):
    feed = feedparser.parse(client.get(reverse("blog:feed")).content)

    entry = next(entry for entry in feed.entries if entry.title == "Größe & Stil")
    assert "<strong>Text</strong>" in entry.content[0].value
    assert entry.author == blog.author.get_full_name()
    assert entry.published_parsed and entry.updated_parsed
    assert {tag.term for tag in entry.tags} == {"Küche", "Brot"}
    assert entry.id.startswith("tag:") and entry.id.endswith(f":post:{blog.pk}")
    assert entry.link.endswith(blog.get_absolute_url())


@pytest.mark.parametrize("name", ["blog:feed", "blog:feed-rss"])
def test_entries_show_the_cover_image_and_carry_absolute_addresses(client, settings, name):
    settings.MEDIA_URL = "/media/"
    post = PostFactory(
        body='<p><a href="/p/impressum/">Impressum</a> <img src="/media/a.png" alt="A"></p>',
        cover_image=png_upload(),
        cover_image_alt="Der Deckel",
    )

    feed = feedparser.parse(client.get(reverse(name)).content)

    entry = feed.entries[0]
    html = entry.content[0].value if "content" in entry else entry.description
    # feedparser writes attributes in its own order
    assert re.search(r'<img alt="Der Deckel" [^>]*src="http://testserver/media/covers/', html)
    assert '<a href="http://testserver/p/impressum/">' in html
    assert 'src="http://testserver/media/a.png"' in html
    assert post.get_absolute_url() in entry.link


def test_label_feed_has_only_that_labels_posts(client, blog):
    PostFactory(title="Anderes Thema", labels=["Wandern"])

    feed = feedparser.parse(client.get(reverse("blog:label-feed", args=["kueche"])).content)

    assert {entry.title for entry in feed.entries} == {"Größe & Stil", "Zweiter Post"}


def test_comment_feed_names_the_commenter_and_links_the_comment(client, blog):
    feed = feedparser.parse(client.get(reverse("comments:post-feed", args=[blog.pk])).content)

    (entry,) = feed.entries
    assert entry.author == "Anna"
    landing = client.get(entry.link.replace("http://testserver", ""))
    assert landing.status_code == 302
    assert "#kommentar-" in landing["Location"]


@pytest.mark.parametrize("url", ["/feeds/label/gibt-es-nicht/", "/comments/feed/post/99999/"])
def test_feeds_of_unknown_things_are_404(client, url):
    assert client.get(url).status_code == 404


def test_feeds_of_drafts_are_404(client):
    draft = PostFactory(draft=True)

    assert client.get(reverse("comments:post-feed", args=[draft.pk])).status_code == 404


@pytest.mark.parametrize("name", ["blog:feed", "comments:feed"])
def test_unchanged_feed_answers_304(client, blog, name):
    first = client.get(url_of(name, blog))

    again = client.get(url_of(name, blog), HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304


@pytest.mark.parametrize("url", ["/feeds/posts/", "/comments/feed/", "/sitemap-posts.xml"])
def test_feeds_and_sitemaps_send_no_date_a_rename_would_not_change(client, blog, url):
    # A renamed label or a retitled post changes them with no date saying so: only the
    # ETag, made from the content, can answer conditional GET truthfully.
    response = client.get(url)

    assert "ETag" in response and "Last-Modified" not in response


def test_renaming_a_label_changes_its_feed(client, blog):
    url = url_of("blog:label-feed", blog)
    first = client.get(url)
    label = blog.labels.get(name="Küche")
    label.name = "Backstube"
    label.save()

    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200 and b"Backstube" in again.content


def test_editing_a_draft_leaves_the_public_feeds_alone(client, blog):
    first = client.get(reverse("blog:feed"))
    draft = Post.objects.get(title="Geheimer Entwurf")

    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(1)):
        draft.body = "<p>Noch geheimer</p>"
        draft.save()
    again = client.get(reverse("blog:feed"), HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304


def test_every_page_announces_the_feeds_and_offers_them(client, blog):
    html = client.get(reverse("blog:post-list")).content.decode()

    assert f'rel="alternate" type="application/atom+xml" href="{reverse("blog:feed")}"' in html
    assert f'type="application/rss+xml" href="{reverse("blog:feed-rss")}"' in html
    assert "Abonnieren" in html


def test_post_page_announces_its_comment_feed(client, blog):
    html = client.get(blog.get_absolute_url()).content.decode()

    assert reverse("comments:post-feed", args=[blog.pk]) in html


def test_label_page_announces_its_feed(client, blog):
    html = client.get(reverse("blog:label-detail", args=["kueche"])).content.decode()

    assert reverse("blog:label-feed", args=["kueche"]) in html


def test_withdrawing_a_post_changes_the_feeds_date(client, blog):
    withdrawn = PostFactory(published_at=timezone.now() - timedelta(days=30))
    shown = client.get(reverse("blog:feed"))["ETag"]

    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(1)):
        post_unpublish(post=withdrawn)
    response = client.get(reverse("blog:feed"), HTTP_IF_NONE_MATCH=shown)

    assert response.status_code == 200


def test_an_empty_comment_feed_keeps_its_date(client):
    url = reverse("comments:post-feed", args=[PostFactory().pk])
    first = client.get(url)

    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(1)):
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304


@pytest.mark.parametrize("count", [2, 20])
def test_comment_feed_queries_do_not_grow_with_its_entries(
    client, django_assert_num_queries, count
):
    post = PostFactory()
    CommentFactory.create_batch(count, post=post)

    # the newest change, the comments with their posts
    with django_assert_num_queries(2):
        client.get(reverse("comments:feed"))


def test_permalink_of_a_hidden_comment_is_404(client):
    pending = CommentFactory(status="pending")

    assert client.get(reverse("comments:permalink", args=[pending.pk])).status_code == 404
