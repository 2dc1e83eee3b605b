"""Every reader page costs the same number of queries, however large the blog is."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import PageFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

# Every page: the navigation's pages, the archive widget and the label widget (3).
# Lists add the count, the posts, their labels and their comment counts (4); the label page
# its label (1); the date archives their "exists", their date list, and the previous and next
# period (4). The post page: the post, its labels, the previous and the next post (4), and
# its comments: the discussion settings, the count, and a page of threads with their
# replies (5). The list of all labels: the labels (1).
EXPECTED_QUERIES = {
    "home": 7,
    "post": 12,
    "label": 8,
    "year": 11,
    "month": 11,
    "page": 4,
    "labels": 4,
}


def make_blog(size: int):
    """`size` published posts over many months by several authors, with labels, and noise."""
    authors = [UserFactory() for _ in range(3)]
    now = timezone.now()
    posts = [
        PostFactory(
            author=authors[index % 3],
            published_at=now - timedelta(days=20 * index + 1),
            labels=["Brot", f"Label {index}", f"Gruppe {index % 4}"],
        )
        for index in range(size)
    ]
    PostFactory.create_batch(size // 3 + 1, draft=True, labels=["Geheim"])
    PostFactory.create_batch(size // 3 + 1, scheduled=True, labels=["Bald"])
    PageFactory.create_batch(3)
    return posts


def url_for(kind: str, posts) -> str:
    post = posts[len(posts) // 2]
    date = timezone.localtime(post.published_at)
    return {
        "home": reverse("blog:post-list"),
        "post": post.get_absolute_url(),
        "label": reverse("blog:label-detail", kwargs={"slug": "brot"}),
        "year": reverse("blog:archive-year", kwargs={"year": date.year}),
        "month": reverse("blog:archive-month", kwargs={"year": date.year, "month": date.month}),
        "page": PageFactory(slug="impressum").get_absolute_url(),
        "labels": reverse("blog:label-list"),
    }[kind]


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("kind", EXPECTED_QUERIES)
def test_reader_pages_run_a_fixed_number_of_queries(client, django_assert_num_queries, kind, size):
    url = url_for(kind, make_blog(size))

    with django_assert_num_queries(EXPECTED_QUERIES[kind]):
        response = client.get(url)

    assert response.status_code == 200
