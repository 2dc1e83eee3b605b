import pytest

from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db

POST_PAGE_QUERIES = 12  # see tests/blog/test_queries.py


@pytest.mark.parametrize("threads", [0, 10, 200])
def test_post_page_queries_do_not_grow_with_comments(client, django_assert_num_queries, threads):
    post = PostFactory()
    for number in range(threads):
        top = CommentFactory(post=post)
        if number % 2:
            CommentFactory(post=post, parent=top)
            CommentFactory(post=post, parent=top, status="pending")

    with django_assert_num_queries(POST_PAGE_QUERIES):
        response = client.get(post.get_absolute_url())

    assert response.status_code == 200
