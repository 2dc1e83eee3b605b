import pytest
from django.core.exceptions import ValidationError

from blog.models import Post
from blog.text import slugify_de, summarize, unique_slug
from tests.factories import PostFactory


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Größe für Änderungen", "groesse-fuer-aenderungen"),
        ("Übermut tut selten gut", "uebermut-tut-selten-gut"),
        ("ÄÖÜ äöü ß ẞ", "aeoeue-aeoeue-ss-ss"),
        ("Café, crème & Crêpes!", "cafe-creme-crepes"),
        ("  Viele   Leerzeichen  ", "viele-leerzeichen"),
    ],
)
def test_slugs_transliterate_german_letters(title, slug):
    assert slugify_de(title) == slug


@pytest.mark.django_db
def test_unique_slug_adds_a_number_when_the_slug_is_taken():
    PostFactory(slug="groesse")
    PostFactory(slug="groesse-2")

    assert unique_slug(Post.objects.all(), "Größe", max_length=200) == "groesse-3"


@pytest.mark.django_db
def test_editing_a_post_keeps_its_own_slug():
    post = PostFactory(title="Größe", slug="groesse")

    post.full_clean()

    assert post.slug == "groesse"


@pytest.mark.django_db
def test_the_titles_slug_prefilled_by_the_admin_gets_a_number_when_taken():
    PostFactory(title="Größe", slug="groesse")
    second = PostFactory.build(title="Größe", slug="groesse", author=PostFactory().author)

    second.full_clean()

    assert second.slug == "groesse-2"


@pytest.mark.django_db
def test_a_slug_the_author_typed_that_is_taken_is_an_error():
    PostFactory(title="Irgendwas", slug="mein-slug")
    second = PostFactory.build(title="Anderes", slug="mein-slug", author=PostFactory().author)

    with pytest.raises(ValidationError, match="Adresse"):
        second.full_clean()


@pytest.mark.django_db
def test_unique_slug_stays_within_the_maximum_length():
    PostFactory(slug="a" * 20)

    slug = unique_slug(Post.objects.all(), "a" * 40, max_length=20)

    assert slug == "a" * 18 + "-2"


@pytest.mark.django_db
def test_a_title_without_letters_still_gets_a_slug():
    assert unique_slug(Post.objects.all(), "!!!", max_length=200) == "post"


def test_summary_is_plain_text_with_entities_decoded():
    html = "<p>Brot &amp; <strong>Butter</strong></p><p>" + "Wort " * 100 + "</p>"

    summary = summarize(html, words=5)

    assert summary == "Brot & Butter Wort Wort …"
