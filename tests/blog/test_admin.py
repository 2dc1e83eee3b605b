import warnings
from datetime import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from blog.models import Image as LibraryImage
from blog.models import Post, Status
from tests.factories import ImageFactory, PostFactory, picture_upload, png_upload

pytestmark = pytest.mark.django_db


def test_author_group_writes_posts_and_pages_but_does_not_manage_users(author_user):
    assert Group.objects.filter(name="Autor").exists()
    assert author_user.has_perms(["blog.add_post", "blog.change_post", "blog.add_page"])
    assert not author_user.has_perm("auth.add_user")
    assert not author_user.has_perm("auth.change_user")


def test_author_uploads_pictures_to_the_library(author_client):
    response = author_client.post(
        reverse("admin:blog_image_add"),
        {"file": picture_upload(size=(300, 200)), "alt": "Vom Autor"},
    )

    assert response.status_code == 302
    assert LibraryImage.objects.get().alt == "Vom Autor"


def test_author_can_open_the_post_list_but_not_the_users(author_client):
    PostFactory(labels=["Brot"])
    PostFactory(scheduled=True)

    response = author_client.get(reverse("admin:blog_post_changelist"))

    assert response.status_code == 200
    assert "Geplant" in response.content.decode()
    assert author_client.get(reverse("admin:auth_user_changelist")).status_code == 403


@pytest.mark.parametrize(
    "query",
    [
        "?status=draft",
        "?status=scheduled",
        "?labels__id__exact=1",
        "?q=Brot",
        "?published_at__year=2025",
    ],
)
def test_post_list_filters_and_search_work(admin_client, query):
    PostFactory(title="Brot backen", labels=["Brot"])

    assert admin_client.get(reverse("admin:blog_post_changelist") + query).status_code == 200


def test_adding_a_post_in_the_admin_makes_a_german_slug(admin_client, admin_user):
    response = admin_client.post(
        reverse("admin:blog_post_add"),
        {
            "title": "Größe für Änderungen",
            "slug": "",
            "body": "<p>Text</p><script>x()</script>",
            "labels": "Wandern, Küche",
            "status": Status.PUBLISHED,
            "author": admin_user.pk,
            "comments_allowed": "on",
            "excerpt": "",
            "cover_image_alt": "",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    post = Post.objects.get()
    assert post.slug == "groesse-fuer-aenderungen"
    assert post.body == "<p>Text</p>"
    assert post.published_at is not None
    assert sorted(post.labels.names()) == ["Küche", "Wandern"]


def test_slug_of_a_published_post_cannot_be_changed_in_the_admin(admin_client):
    post = PostFactory(slug="fest")

    response = admin_client.get(reverse("admin:blog_post_change", args=[post.pk]))

    assert 'name="slug"' not in response.content.decode()


def test_slug_field_prefills_with_german_transliteration(admin_client):
    response = admin_client.get(reverse("admin:blog_post_add"))

    assert "js/admin-slug.js" in response.content.decode()


def test_publish_and_unpublish_actions(admin_client):
    draft = PostFactory(draft=True)
    published = PostFactory()
    url = reverse("admin:blog_post_changelist")

    response = admin_client.post(
        url, {"action": "publish", "_selected_action": [draft.pk]}, follow=True
    )
    assert "1 Post veröffentlicht." in response.content.decode()
    assert draft in Post.objects.published()

    admin_client.post(url, {"action": "unpublish", "_selected_action": [published.pk, draft.pk]})
    assert not Post.objects.published().exists()


def test_view_on_site_of_a_draft_opens_the_preview(admin_client):
    draft = PostFactory(draft=True)

    response = admin_client.get(reverse("admin:blog_post_change", args=[draft.pk]))

    assert "Auf der Website anzeigen" in response.content.decode()
    assert draft.get_absolute_url() == reverse("blog:post-preview", kwargs={"pk": draft.pk})


def post_form(author, **fields) -> dict:
    return {
        "title": "Mit Bild",
        "slug": "",
        "body": "<p>Text</p>",
        "labels": "",
        "status": Status.DRAFT,
        "author": author.pk,
        "excerpt": "",
        "cover_image_alt": "",
        **fields,
    }


def test_cover_image_upload_with_alt_text(admin_client, admin_user):
    response = admin_client.post(
        reverse("admin:blog_post_add"),
        post_form(admin_user, cover_image=png_upload(), cover_image_alt="Blauer Himmel"),
    )

    assert response.status_code == 302
    post = Post.objects.get()
    assert (post.cover_image_width, post.cover_image_height) == (64, 48)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"cover_image_alt": ""}, "Beschreiben Sie das Titelbild"),
        (
            {
                "cover_image": SimpleUploadedFile("bild.jpg", b"<html>kein Bild</html>"),
                "cover_image_alt": "Bild",
            },
            "Nur JPEG-, PNG-, WebP- und GIF-Bilder können hochgeladen werden.",
        ),
    ],
)
def test_bad_cover_image_is_refused_and_nothing_is_saved(admin_client, admin_user, fields, message):
    data = post_form(admin_user, cover_image=png_upload())
    data.update(fields)

    response = admin_client.post(reverse("admin:blog_post_add"), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Post.objects.exists()


def test_second_post_with_the_same_title_gets_a_numbered_slug(admin_client, admin_user):
    PostFactory(title="Über Brot", slug="ueber-brot")

    response = admin_client.post(
        reverse("admin:blog_post_add"),
        post_form(admin_user, title="Über Brot", slug="ueber-brot"),  # as the browser prefills it
    )

    assert response.status_code == 302
    assert Post.objects.filter(slug="ueber-brot-2").exists()


def test_slug_stays_fixed_after_unpublishing(admin_client):
    post = PostFactory(slug="fest")
    admin_client.post(
        reverse("admin:blog_post_changelist"),
        {"action": "unpublish", "_selected_action": [post.pk]},
    )

    response = admin_client.get(reverse("admin:blog_post_change", args=[post.pk]))

    assert 'name="slug"' not in response.content.decode()


def test_slug_of_a_scheduled_post_can_still_be_changed(admin_client):
    post = PostFactory(scheduled=True)

    response = admin_client.get(reverse("admin:blog_post_change", args=[post.pk]))

    assert 'name="slug"' in response.content.decode()


def test_taggits_own_tags_are_not_offered_next_to_labels(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()

    assert "/admin/blog/label/" in html
    assert "/admin/taggit/" not in html


def test_editing_a_post_with_a_cover_image_keeps_the_image(admin_client, admin_user):
    admin_client.post(
        reverse("admin:blog_post_add"),
        post_form(admin_user, cover_image=png_upload(), cover_image_alt="Blauer Himmel"),
    )
    post = Post.objects.get()

    response = admin_client.post(
        reverse("admin:blog_post_change", args=[post.pk]),
        post_form(admin_user, title="Neuer Titel", slug=post.slug, cover_image_alt="Himmel"),
    )

    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.title, post.cover_image.name.startswith("covers/")) == ("Neuer Titel", True)


def test_the_body_is_written_in_the_rich_text_editor_beside_the_image_library(admin_client):
    ImageFactory(alt="Apfelbaum im Herbst")

    for url in (reverse("admin:blog_post_add"), reverse("admin:blog_page_add")):
        html = admin_client.get(url).content.decode()
        assert "data-django-prose-editor-configurable" in html
        assert "django_prose_editor/editor.js" in html
        assert "js/admin-editor.js" in html
        assert "Apfelbaum im Herbst" in html


def test_the_author_sees_what_sanitising_removed(admin_client, admin_user):
    body = '<p onclick="steal()">Hallo</p><script>steal()</script>'

    response = admin_client.post(
        reverse("admin:blog_post_add"), post_form(admin_user, body=body), follow=True
    )

    assert Post.objects.get().body == "<p>Hallo</p>"
    messages = [str(message) for message in response.context["messages"]]
    assert any("<script>" in m and "onclick" in m for m in messages)


def test_an_image_needs_a_description(admin_client):
    response = admin_client.post(
        reverse("admin:blog_image_add"), {"file": picture_upload(size=(300, 200)), "alt": ""}
    )

    assert response.status_code == 200
    assert "Bitte füllen Sie dieses Feld aus." in response.content.decode()
    assert not LibraryImage.objects.exists()


NOT_TAKEN = "Nur JPEG-, PNG-, WebP- und GIF-Bilder können hochgeladen werden."


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("bild.jpg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"), NOT_TAKEN),
        (SimpleUploadedFile("bild.png", b"<html><script>x()</script></html>"), NOT_TAKEN),
        (picture_upload(size=(300, 200), name="foto.png"), "JPEG"),
    ],
)
def test_a_file_that_is_not_a_proper_picture_is_refused_and_nothing_is_stored(
    admin_client, upload, message
):
    response = admin_client.post(reverse("admin:blog_image_add"), {"file": upload, "alt": "Bild"})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not LibraryImage.objects.exists()
    assert not default_storage.exists("images")


def test_an_uploaded_image_shows_its_address_for_the_editor(admin_client):
    response = admin_client.post(
        reverse("admin:blog_image_add"),
        {"file": picture_upload(size=(300, 200)), "alt": "Apfel", "caption": "Aus dem Garten"},
    )

    image = LibraryImage.objects.get()
    assert response.status_code == 302
    assert (image.width, image.height) == (300, 200)
    html = admin_client.get(reverse("admin:blog_image_change", args=[image.pk])).content.decode()
    assert f'value="{image.url}"' in html


def test_the_author_is_told_of_pictures_without_a_description(admin_client, admin_user):
    body = '<figure><img src="/media/a.jpg"></figure><p><img src="/media/b.jpg" alt=""></p>'

    response = admin_client.post(
        reverse("admin:blog_post_add"), post_form(admin_user, body=body), follow=True
    )

    messages = [str(message) for message in response.context["messages"]]
    assert any("2 Bilder im Text haben keine Beschreibung" in m for m in messages)


def at(year, month, day, hour=0, minute=0):
    return timezone.make_aware(datetime(year, month, day, hour, minute))


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("05.12.2026", "Geplant für 5. Dezember, 8:00."),  # this year: no year
        ("05.01.2027", "Geplant für 5. Januar 2027, 8:00."),
    ],
)
def test_saving_a_post_with_a_future_date_says_when_it_appears(
    admin_client, admin_user, monkeypatch, date, expected
):
    monkeypatch.setattr(timezone, "now", lambda: at(2026, 3, 1, 10))
    data = post_form(admin_user, status=Status.PUBLISHED)
    data |= {"published_at_0": date, "published_at_1": "08:00:00"}

    response = admin_client.post(reverse("admin:blog_post_add"), data, follow=True)

    messages = [str(message) for message in response.context["messages"]]
    assert any(m.startswith(expected) for m in messages), messages
    assert Post.objects.get().is_scheduled


@pytest.mark.parametrize(
    ("status", "date"), [(Status.PUBLISHED, "28.02.2026"), (Status.DRAFT, "05.12.2026")]
)
def test_a_post_that_is_not_scheduled_says_nothing_of_a_plan(
    admin_client, admin_user, monkeypatch, status, date
):
    monkeypatch.setattr(timezone, "now", lambda: at(2026, 3, 1, 10))
    data = post_form(admin_user, status=status)
    data |= {"published_at_0": date, "published_at_1": "08:00:00"}

    response = admin_client.post(reverse("admin:blog_post_add"), data, follow=True)

    messages = [str(message) for message in response.context["messages"]]
    assert messages and not any("Geplant" in m for m in messages)


def test_the_post_list_filters_drafts_scheduled_and_published_posts(admin_client):
    PostFactory(title="Entwurf eins", draft=True)
    PostFactory(title="Kommt noch", scheduled=True)
    PostFactory(title="Schon da")
    url = reverse("admin:blog_post_changelist")

    def titles(query):
        response = admin_client.get(url + query)
        return sorted(post.title for post in response.context["cl"].result_list)

    html = admin_client.get(url).content.decode()
    assert all(f"{choice}</a>" in html for choice in ("Entwurf", "Geplant", "Veröffentlicht"))
    assert titles("?status=draft") == ["Entwurf eins"]
    assert titles("?status=scheduled") == ["Kommt noch"]
    assert titles("?status=published") == ["Schon da"]
    assert titles("") == ["Entwurf eins", "Kommt noch", "Schon da"]


def test_the_editor_prints_no_warning_on_a_page_load(admin_client):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        response = admin_client.get(reverse("admin:blog_post_add"))

    assert response.status_code == 200
    assert [str(w.message) for w in caught if "django_prose_editor" in w.filename] == []


def test_the_date_and_time_of_publication_are_named_for_screen_readers(admin_client):
    html = admin_client.get(reverse("admin:blog_post_add")).content.decode()

    assert 'aria-label="Veröffentlichungsdatum: Datum"' in html
    assert 'aria-label="Veröffentlichungsdatum: Zeit"' in html
