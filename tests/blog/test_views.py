from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import PageFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def content(response) -> str:
    return response.content.decode()


# Home and pagination


def test_home_shows_newest_published_posts_first(client):
    older = PostFactory(title="Älterer Beitrag", published_at=timezone.now() - timedelta(days=2))
    newer = PostFactory(title="Neuerer Beitrag", published_at=timezone.now() - timedelta(days=1))

    response = client.get(reverse("blog:post-list"))

    assert list(response.context["post_list"]) == [newer, older]


def test_home_is_in_german_with_german_dates(client):
    PostFactory(
        published_at=datetime(2025, 3, 4, 10, 0, tzinfo=UTC),
        author=UserFactory(first_name="Johanna", last_name="Winter"),
        labels=["Brot"],
    )

    page = content(client.get(reverse("blog:post-list")))

    assert '<html lang="de">' in page
    assert "4. März 2025" in page
    assert "von Johanna Winter" in page
    assert "Blog-Archiv" in page
    assert "Zum Inhalt springen" in page
    assert "Labels:" in page


def test_english_is_available_by_setting(client, settings):
    settings.LANGUAGE_CODE = "en"
    PostFactory(published_at=datetime(2025, 3, 4, 10, 0, tzinfo=UTC))

    page = content(client.get(reverse("blog:post-list")))

    assert '<html lang="en">' in page
    assert "Blog archive" in page


@pytest.mark.parametrize(
    ("page", "newer", "older"),
    [("1", False, True), ("2", True, True), ("3", True, False)],
)
def test_pagination_links_in_german(client, settings, page, newer, older):
    settings.TINTE_POSTS_PER_PAGE = 2
    PostFactory.create_batch(5)

    html = content(client.get(reverse("blog:post-list"), {"page": page}))

    assert ("Neuere Posts" in html) is newer
    assert ("Ältere Posts" in html) is older
    assert "Startseite" in html
    assert f"Seite {page} von 3" in html


def test_a_single_page_of_posts_has_no_pagination(client, settings):
    settings.TINTE_POSTS_PER_PAGE = 5
    PostFactory.create_batch(5)

    assert "Ältere Posts" not in content(client.get(reverse("blog:post-list")))


@pytest.mark.parametrize("page", ["999", "0", "-1", "abc"])
def test_pages_out_of_range_are_404(client, page):
    PostFactory.create_batch(2)

    assert client.get(reverse("blog:post-list"), {"page": page}).status_code == 404


def test_empty_blog_says_so(client):
    response = client.get(reverse("blog:post-list"))

    assert response.status_code == 200
    assert "Hier gibt es noch keine Posts." in content(response)


def test_lists_show_excerpts_when_set(client, settings):
    settings.TINTE_FULL_POSTS_ON_LISTS = False
    PostFactory(body="<p>Der ganze lange Text.</p>", excerpt="Nur der Auszug.")

    html = content(client.get(reverse("blog:post-list")))

    assert "Nur der Auszug." in html
    assert "Der ganze lange Text." not in html
    assert "Weiterlesen" in html


# Drafts and scheduled posts never leak


@pytest.fixture
def hidden_posts():
    return [
        PostFactory(title="Geheimer Entwurf", labels=["Versteckt"], draft=True),
        PostFactory(title="Geplanter Post", labels=["Versteckt"], scheduled=True),
    ]


@pytest.mark.parametrize("url_name", ["blog:post-list", "blog:archive-year"])
def test_hidden_posts_are_in_no_list_or_widget(client, hidden_posts, url_name):
    visible = PostFactory(title="Sichtbarer Post", labels=["Offen"])
    year = timezone.localtime(visible.published_at).year
    kwargs = {"year": year} if url_name == "blog:archive-year" else {}

    html = content(client.get(reverse(url_name, kwargs=kwargs)))

    assert "Sichtbarer Post" in html
    assert "Geheimer Entwurf" not in html
    assert "Geplanter Post" not in html
    assert "Versteckt" not in html
    assert "(2)" not in html  # the archive counts only the visible post


def test_label_of_only_hidden_posts_is_404(client, hidden_posts):
    assert client.get(reverse("blog:label-detail", kwargs={"slug": "versteckt"})).status_code == 404


@pytest.mark.parametrize("user", ["anonymous", "reader", "author"])
def test_hidden_posts_are_404_at_their_public_address_for_everyone(client, hidden_posts, user):
    if user != "anonymous":
        client.force_login(UserFactory(is_staff=user == "author", is_superuser=user == "author"))
    for post in hidden_posts:
        local = timezone.localtime(post.published_at or timezone.now())
        url = reverse(
            "blog:post-detail", kwargs={"year": local.year, "month": local.month, "slug": post.slug}
        )
        assert client.get(url).status_code == 404


def test_hidden_posts_are_not_next_or_previous(client, hidden_posts):
    PostFactory(title="Einziger Post", published_at=timezone.now() - timedelta(days=5))
    post = PostFactory(title="Letzter Post")

    html = content(client.get(post.get_absolute_url()))

    assert "Einziger Post" in html
    assert "Geheimer Entwurf" not in html
    assert "Geplanter Post" not in html


# Preview of drafts


@pytest.mark.parametrize("user", ["anonymous", "reader", "staff without permission"])
def test_preview_is_404_for_anyone_but_authors(client, user):
    draft = PostFactory(draft=True)
    if user == "reader":
        client.force_login(UserFactory())
    elif user == "staff without permission":
        client.force_login(UserFactory(is_staff=True))

    assert client.get(reverse("blog:post-preview", kwargs={"pk": draft.pk})).status_code == 404


def test_draft_is_404_for_anonymous_but_visible_to_its_author_as_a_preview(author_client):
    draft = PostFactory(title="Mein Entwurf", draft=True)

    response = author_client.get(draft.get_absolute_url())

    html = content(response)
    assert response.status_code == 200
    assert "Mein Entwurf" in html
    assert "Vorschau eines Entwurfs" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "no-cache" in response["Cache-Control"]
    assert Client().get(draft.get_absolute_url()).status_code == 404


def test_scheduled_post_preview_says_when_it_appears(author_client):
    post = PostFactory(scheduled=True)

    assert "Vorschau: geplant für" in content(author_client.get(post.get_absolute_url()))


def test_preview_of_a_published_post_leads_to_its_address(author_client):
    post = PostFactory()

    response = author_client.get(reverse("blog:post-preview", kwargs={"pk": post.pk}))

    assert response.status_code == 302
    assert response["Location"] == post.get_absolute_url()


def test_draft_page_has_a_preview_and_no_public_address(author_client, client):
    page = PageFactory(status="draft", title="Entwurfsseite")

    assert author_client.get(page.get_absolute_url()).status_code == 200
    assert client.get(reverse("blog:page-detail", kwargs={"slug": page.slug})).status_code == 404
    assert "Entwurfsseite" not in content(client.get(reverse("blog:post-list")))


# Post page


def test_post_page_shows_everything_about_the_post(client):
    older = PostFactory(title="Davor", published_at=timezone.now() - timedelta(days=3))
    post = PostFactory(
        title="Größe für Änderungen",
        body="<h2>Zwischentitel</h2><p>Text</p>",
        labels=["Wandern"],
        published_at=timezone.now() - timedelta(days=2),
    )
    newer = PostFactory(title="Danach", published_at=timezone.now() - timedelta(days=1))

    html = content(client.get(post.get_absolute_url()))

    assert "<h1" in html and "Größe für Änderungen" in html
    assert "<h2>Zwischentitel</h2>" in html
    assert 'href="/label/wandern/"' in html
    assert older.get_absolute_url() in html and "Älterer Post" in html
    assert newer.get_absolute_url() in html and "Neuerer Post" in html


def test_post_address_with_wrong_month_redirects_permanently(client):
    post = PostFactory(slug="wandern", published_at=datetime(2025, 5, 10, 12, tzinfo=UTC))

    response = client.get("/2024/01/wandern/")

    assert response.status_code == 301
    assert response["Location"] == "/2025/05/wandern/" == post.get_absolute_url()


def test_post_title_is_escaped(client):
    post = PostFactory(title="<script>alert(1)</script>")

    html = content(client.get(post.get_absolute_url()))

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


# Labels and archive


def test_label_page_lists_its_posts_with_a_german_heading(client):
    PostFactory(title="Brotpost", labels=["Brot"])
    PostFactory(title="Anderer Post", labels=["Wandern"])

    html = content(client.get(reverse("blog:label-detail", kwargs={"slug": "brot"})))

    assert "Posts mit dem Label <em>Brot</em>" in html
    assert "Brotpost" in html
    assert "Anderer Post" not in html


def test_label_widget_lists_labels_with_counts(client):
    PostFactory.create_batch(2, labels=["Brot"])
    PostFactory(labels=["Küche"])

    html = content(client.get(reverse("blog:post-list")))

    assert 'href="/label/brot/">Brot</a> <span class="count">(2)</span>' in html
    assert 'href="/label/kueche/">Küche</a> <span class="count">(1)</span>' in html
    assert '/label/"' not in html  # every label is shown: no link to all of them


def test_label_widget_shows_the_most_used_and_links_to_all(client, settings):
    settings.TINTE_SIDEBAR_LABELS = 2
    PostFactory.create_batch(3, labels=["Zucker", "Ähre"])
    PostFactory.create_batch(2, labels=["Brot"])
    PostFactory(labels=["Apfel"], draft=True)

    html = content(client.get(reverse("blog:post-list")))
    widget = html[html.index('id="labels-title"') :]

    assert widget.index(">Ähre</a>") < widget.index(">Zucker</a>")  # in German order
    assert ">Brot</a>" not in widget
    assert '<a href="/label/">Alle 3 Labels</a>' in widget  # not the draft's label


def test_label_list_shows_every_label_of_published_posts(client):
    PostFactory.create_batch(2, labels=["Zucker"])
    PostFactory(labels=["Über uns", "Apfel"])
    PostFactory(labels=["Geheim"], draft=True)

    html = content(client.get(reverse("blog:label-list")))
    page = html[html.index('<h1 id="label-index-title">Alle Labels</h1>') :]

    positions = [page.index(f">{name}</a>") for name in ("Apfel", "Über uns", "Zucker")]
    assert positions == sorted(positions)
    assert 'href="/label/zucker/">Zucker</a> <span class="count">(2)</span>' in page
    assert "Geheim" not in html
    assert "<title>Alle Labels – " in html


def test_label_list_of_a_blog_without_labels_says_so(client):
    assert "Noch hat kein Post ein Label." in content(client.get(reverse("blog:label-list")))


def test_archive_widget_counts_months_and_years(client):
    for day in (3, 12):
        PostFactory(published_at=datetime(2025, 3, day, 12, tzinfo=UTC))
    PostFactory(published_at=datetime(2024, 11, 5, 12, tzinfo=UTC))
    PostFactory(draft=True)

    html = content(client.get(reverse("blog:post-list")))

    assert '<summary>2025 <span class="count">(2)</span></summary>' in html
    assert 'href="/2025/">Alle Posts aus 2025</a>' in html
    assert 'href="/2025/03/">März</a> <span class="count">(2)</span>' in html
    assert 'href="/2024/11/">November</a> <span class="count">(1)</span>' in html


def test_month_archive_shows_that_months_posts(client):
    PostFactory(title="Im März", published_at=datetime(2025, 3, 3, 12, tzinfo=UTC))
    PostFactory(title="Im April", published_at=datetime(2025, 4, 3, 12, tzinfo=UTC))

    html = content(client.get(reverse("blog:archive-month", kwargs={"year": 2025, "month": 3})))

    assert "Posts aus März 2025" in html
    assert "Im März" in html and "Im April" not in html
    assert 'href="/2025/04/"' in html  # the newer month


def test_year_archive_shows_that_years_posts(client):
    PostFactory(title="Vorletztes Jahr", published_at=datetime(2024, 3, 3, 12, tzinfo=UTC))
    PostFactory(title="Letztes Jahr", published_at=datetime(2025, 3, 3, 12, tzinfo=UTC))

    html = content(client.get(reverse("blog:archive-year", kwargs={"year": 2025})))

    assert "Posts aus dem Jahr 2025" in html
    assert "Letztes Jahr" in html and "Vorletztes Jahr" not in html


@pytest.mark.parametrize(
    "url",
    [
        "/label/gibt-es-nicht/",
        "/2019/",
        "/2025/02/",
        "/2025/13/",
        "/2025/03/gibt-es-nicht/",
        "/p/gibt-es-nicht/",
        "/irgendwas/",
    ],
)
def test_unknown_addresses_are_a_german_404(client, settings, url):
    settings.DEBUG = False
    PostFactory(published_at=datetime(2025, 3, 3, 12, tzinfo=UTC), labels=["Brot"])

    response = client.get(url)

    assert response.status_code == 404
    assert "Seite nicht gefunden" in content(response)


def test_server_error_page_is_german_and_needs_no_database():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")

    assert "Etwas ist schiefgegangen" in html


# Pages


def test_pages_appear_in_the_navigation_in_the_authors_order(client):
    PageFactory(title="Impressum", slug="impressum", position=2)
    PageFactory(title="Über mich", slug="ueber-mich", position=1)
    PageFactory(title="Versteckt", slug="versteckt", in_navigation=False)

    html = content(client.get(reverse("blog:post-list")))

    assert html.index("Über mich") < html.index("Impressum")
    assert "Versteckt" not in html
    assert client.get("/p/versteckt/").status_code == 200


def test_page_shows_its_body(client):
    page = PageFactory(title="Impressum", body="<p>Angaben gemäß § 5 DDG</p>")

    html = content(client.get(page.get_absolute_url()))

    assert "Angaben gemäß § 5 DDG" in html
    assert 'aria-current="page"' in html


def test_preview_of_a_published_page_leads_to_its_address(author_client):
    page = PageFactory()

    response = author_client.get(reverse("blog:page-preview", kwargs={"pk": page.pk}))

    assert response.status_code == 302
    assert response["Location"] == page.get_absolute_url()


def test_later_pages_of_a_list_say_their_number_in_the_title(client, settings):
    settings.TINTE_POSTS_PER_PAGE = 1
    PostFactory.create_batch(2, labels=["Brot"])

    first = content(client.get(reverse("blog:post-list")))
    second = content(client.get(reverse("blog:label-detail", kwargs={"slug": "brot"}) + "?page=2"))

    assert "<title>Tinte</title>" in first
    assert "– Seite 2</title>" in second


def test_unchanged_page_answers_304(client):
    post = PostFactory()

    # The comment form's token carries the second the page was made (see comments.forms).
    with mock.patch("comments.forms.time.time", return_value=1_800_000_000):
        first = client.get(post.get_absolute_url())
        again = client.get(post.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304


def test_pinned_posts_come_first_on_the_home_page_and_say_so(client):
    pinned = PostFactory(
        title="Angeheftet", pinned=True, published_at=timezone.now() - timedelta(days=30)
    )
    PostFactory(title="Ganz neu")

    html = content(client.get(reverse("blog:post-list")))

    assert html.index("Angeheftet</a>") < html.index("Ganz neu</a>")
    assert 'class="post-pinned">Oben angeheftet</p>' in html
    month = timezone.localtime(pinned.published_at)
    archive = content(
        client.get(reverse("blog:archive-month", kwargs={"year": month.year, "month": month.month}))
    )
    assert "post-pinned" not in archive


# Old addresses reaching Django as they were written (no nginx in front to merge slashes)


def raw_get(path: str, query: dict | None = None):
    """GET `path` through every middleware as gunicorn hands it to Django, "//" and all:
    the test client would read "//greek/" as a host named "greek".
    """
    from urllib.parse import unquote_to_bytes

    from django.test import RequestFactory
    from django.test.client import ClientHandler

    environ = RequestFactory().get("/", query or {}).environ
    environ["PATH_INFO"] = unquote_to_bytes(path).decode("iso-8859-1")  # as WSGI gives it
    return ClientHandler()(environ)


@pytest.mark.parametrize(
    "old", ["//greek/%ce%b5%cf%80%ce%af%cf%80%ce%b5%ce%b4%ce%bf-2/", "/greek//επίπεδο-2//"]
)
def test_an_old_address_with_doubled_slashes_redirects_like_the_single_one(old):
    from blog.models import Redirect

    page = PageFactory(slug="ebene-2")
    Redirect.objects.create(old_path="/greek/επίπεδο-2/", page=page)

    response = raw_get(old)

    assert response.status_code == 301
    assert response["Location"] == page.get_absolute_url() == "/p/ebene-2/"


def test_a_wordpress_short_link_with_doubled_slashes_redirects():
    from blog.models import Redirect

    post = PostFactory()
    Redirect.objects.create(old_path="/?p=12", post=post)

    response = raw_get("//", {"p": "12"})

    assert response.status_code == 301 and response["Location"] == post.get_absolute_url()


@pytest.mark.parametrize(
    "path",
    ["//evil.example/", "//evil.example//", "///evil.example/feed/", "/\\evil.example/", "//"],
)
def test_doubled_slashes_never_redirect_to_another_site(path):
    from blog.models import Redirect

    Redirect.objects.create(old_path="/evil.example/", post=PostFactory())

    response = raw_get(path)

    location = response.get("Location", "")
    assert not location.startswith(("//", "/\\")) and "://" not in location
    if response.status_code in (301, 302):
        assert location.startswith("/")
