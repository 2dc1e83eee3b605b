import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from blog.models import Label, Page, Post

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
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "chefin@example.org")

    call_command("ensure_admin")

    admin = get_user_model().objects.get(username="chefin")
    assert admin.check_password("ein-langes-passwort")
    assert "ein-langes-passwort" not in capsys.readouterr().out


def test_createsuperuser_noinput_keeps_working(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "noch-ein-passwort")

    call_command("createsuperuser", interactive=False, username="zweite", email="z@example.org")

    assert get_user_model().objects.get(username="zweite").check_password("noch-ein-passwort")


def test_ensure_admin_explains_when_the_name_is_taken_by_another_user():
    get_user_model().objects.create_user(username="admin")

    with pytest.raises(CommandError, match="no active superuser"):
        call_command("ensure_admin")
