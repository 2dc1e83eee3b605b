"""Authors as readers see them: by the name they chose, never by their login name; a post is
published only under a name, which every author sets themselves ("Mein Profil")."""

import json
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from blog.models import AuthorProfile, Post, Status
from tests.factories import PostFactory, UserFactory, logged_in, staff_in_group

pytestmark = pytest.mark.django_db


def json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    return json.loads(match.group(1))


def unnamed_author(username: str = "login-ohne-namen"):
    """An author in the group "Autor" without a profile, as every account was before."""
    return staff_in_group("Autor", username=username, author_profile=None)


def post_form(author, **fields) -> dict:
    return {
        "title": "Herbstlaub",
        "slug": "",
        "body": "<p>Text</p>",
        "labels": "",
        "status": Status.PUBLISHED,
        "author": author.pk,
        "comments_allowed": "on",
        "excerpt": "",
        "cover_image_alt": "",
        **fields,
    }


# What readers see


def test_byline_feeds_and_structured_data_name_the_author_never_the_login(client):
    author = UserFactory(username="login-anna", author_profile__display_name="Anna Beispiel")
    post = PostFactory(author=author)

    pages = {
        "post": client.get(post.get_absolute_url()).content.decode(),
        "home": client.get(reverse("blog:post-list")).content.decode(),
        "atom": client.get(reverse("blog:feed")).content.decode(),
        "rss": client.get(reverse("blog:feed-rss")).content.decode(),
    }

    assert "von Anna Beispiel" in pages["post"] and "von Anna Beispiel" in pages["home"]
    assert "<name>Anna Beispiel</name>" in pages["atom"]
    assert "Anna Beispiel" in pages["rss"]
    assert json_ld(pages["post"])["author"] == {"@type": "Person", "name": "Anna Beispiel"}
    for name, html in pages.items():
        assert "login-anna" not in html, name


def test_an_author_without_a_name_appears_as_the_blog_never_by_login(client, settings):
    settings.TINTE_BLOG_TITLE = "Gartenzeit"
    post = PostFactory(author=unnamed_author("gerda-login"))  # e.g. from before profiles

    html = client.get(post.get_absolute_url()).content.decode()
    atom = client.get(reverse("blog:feed")).content.decode()

    assert "von Gartenzeit" in html
    assert json_ld(html)["author"] == {"@type": "Organization", "name": "Gartenzeit"}
    assert "<name>Gartenzeit</name>" in atom
    assert "gerda-login" not in html and "gerda-login" not in atom


# Publishing needs a name


@pytest.mark.parametrize("when", ["now", "scheduled"])
def test_admin_refuses_to_publish_without_a_name_and_links_to_where_it_is_set(when):
    author = unnamed_author()
    fields = {}
    if when == "scheduled":
        later = timezone.localtime() + timedelta(days=2)
        fields = {"published_at_0": later.date().isoformat(), "published_at_1": "08:00:00"}

    response = logged_in(author).post(reverse("admin:blog_post_add"), post_form(author, **fields))

    html = response.content.decode()
    assert response.status_code == 200
    assert "hat noch keinen öffentlichen Namen" in html
    assert f'<a href="{AuthorProfile.edit_url(author)}">Öffentlichen Namen eintragen</a>' in html
    assert not Post.objects.exists()


def test_without_a_name_an_author_still_saves_drafts():
    author = unnamed_author()

    response = logged_in(author).post(
        reverse("admin:blog_post_add"), post_form(author, status=Status.DRAFT)
    )

    assert response.status_code == 302
    assert Post.objects.get().status == Status.DRAFT


def test_bulk_publish_publishes_the_named_and_says_why_not_the_others(admin_client):
    named = PostFactory(title="Mit Namen", draft=True)
    unnamed = PostFactory(title="Ohne Namen", draft=True, author=unnamed_author())

    response = admin_client.post(
        reverse("admin:blog_post_changelist"),
        {"action": "publish", "_selected_action": [named.pk, unnamed.pk]},
        follow=True,
    )

    html = response.content.decode()
    named.refresh_from_db()
    unnamed.refresh_from_db()
    assert named.status == Status.PUBLISHED and unnamed.status == Status.DRAFT
    assert "1 Post veröffentlicht." in html
    assert "„Ohne Namen“ wurde nicht veröffentlicht" in html
    assert f'href="{AuthorProfile.edit_url(unnamed.author)}"' in html


# Setting the name


def test_an_author_sets_their_own_name_and_badge_under_my_profile():
    author = unnamed_author()
    client = logged_in(author)

    assert "Mein Profil" in client.get(reverse("admin:index")).content.decode()
    response = client.get(reverse("admin:blog_authorprofile_mine"))
    profile = AuthorProfile.objects.get(user=author)
    change_url = reverse("admin:blog_authorprofile_change", args=[profile.pk])
    assert response.status_code == 302 and response["Location"] == change_url
    assert "Öffentlicher Name" in client.get(change_url).content.decode()

    response = client.post(
        change_url, {"display_name": "Gerda Grün", "badge": "woman", "badge_word": ""}
    )

    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.display_name, profile.badge_text) == ("Gerda Grün", "Autorin")
    response = client.post(reverse("admin:blog_post_add"), post_form(author))
    assert response.status_code == 302 and Post.objects.get().is_public


def test_an_author_cannot_change_anyone_elses_profile():
    author, other = unnamed_author(), UserFactory(is_staff=True)
    client = logged_in(author)
    others_profile = other.author_profile

    assert client.get(AuthorProfile.edit_url(other)).status_code == 403
    change_url = reverse("admin:blog_authorprofile_change", args=[others_profile.pk])
    assert client.post(change_url, {"display_name": "Gekapert", "badge": "own"}).status_code in {
        302,  # the admin's answer to an object one may not see: to the index, with a message
        403,
    }
    others_profile.refresh_from_db()
    assert others_profile.display_name != "Gekapert"
    client.get(reverse("admin:blog_authorprofile_mine"))
    listed = client.get(reverse("admin:blog_authorprofile_changelist")).content.decode()
    assert others_profile.display_name not in listed


def test_whoever_manages_users_sets_names_on_the_user_page(admin_client):
    user = unnamed_author()

    html = admin_client.get(reverse("admin:auth_user_change", args=[user.pk])).content.decode()
    assert 'name="author_profile-0-display_name"' in html
    assert admin_client.get(AuthorProfile.edit_url(user)).status_code == 302


# The accounts `make run` makes


def test_make_runs_account_gets_a_name_for_readers_not_its_login(capsys, settings):
    settings.TINTE_BLOG_TITLE = "Mein Blog"

    call_command("ensure_admin")

    admin = get_user_model().objects.get(username="admin")
    assert admin.author_profile.display_name == "Mein Blog"
    assert reverse("admin:blog_authorprofile_mine") in capsys.readouterr().out
    post = Post(title="Erster Post", author=admin, status=Status.PUBLISHED)
    post.full_clean()  # publishing is possible at once


def test_an_earlier_admin_without_a_name_gets_one_on_the_next_run():
    admin = get_user_model().objects.create_superuser("chefin", first_name="Ada", last_name="Ho")

    call_command("ensure_admin")

    assert AuthorProfile.objects.get(user=admin).display_name == "Ada Ho"


def test_a_name_chosen_by_the_owner_is_kept_by_the_next_run():
    call_command("ensure_admin")
    AuthorProfile.objects.update(display_name="Selbst gewählt")

    call_command("ensure_admin")

    assert AuthorProfile.objects.get().display_name == "Selbst gewählt"


def test_the_demo_author_writes_under_her_name_with_her_badge(client):
    call_command("demo_content")

    post = Post.objects.published().first()
    assert post.author_name == "Johanna Winter"
    assert post.author.author_profile.badge_text == "Autorin"
    assert "von Johanna Winter" in client.get(post.get_absolute_url()).content.decode()
