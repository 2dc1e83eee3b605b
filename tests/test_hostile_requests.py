"""Requests no browser sends: control characters in every part of them, too many fields, too
large a body, a login that asks to be sent off the site. Never a 5xx, on SQLite and
PostgreSQL alike; a German page that says what happened.

`DATABASE_URL=postgres://... pytest tests/test_hostile_requests.py` runs them on PostgreSQL,
which refuses a NUL byte in any text it compares (on SQLite most of these passed already).
"""

import html
import re
from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from blog.models import Post
from blog.redirects import SHORT_LINK_PARAMETERS
from comments.forms import form_token
from comments.models import Comment
from comments.templatetags.comments import PAGE_PARAMETER, REPLY_PARAMETER
from tests.factories import CommentFactory, PageFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

# Besides NUL, which is tried everywhere: C0 controls, DEL and C1 controls, by turns.
CONTROL_CHARACTERS = ["\x01", "\x08", "\t", "\n", "\r", "\x1b", "\x1f", "\x7f", "\x85", "\x9f"]


def without_exceptions(client: Client) -> Client:
    """A 500 is what the tests look for: let the client answer with it instead of raising."""
    client.raise_request_exception = False
    return client


SAMPLE_ID = 4242


@pytest.fixture
def blog(admin_user):
    """Something for every kind of address to find: "brot" is a post, a label and a page."""
    # One number for all three, so that a route's id finds its object whichever it names
    # (PostgreSQL's sequences do not start again for each test as SQLite's row ids do).
    post = PostFactory(
        pk=SAMPLE_ID,
        slug="brot",
        published_at=datetime(2015, 1, 10, 12, tzinfo=UTC),
        labels=["brot"],
    )
    PageFactory(pk=SAMPLE_ID, slug="brot")
    comment = CommentFactory(pk=SAMPLE_ID, post=post)
    return {"post": post, "comment": comment, "user": admin_user}


@pytest.fixture
def staff_client(admin_user) -> Client:
    client = Client()
    client.force_login(admin_user)
    return without_exceptions(client)


# Every address the blog answers, from its URL configuration


def _routes(patterns=None, prefix: str = ""):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, route)
        else:
            yield route


ROUTES = list(dict.fromkeys(_routes()))

# `<converter:name>` of a path() route, `(?P<name>regex)` of a re_path().
_PLACEHOLDER = re.compile(
    r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>|\(\?P<\w+>(?P<regex>[^)]*)\)"
)
# Routes that answer 404 to any value a test can make up: the admin's catch-all, and
# uploads (no file is there).
UNREACHABLE = ["admin/(?P<url>.*)$", "^media/(?P<path>.*)$"]


def address_parts(route: str, blog) -> list[str]:
    """The route's literal text and, between them, values its converters take: a valid
    address for each route, split where a reader's value goes. An unknown converter fails
    the test: tell it what a value of that converter looks like."""
    by_name = {
        "section": "posts",  # a sitemap
        "id": str(blog["user"].pk),  # a user
        "user_id": str(blog["user"].pk),  # a user's author profile
        "content_type_id": str(ContentType.objects.get_for_model(Post).pk),  # admin's "view"
    }
    by_converter = {
        "int": str(blog["post"].pk),
        "slug": "brot",
        "str": "brot",
        "path": str(blog["comment"].pk),
        "year": "2015",
        "month": "01",
    }
    parts, position = [], 0
    for match in _PLACEHOLDER.finditer(route):
        parts.append(route[position : match.start()])
        if match["regex"] is not None:  # a re_path(): the first of its choices, or anything
            regex = match["regex"]
            parts.append(regex.split("|")[0] if re.fullmatch(r"[\w|]+", regex) else "brot")
        else:
            name, converter = match["name"], match["converter"] or "str"
            parts.append(by_name.get(name) or by_converter[converter])
        position = match.end()
    parts.append(route[position:])
    return [part.replace("^", "").replace("$", "") for part in parts]


def addresses_with(character: str, route: str, blog) -> list[str]:
    """The route's address with `character` inside each value a reader chooses, inside its
    first word and at its end."""
    parts = address_parts(route, blog)
    variants = []
    for index, part in enumerate(parts):
        if index % 2 or (index == 0 and part):
            variants.append([*parts[:index], part[:1] + character + part[1:], *parts[index + 1 :]])
    variants.append([*parts, character])
    return [quote("/" + "".join(variant), safe="/") for variant in variants]


def test_every_route_is_reached_by_the_addresses_these_tests_build(blog, staff_client):
    """The sample values make real addresses: without a control character, no route is a 404
    because of them (so the 404s below are the rule's, not the samples')."""
    answers = {
        route: staff_client.get(quote("/" + "".join(address_parts(route, blog)), safe="/"))
        for route in ROUTES
    }

    assert [route for route, answer in answers.items() if answer.status_code >= 500] == []
    assert [route for route, answer in answers.items() if answer.status_code == 404] == (
        UNREACHABLE
    )


@pytest.mark.parametrize("route", ROUTES)
def test_a_control_character_anywhere_in_an_address_is_a_404_never_a_500(
    route, blog, staff_client, settings
):
    settings.TINTE_SERVE_MEDIA = True  # the media route reaches the file system then
    anonymous = without_exceptions(Client())
    # NUL as every visitor and with every method; the others by turns, one for each route.
    other = CONTROL_CHARACTERS[ROUTES.index(route) % len(CONTROL_CHARACTERS)]
    requests = [
        (anonymous, "get", "\x00"),
        (anonymous, "post", "\x00"),
        (staff_client, "get", "\x00"),
        (anonymous, "get", other),
    ]
    for client, method, character in requests:
        for address in addresses_with(character, route, blog):
            response = getattr(client, method)(address)

            assert response.status_code == 404, (method, address)
            assert "Seite nicht gefunden" in response.content.decode()
            assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", response.content.decode())


# Query parameters

# The pages that read query parameters, and two that read none.
READER_PAGES = [
    "/",
    "/2015/01/brot/",
    "/label/brot/",
    "/2015/01/",
    "/search/",
    "/feeds/label/brot/",
    "/search/label/brot",  # an old Blogger address (redirected)
    "/gibt-es-nicht/",
]
# What reader pages read, and a name nobody reads.
PARAMETERS = [
    "q",
    "label",
    "year",
    "page",
    PAGE_PARAMETER,
    REPLY_PARAMETER,
    *SHORT_LINK_PARAMETERS,
    "alt",
    "m",
    "utm_source",
    "fbclid",
    "unbekannt",
]


@pytest.mark.parametrize("page", READER_PAGES)
def test_a_control_character_in_a_query_parameter_is_read_as_a_space(page, blog):
    client = without_exceptions(Client())
    for number, name in enumerate(PARAMETERS):
        other = CONTROL_CHARACTERS[number % len(CONTROL_CHARACTERS)]
        for sent, read in (
            ({"q": "brot", name: f"br{other}ot"}, {"q": "brot", name: "br ot"}),
            ({name: "1\x00"}, {name: "1 "}),
            ({f"{name}\x00": "1"}, {f"{name} ": "1"}),
        ):
            response = client.get(page, sent)
            expected = client.get(page, read)

            assert response.status_code < 500, (page, sent)
            assert response.status_code == expected.status_code, (page, sent)
            assert response.get("Location") == expected.get("Location"), (page, sent)


def test_the_addresses_of_the_issue_are_answered_on_every_database(blog):
    client = without_exceptions(Client())

    searched = client.get("/search/?q=brot&label=br%00ot")

    assert searched.status_code == 200
    assert list(searched.context["post_list"]) == []  # "br ot" is no label
    assert list(client.get("/search/?q=brot&label=brot").context["post_list"]) == [blog["post"]]
    for address in (
        "/x%00/",
        "/2015/01/ti%00tel.html",
        "/search/label/Br%00ot",
        "/feeds/label/br%00ot/",
    ):
        assert client.get(address).status_code == 404


def test_a_tab_pasted_into_the_search_box_separates_words(blog):
    response = Client().get("/search/", {"q": "Post\tNummer"})

    assert list(response.context["post_list"]) == [blog["post"]]


def test_the_admin_search_box_reads_control_characters_as_spaces(staff_client):
    for name in ("a b", "c"):
        CommentFactory(name=name, status=Comment.Status.PENDING)

    response = staff_client.get(reverse("admin:comments_comment_changelist"), {"q": "a\x00b"})

    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_the_admin_login_refuses_a_nul_in_the_user_name_as_a_mistake(blog):
    client = without_exceptions(Client())

    response = client.post(reverse("admin:login"), {"username": "a\x00b", "password": "x"})

    assert response.status_code == 200
    assert "Nullzeichen sind nicht erlaubt." in response.content.decode()


# Cookies


@pytest.mark.parametrize("character", ["\\000", "\\001", "\\012"])
def test_a_cookie_with_a_control_character_is_ignored(blog, staff_client, character, admin_user):
    """Python's cookie parser turns "\\000" in a quoted value into a NUL: a session key that
    PostgreSQL would refuse to look up."""
    broken = f'{django_settings.SESSION_COOKIE_NAME}="{character}abcdefghijkl"'
    client = without_exceptions(Client())

    assert client.get(blog["post"].get_absolute_url(), HTTP_COOKIE=broken).status_code == 200
    assert client.get("/admin/", HTTP_COOKIE=broken).status_code == 302  # to the login
    # The other cookies of the same browser still count.
    session = staff_client.cookies[django_settings.SESSION_COOKIE_NAME].value
    both = f"{broken}; tinte_x=1; {django_settings.SESSION_COOKIE_NAME}={session}"
    assert client.get("/admin/", HTTP_COOKIE=both).status_code == 200


# The comment form


def send_comment(post, **fields):
    data = {
        "name": "Karla",
        "email": "karla@example.org",
        "website": "",
        "body": "Ein schöner Text!",
        "token": form_token(post),
        "homepage": "",
        **fields,
    }
    client = without_exceptions(Client())
    return client.post(reverse("comments:create", kwargs={"post_id": post.pk}), data)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "Kar\x00la", "Nullzeichen sind nicht erlaubt."),
        ("body", "Ein \x00Text", "Nullzeichen sind nicht erlaubt."),
        ("email", "karla\x00@example.org", "Nullzeichen sind nicht erlaubt."),
        ("website", "https://example.org/\x00", "Nullzeichen sind nicht erlaubt."),
        ("token", "a\x00b", "Nullzeichen sind nicht erlaubt."),
        ("parent", "1\x00", "Der Kommentar, auf den Sie antworten, ist nicht mehr vorhanden."),
    ],
)
def test_a_nul_in_a_comment_field_is_a_mistake_shown_in_german(
    blog, field, value, message, settings
):
    """Django's text fields refuse NUL before anything reads them."""
    settings.TINTE_COMMENT_MIN_SECONDS = 0

    response = send_comment(blog["post"], **{field: value})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Comment.objects.count() == 1  # the blog's own


def test_other_control_characters_in_a_comment_are_left_out_and_the_feeds_stay_valid(
    blog, settings
):
    settings.TINTE_COMMENT_MIN_SECONDS = 0
    typed = "Zeile\x0beins\r\nZeile\tzwei\x01\x1b[31m\x7f\x85"

    response = send_comment(blog["post"], name="Karla\x07 K.", body=typed)

    assert response.status_code == 302
    comment = Comment.objects.exclude(pk=blog["comment"].pk).get()
    assert comment.name == "Karla K."
    assert comment.body == "Zeileeins\nZeile\tzwei[31m"  # a line break is one character
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.APPROVED)
    for feed in (
        "/comments/feed/",
        "/comments/feed/rss/",
        f"/comments/feed/post/{blog['post'].pk}/",
    ):
        assert without_exceptions(Client()).get(feed).status_code == 200


# Too much at once (Django's limits) and the German 400 page


def test_the_400_page_is_german_and_needs_no_database(django_assert_num_queries):
    from django.template.loader import render_to_string

    with django_assert_num_queries(0):
        html = render_to_string("400.html")

    assert "<title>Ungültige Anfrage</title>" in html
    assert 'lang="de"' in html


def test_too_many_query_parameters_get_the_german_400_page(blog):
    fields = django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1
    query = "&".join(f"f{number}=1" for number in range(fields))

    response = without_exceptions(Client()).get(f"/?{query}")

    assert response.status_code == 400
    assert "Ungültige Anfrage" in response.content.decode()
    assert "Bad Request" not in response.content.decode()


def test_a_comment_form_with_too_many_fields_gets_the_german_400_page(blog):
    post = blog["post"]
    fields = "&".join(f"f{n}=1" for n in range(django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))

    response = without_exceptions(Client()).post(
        reverse("comments:create", kwargs={"post_id": post.pk}),
        f"name=Karla&token={form_token(post)}&{fields}",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400
    assert "Ungültige Anfrage" in response.content.decode()
    assert Comment.objects.count() == 1


def test_a_comment_form_larger_than_django_takes_gets_the_german_400_page(blog):
    post = blog["post"]
    body = "x" * (django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)

    response = without_exceptions(Client()).post(
        reverse("comments:create", kwargs={"post_id": post.pk}),
        f"name=Karla&email=karla@example.org&token={form_token(post)}&body={body}",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400
    assert "Ungültige Anfrage" in response.content.decode()
    assert Comment.objects.count() == 1


# The admin login


@pytest.mark.parametrize(
    "next_address", ["https://evil.example/", "//evil.example/", "/\\evil.example/", ""]
)
def test_the_admin_login_lands_on_the_admin_whatever_next_says(next_address):
    UserFactory(username="owner", is_staff=True, password="ein-gutes-passwort")
    client = Client()
    login = reverse("admin:login") + (f"?next={quote(next_address)}" if next_address else "")
    form = client.get(login).content.decode()
    sent_next = re.search(r'name="next" value="([^"]*)"', form)

    response = client.post(
        login,
        {
            "username": "owner",
            "password": "ein-gutes-passwort",
            "next": html.unescape(sent_next[1]) if sent_next else "",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.get(response["Location"]).status_code == 200
