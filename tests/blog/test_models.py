from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from blog.models import Label, Post, Status
from blog.services import post_create, post_publish, post_unpublish
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_published_shows_only_published_posts_whose_time_has_come():
    visible = PostFactory()
    PostFactory(draft=True)
    PostFactory(scheduled=True)

    assert list(Post.objects.published()) == [visible]


def test_scheduled_post_appears_by_itself_when_its_time_comes():
    post = PostFactory(published_at=timezone.now() + timedelta(hours=1))
    assert post not in Post.objects.published()

    later = timezone.now() + timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert post in Post.objects.published()


def test_post_create_makes_a_german_slug_from_the_title():
    post = post_create(title="Größe für Änderungen", author=UserFactory())

    assert post.slug == "groesse-fuer-aenderungen"
    assert post.status == Status.DRAFT


def test_two_posts_with_the_same_title_get_different_slugs():
    author = UserFactory()
    first = post_create(title="Über Brot", author=author)
    second = post_create(title="Über Brot", author=author)

    assert (first.slug, second.slug) == ("ueber-brot", "ueber-brot-2")


def test_slug_given_by_the_author_is_kept():
    post = post_create(title="Über Brot", slug="brot", author=UserFactory())

    assert post.slug == "brot"


def test_slug_does_not_change_when_the_title_does():
    post = post_create(title="Erster Titel", author=UserFactory(), status=Status.PUBLISHED)

    post.title = "Ganz anderer Titel"
    post.full_clean()
    post.save()

    assert post.slug == "erster-titel"


def test_publishing_without_a_date_publishes_now():
    post = post_create(title="Jetzt", author=UserFactory())

    post_publish(post=post)

    assert post.published_at <= timezone.now()
    assert post in Post.objects.published()


def test_publishing_keeps_a_scheduled_date():
    when = timezone.now() + timedelta(days=2)
    post = post_create(title="Später", author=UserFactory(), published_at=when)

    post_publish(post=post)

    assert post.published_at == when
    assert post.is_scheduled
    assert post not in Post.objects.published()


def test_unpublishing_hides_the_post_and_keeps_its_date():
    post = PostFactory()
    date = post.published_at

    post_unpublish(post=post)

    assert post not in Post.objects.published()
    assert Post.objects.get(pk=post.pk).published_at == date


def test_database_refuses_a_published_post_without_a_date():
    with pytest.raises(IntegrityError):
        PostFactory(status=Status.PUBLISHED, published_at=None)


def test_cover_image_needs_alt_text():
    post = PostFactory.build(author=UserFactory())
    post.cover_image.name = "covers/bild.jpg"

    with pytest.raises(ValidationError) as error:
        post.clean()

    assert "cover_image_alt" in error.value.message_dict


def test_excerpt_falls_back_to_the_beginning_of_the_body():
    post = PostFactory(excerpt="", body="<p>Erster Satz.</p><p>Zweiter Satz.</p>")

    assert post.summary == "Erster Satz. Zweiter Satz."


def test_label_slugs_are_transliterated():
    post = PostFactory(labels=["Küche & Brot"])

    assert post.labels.get().slug == "kueche-brot"


def test_label_counts_ignore_drafts_and_scheduled_posts():
    PostFactory(labels=["Brot", "Küche"])
    PostFactory(labels=["Brot"])
    PostFactory(labels=["Brot", "Geheim"], draft=True)
    PostFactory(labels=["Geheim"], scheduled=True)

    counts = {label.name: label.post_count for label in Label.objects.with_published_post_counts()}

    assert counts == {"Brot": 2, "Küche": 1}


def test_month_counts_use_the_blog_time_zone(settings):
    settings.TIME_ZONE = "Europe/Berlin"
    # 23:30 UTC on 31 January is already 1 February in Berlin.
    PostFactory(published_at=datetime(2025, 1, 31, 23, 30, tzinfo=UTC))
    PostFactory(published_at=datetime(2025, 1, 15, 12, 0, tzinfo=UTC))
    PostFactory(draft=True)

    rows = [
        (timezone.localtime(row["month"]).month, row["count"])
        for row in Post.objects.published().month_counts()
    ]

    assert rows == [(2, 1), (1, 1)]


def test_previous_and_next_skip_drafts_and_scheduled_posts():
    now = timezone.now()
    oldest = PostFactory(published_at=now - timedelta(days=3))
    PostFactory(published_at=now - timedelta(days=2), draft=True)
    middle = PostFactory(published_at=now - timedelta(days=1))
    PostFactory(published_at=now + timedelta(days=1))

    assert middle.get_previous_public() == oldest
    assert middle.get_next_public() is None
    assert oldest.get_previous_public() is None
