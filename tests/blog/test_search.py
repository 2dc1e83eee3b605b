"""Search: the same behaviour on PostgreSQL (German configuration) and SQLite (FTS5)."""

import pytest
from django.urls import reverse

from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def blog():
    return {
        "auftrag": PostFactory(title="Ein neuer Auftrag", body="<p>Der Kunde war froh.</p>"),
        "groesse": PostFactory(title="Über Größe", body="<p>Maße und Straßen.</p>"),
        "abende": PostFactory(title="Bücher", body="<p>Für lange Abende am Kamin.</p>"),
        "brot": PostFactory(title="Brot backen", body="<p>Sauerteig und lange Geduld.</p>"),
        "kuchen": PostFactory(title="Kuchen", body="<p>Mit Äpfel und Zimt.</p>"),
        "entwurf": PostFactory(title="Geheimer Auftrag", body="<p>Auftrag</p>", draft=True),
        "geplant": PostFactory(title="Später Auftrag", body="<p>Auftrag</p>", scheduled=True),
    }


def found(client, **params) -> list[str]:
    response = client.get(reverse("blog:search"), params)
    assert response.status_code == 200
    return [post.title for post in response.context["post_list"]]


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("Aufträge", "Ein neuer Auftrag"),
        ("auftraege", "Ein neuer Auftrag"),
        ("Größe", "Über Größe"),
        ("groesse", "Über Größe"),
        ("Strasse", "Über Größe"),
        ("Buch", "Bücher"),
        ("Kamine", "Bücher"),
        ("Äpfel", "Kuchen"),
    ],
)
def test_german_words_are_found_in_their_other_forms(client, blog, query, title):
    assert found(client, q=query) == [title]


def test_phrases_in_quotes_must_stand_together(client, blog):
    assert found(client, q='"lange Abende"') == ["Bücher"]
    assert found(client, q='"Abende lange"') == []


def test_minus_leaves_words_out(client, blog):
    assert set(found(client, q="lange")) == {"Bücher", "Brot backen"}
    assert found(client, q="lange -Sauerteig") == ["Bücher"]


def test_or_finds_either(client, blog):
    assert set(found(client, q="Kuchen OR Brot")) == {"Kuchen", "Brot backen"}


def test_all_words_are_required_without_or(client, blog):
    assert found(client, q="Kuchen Brot") == []


def test_drafts_and_scheduled_posts_are_never_found(client, blog):
    assert found(client, q="Auftrag") == ["Ein neuer Auftrag"]


def test_title_matches_rank_first(client, blog):
    PostFactory(title="Notizen", body="<p>Nebenbei ein Wort über Brot.</p>")

    assert found(client, q="Brot")[0] == "Brot backen"


def test_search_words_are_highlighted_in_the_passage(client, blog):
    response = client.get(reverse("blog:search"), {"q": "Sauerteig"})

    html = response.content.decode()
    assert "<mark>Sauerteig</mark>" in html
    assert "1 Post gefunden" in html


def test_filters_by_label_and_year(client):
    now = PostFactory(title="Brot heute", labels=["Küche"])
    PostFactory(title="Brot anders", labels=["Reisen"])

    assert found(client, q="Brot", label="kueche") == ["Brot heute"]
    year = now.published_at.year
    assert set(found(client, q="Brot", year=year)) == {"Brot heute", "Brot anders"}
    assert found(client, q="Brot", year=year - 5) == []
    assert len(found(client, q="Brot", year="abc")) == 2


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "!!! ??? ...",
        "x" * 10_000,
        "'; DROP TABLE blog_post; --",
        "<script>alert(1)</script>",
        '"',
        '""',
        "-",
        "OR",
        "OR OR -",
        "-nur_ausgeschlossen",
        "a" * 300 + " OR",
        "NEAR(a b) * ^ ( ) : {}",
    ],
)
def test_absurd_queries_give_a_friendly_page(client, blog, query):
    response = client.get(reverse("blog:search"), {"q": query})

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_results_are_paginated_and_keep_the_query(client, settings):
    settings.TINTE_POSTS_PER_PAGE = 2
    PostFactory.create_batch(3, body="<p>Brot</p>")

    html = client.get(reverse("blog:search"), {"q": "Brot"}).content.decode()

    assert "?q=Brot&amp;page=2" in html
    assert "Weitere Treffer" in html
    assert "Ältere Posts" not in html


def test_search_pages_are_noindex(client):
    html = client.get(reverse("blog:search"), {"q": "Brot"}).content.decode()

    assert '<meta name="robots" content="noindex, nofollow">' in html


def test_every_page_has_a_search_box(client, blog):
    html = client.get(reverse("blog:post-list")).content.decode()

    assert f'action="{reverse("blog:search")}"' in html
    assert 'role="search"' in html


def test_editing_a_post_updates_the_index(client, blog):
    post = blog["kuchen"]
    post.body = "<p>Mit Pflaumen.</p>"
    post.save()

    assert found(client, q="Pflaume") == ["Kuchen"]
    assert found(client, q="Zimt") == []


def test_deleted_posts_are_not_found(client, blog):
    blog["kuchen"].delete()

    assert found(client, q="Kuchen") == []


@pytest.mark.parametrize("size", [3, 30])
def test_search_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, size):
    PostFactory.create_batch(size, body="<p>Brot und Butter</p>", labels=["Küche"])

    # count, posts, their labels, the filters' labels and years, and the navigation,
    # archive and label widgets
    with django_assert_num_queries(8):
        client.get(reverse("blog:search"), {"q": "Brot"})


@pytest.mark.parametrize("year", ["0", "1", "10000", "99999999999", "²", "-1", "2026.5"])
def test_absurd_years_are_ignored(client, blog, year):
    response = client.get(reverse("blog:search"), {"q": "Auftrag", "year": year})

    assert response.status_code == 200
    assert [post.title for post in response.context["post_list"]] == ["Ein neuer Auftrag"]


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("OR Kuchen", {"Kuchen"}),
        ("Kuchen or Brot", {"Kuchen", "Brot backen"}),
        ("Bu\u0308cher", {"Bücher"}),  # "ü" as u and a combining diaeresis
        ("Kuchen\x00", {"Kuchen"}),
        ("Kuchen " * 100, {"Kuchen"}),
    ],
)
def test_queries_as_people_type_or_paste_them(client, blog, query, titles):
    assert set(found(client, q=query)) == titles


def test_list_items_and_paragraphs_do_not_run_together(client):
    PostFactory(title="Liste", body="<ul><li>Mehl</li><li>Wasser</li></ul><p>Salz</p>")

    assert found(client, q="Wasser") == ["Liste"]
    html = client.get(reverse("blog:search"), {"q": "Wasser"}).content.decode()
    assert "Mehl <mark>Wasser</mark> Salz" in html


def test_common_words_are_ignored_alike_on_both_databases(client, blog):
    # "Für" and "am" are stopwords: PostgreSQL's German configuration drops them, and so
    # does the SQLite index, so a phrase and an exclusion mean the same on both.
    assert found(client, q='"Für lange Abende am Kamin"') == ["Bücher"]
    assert set(found(client, q="lange -für")) == {"Bücher", "Brot backen"}
    assert found(client, q="lange -Kamin") == ["Brot backen"]


def test_a_query_of_only_common_words_says_so(client, blog):
    response = client.get(reverse("blog:search"), {"q": "der die das"})

    assert response.status_code == 200
    assert list(response.context["post_list"]) == []
    assert "zu häufig" in response.content.decode()


def test_labels_are_searched(client, blog):
    blog["kuchen"].labels.add("Backstube")

    assert found(client, q="Backstube") == ["Kuchen"]

    blog["kuchen"].labels.remove("Backstube")
    assert found(client, q="Backstube") == []


def test_a_change_of_labels_keeps_the_text_and_title_found(client, blog):
    blog["kuchen"].labels.add("Backstube", "Ofen")
    blog["kuchen"].labels.remove("Ofen")

    assert found(client, q="Zimt Backstube Kuchen") == ["Kuchen"]
    assert found(client, q="Ofen") == []


def test_renaming_a_label_updates_the_index(client, blog):
    blog["brot"].labels.add("Backstube")
    label = blog["brot"].labels.get()
    label.name = "Sauerteigküche"
    label.save()

    assert found(client, q="Sauerteigküche") == ["Brot backen"]
    assert found(client, q="Backstube") == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("der die das", "zu häufig"),
        ("-Kuchen", "nicht nur, was wegfallen soll"),
        ("!!!", "Geben Sie ein oder mehrere Wörter ein"),
        ("😀", "Geben Sie ein oder mehrere Wörter ein"),
    ],
)
def test_a_query_without_searchable_words_says_why(client, blog, query, message):
    html = client.get(reverse("blog:search"), {"q": query}).content.decode()

    assert message in html


@pytest.mark.parametrize("page", ["2", "abc", "999"])
def test_a_results_page_out_of_range_shows_the_nearest_page(client, blog, page):
    response = client.get(reverse("blog:search"), {"q": "Kuchen", "page": page})

    assert response.status_code == 200
    assert [post.title for post in response.context["post_list"]] == ["Kuchen"]


@pytest.mark.parametrize(
    ("body", "query"),
    [
        ("<p>Gr&ouml;&szlig;enwahn und Stra&szlig;enfest</p>", "Größenwahn"),
        ("<p>Gr&ouml;&szlig;enwahn und Stra&szlig;enfest</p>", "Strassenfest"),
        ("<p>Gebaut mit node.js und Python 3.11.</p>", "node"),
        ("<p>Gebaut mit node.js und Python 3.11.</p>", '"node.js"'),
        ("<p>Schreiben Sie an chef@example.org</p>", "chef"),
        ("<p>Das Rezept: https://example.org/brotrezept</p>", "brotrezept"),
        ("<p>Silben&shy;trennung</p>", "Silbentrennung"),
    ],
)
def test_words_are_found_as_readers_see_them(client, body, query):
    PostFactory(title="Fundstück", body=body)

    assert found(client, q=query) == ["Fundstück"]


def test_a_stray_underscore_changes_nothing(client, blog):
    assert found(client, q="Kuchen _") == ["Kuchen"]


def test_the_count_names_the_search_in_german_quotes_once(client, blog):
    def count(query: str) -> str:
        html = client.get(reverse("blog:search"), {"q": query}).content.decode()
        return html.split('<p class="search-count" role="status">')[1].split("</p>")[0]

    assert count("Bücher") == "1 Post gefunden für „Bücher“."
    assert count("lange") == "2 Posts gefunden für „lange“."
    assert count('"lange Abende"') == "1 Post gefunden für „lange Abende“."
    # A phrase among other words: German inner quotation marks, never two pairs of the same.
    assert count('Bücher "lange Abende"') == "1 Post gefunden für „Bücher ‚lange Abende‘“."
