"""What was stored before the one URL rule is cleaned once by a migration (issue 13)."""

from importlib import import_module

import pytest
from django.apps import apps

from blog.models import Page, Post
from comments.models import Comment
from tests.factories import CommentFactory, PageFactory, PostFactory

pytestmark = pytest.mark.django_db

blog_migration = import_module("blog.migrations.0014_clean_stored_bodies")
comments_migration = import_module("comments.migrations.0006_clean_stored_comments")

OLD_BODY = '<p><a href="javascript:123">Klick</a> und <a href="/ok/">gut</a></p>'


def test_bodies_stored_with_an_address_the_rule_refuses_are_cleaned():
    post, page = PostFactory(), PageFactory()
    untouched = PostFactory(body="<p>Schon sauber</p>")
    Post.objects.filter(pk=post.pk).update(body=OLD_BODY)  # as the old sanitiser left it
    Page.objects.filter(pk=page.pk).update(body=OLD_BODY)
    before = Post.objects.get(pk=untouched.pk).body

    blog_migration.clean_stored_bodies(apps, None)

    for model, pk in ((Post, post.pk), (Page, page.pk)):
        assert model.objects.get(pk=pk).body == '<p>Klick und <a href="/ok/">gut</a></p>'
    assert Post.objects.get(pk=untouched.pk).body == before


def test_comments_rendered_with_an_address_the_rule_refuses_are_rendered_again():
    comment = CommentFactory(body="Siehe data:example.org und https://example.org/")
    Comment.objects.filter(pk=comment.pk).update(
        body_html='<p>Siehe <a href="data:example.org">data:example.org</a></p>'
    )

    comments_migration.render_stored_comments(apps, None)

    body_html = Comment.objects.get(pk=comment.pk).body_html
    assert 'href="data:' not in body_html and 'href="https://example.org/"' in body_html
