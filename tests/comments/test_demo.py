import pytest
from django.core.management import call_command

from comments.models import Comment

pytestmark = pytest.mark.django_db


def test_demo_comments_show_a_discussion_and_fill_the_queue_once():
    call_command("demo_content")
    call_command("demo_comments")
    count = Comment.objects.count()

    call_command("demo_comments")

    assert Comment.objects.count() == count
    assert Comment.objects.approved().exists()
    assert Comment.objects.pending().exists()
    assert Comment.objects.filter(is_author_reply=True, depth=1).exists()


def test_demo_comments_need_the_demo_posts():
    call_command("demo_comments")

    assert not Comment.objects.exists()
