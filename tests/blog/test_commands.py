import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from blog.models import Label, Page, Post
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return (
        Post.objects.count(),
        Page.objects.count(),
        Label.objects.count(),
        get_user_model().objects.count(),
    )


def test_demo_content_is_a_living_german_blog():
    call_command("demo_content")

    published = Post.objects.published()
    assert published.count() >= 5
    assert Post.objects.filter(status="draft").exists()
    assert Post.objects.filter(status="published").exclude(pk__in=published).exists()
    assert published.exclude(cover_image="").exists()
    assert Label.objects.with_published_post_counts().count() >= 4
    assert set(Page.objects.published().values_list("slug", flat=True)) >= {
        "ueber-mich",
        "impressum",
        "datenschutz",
    }
    months = {post.published_at.month for post in published}
    assert len(months) >= 3


def test_demo_content_twice_adds_nothing(capsys):
    call_command("demo_content")
    before = counts()
    capsys.readouterr()

    call_command("demo_content")

    assert counts() == before
    assert "nothing added" in capsys.readouterr().out


def test_demo_content_never_goes_into_a_blog_with_content():
    call_command("demo_content")
    Post.objects.filter(status="draft").delete()
    Page.objects.filter(slug="impressum").delete()
    before = counts()

    call_command("demo_content")

    assert counts() == before
    assert not Page.objects.filter(slug="impressum").exists()


def test_demo_content_leaves_an_authors_own_blog_alone():
    PostFactory(title="Mein eigener Post")

    call_command("demo_content")

    assert Post.objects.count() == 1


def test_ensure_admin_creates_an_admin_with_a_random_password(capsys):
    call_command("ensure_admin")
    first = capsys.readouterr().out
    call_command("ensure_admin")
    second = capsys.readouterr().out

    admin = get_user_model().objects.get(username="admin")
    password = first.split("password:")[1].split()[0]
    assert admin.is_superuser and admin.check_password(password)
    assert len(password) >= 12
    assert password not in second
    assert get_user_model().objects.filter(is_superuser=True).count() == 1


def test_ensure_admin_takes_djangos_environment_variables(monkeypatch, capsys):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "chefin")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "ein-langes-passwort")

    call_command("demo_content")
    call_command("ensure_admin")

    admin = get_user_model().objects.get(username="chefin")
    assert admin.is_superuser and admin.check_password("ein-langes-passwort")
    assert "ein-langes-passwort" not in capsys.readouterr().out


def test_ensure_admin_with_only_a_user_name_makes_a_random_password(monkeypatch, capsys):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "anna")

    call_command("ensure_admin")

    password = capsys.readouterr().out.split("password:")[1].split()[0]
    assert get_user_model().objects.get(username="anna").check_password(password)


def test_ensure_admin_points_to_the_projects_python_for_a_new_password(capsys):
    call_command("ensure_admin")
    capsys.readouterr()

    call_command("ensure_admin")

    assert "python manage.py changepassword admin" in capsys.readouterr().out


def test_createsuperuser_noinput_keeps_working(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "noch-ein-passwort")

    call_command("createsuperuser", interactive=False, username="zweite", email="z@example.org")

    assert get_user_model().objects.get(username="zweite").check_password("noch-ein-passwort")


def test_ensure_admin_explains_when_the_name_is_taken_by_another_user():
    get_user_model().objects.create_user(username="admin")

    with pytest.raises(CommandError, match="DJANGO_SUPERUSER_USERNAME"):
        call_command("ensure_admin")
