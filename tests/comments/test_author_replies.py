"""The author's replies to comments: under the author's current name (never the login name)
with the badge the author chose; imports bring the names the old blog showed."""

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from blog.models import AuthorProfile, Post
from comments.services import comment_reply_as_author
from tests.factories import CommentFactory, PostFactory, UserFactory, staff_in_group

pytestmark = pytest.mark.django_db

FILES = Path(__file__).with_name("moving_files")


def author(**profile):
    return staff_in_group(
        "Autor",
        username="login-erika",
        **{f"author_profile__{name}": value for name, value in profile.items()},
    )


def json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    return json.loads(match.group(1))


def test_a_reply_shows_the_authors_current_name_everywhere_never_the_login(client):
    erika = author(display_name="Ruth Winkler")
    parent = CommentFactory()
    reply = comment_reply_as_author(parent=parent, user=erika, body="Danke fürs Lesen!")
    assert reply.name == "Ruth Winkler"

    profile = erika.author_profile
    profile.display_name = "Ruth Neu"
    profile.save()

    html = client.get(parent.post.get_absolute_url()).content.decode()
    feed = client.get(reverse("comments:feed")).content.decode()
    assert '<span class="comment-author">Ruth Neu</span>' in html
    assert [c["author"]["name"] for c in json_ld(html)["comment"]][-1] == "Ruth Neu"
    assert "<name>Ruth Neu</name>" in feed
    for text in (html, feed):
        assert "Ruth Winkler" not in text and "login-erika" not in text


def test_an_early_reply_that_stored_the_login_shows_the_name_set_since(client):
    erika = author(display_name="Ruth Winkler")
    parent = CommentFactory()
    CommentFactory(
        post=parent.post, parent=parent, is_author_reply=True, user=erika, name="login-erika"
    )

    html = client.get(parent.post.get_absolute_url()).content.decode()

    assert "Ruth Winkler" in html and "login-erika" not in html


def test_an_author_without_a_name_replies_as_the_blog(settings):
    settings.TINTE_BLOG_TITLE = "Gartenzeit"
    nameless = staff_in_group("Autor", username="login-nameless", author_profile=None)

    reply = comment_reply_as_author(parent=CommentFactory(), user=nameless, body="Danke!")

    assert reply.name == reply.writer_name == "Gartenzeit"


@pytest.mark.parametrize(
    ("badge", "word", "shown"),
    [
        ("woman", "", "Autorin"),
        ("man", "", "Autor"),
        ("own", "Gastgeberin", "Gastgeberin"),
        ("own", "", "Blog"),  # the neutral default
    ],
)
def test_the_badge_is_the_one_the_author_chose(client, badge, word, shown):
    erika = author(display_name="Ruth Winkler", badge=badge, badge_word=word)
    parent = CommentFactory()
    comment_reply_as_author(parent=parent, user=erika, body="Danke!")

    html = client.get(parent.post.get_absolute_url()).content.decode()

    assert f'<span class="comment-badge">{shown}</span>' in html


def test_a_reply_of_an_author_without_a_profile_has_the_neutral_badge(client):
    nameless = staff_in_group("Autor", author_profile=None)
    parent = CommentFactory()
    comment_reply_as_author(parent=parent, user=nameless, body="Danke!")

    html = client.get(parent.post.get_absolute_url()).content.decode()

    assert '<span class="comment-badge">Blog</span>' in html


# Imports and exports


def run(command: str, path) -> str:
    out = io.StringIO()
    call_command(command, str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_imported_authors_get_the_name_the_old_blog_showed():
    run("import_wordpress", FILES / "wordpress-1.2.xml")
    run("import_blogger", FILES / "blogger-classic.xml")

    names = {post.author_name for post in Post.objects.select_related("author__author_profile")}
    assert names == {"Gerda Grün", "Anna Koch"}


def test_a_wordpress_display_name_that_is_the_login_gives_way_to_first_and_last_name(tmp_path):
    text = (FILES / "wordpress-1.2.xml").read_text()
    path = tmp_path / "wp.xml"
    path.write_text(
        text.replace(
            "<wp:author_display_name><![CDATA[Gerda Grün]]>",
            "<wp:author_display_name><![CDATA[gerda]]>",
        )
    )

    run("import_wordpress", path)

    assert Post.objects.first().author_name == "Gerda Grün"


def test_an_existing_authors_own_name_is_kept_by_an_import():
    UserFactory(
        username="gerda",
        email="gerda@gartenzeit.example",
        author_profile__display_name="G. Grün",
    )

    run("import_wordpress", FILES / "wordpress-1.2.xml")

    assert {post.author_name for post in Post.objects.all()} == {"G. Grün"}


def test_an_imported_reply_of_the_author_shows_the_authors_current_name(client):
    run("import_wordpress", FILES / "wordpress-1.2.xml")
    post = Post.objects.get(slug="tomaten-im-topf")
    AuthorProfile.objects.filter(user=post.author).update(display_name="Gerda G.")

    html = client.get(post.get_absolute_url()).content.decode()

    assert '<span class="comment-author">Gerda G.</span>' in html


def test_the_wordpress_export_names_authors_by_their_name_not_their_login(tmp_path):
    PostFactory(author=author(display_name="Ruth Winkler"))
    path = tmp_path / "blog.xml"

    call_command("export_wordpress", "-o", str(path), stdout=io.StringIO())

    text = path.read_text()
    assert "<wp:author_display_name>Ruth Winkler</wp:author_display_name>" in text.replace(
        "<![CDATA[", ""
    ).replace("]]>", "")
