"""Moving in from Blogger and WordPress: everything comes along, twice is once, bad files
change nothing, and every old address still leads somewhere."""

import io
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from blog.models import Label, Page, Post, Redirect, Status
from blog.sanitize import comment_html
from comments.models import Comment
from tests.corpora import corpus
from tests.factories import CommentFactory, PageFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

FILES = Path(__file__).with_name("moving_files")


def run(command: str, path, *args) -> str:
    out = io.StringIO()
    call_command(command, str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def wxr_1_1(tmp_path) -> Path:
    """WXR 1.1 differs from 1.2 by its namespace: "http" and 1.1."""
    text = (FILES / "wordpress-1.2.xml").read_text()
    path = tmp_path / "wordpress-1.1.xml"
    path.write_text(
        text.replace("https://wordpress.org/export/1.2/", "http://wordpress.org/export/1.1/")
    )
    return path


@pytest.fixture(params=["1.0", "1.1", "1.2"])
def wordpress_file(request, tmp_path):
    return wxr_1_1(tmp_path) if request.param == "1.1" else FILES / f"wordpress-{request.param}.xml"


# WordPress


def test_wordpress_posts_pages_labels_and_statuses(wordpress_file):
    summary = run("import_wordpress", wordpress_file)

    tomatoes = Post.objects.get(slug="tomaten-im-topf")
    assert tomatoes.status == Status.PUBLISHED and tomatoes.is_public
    assert tomatoes.published_at.isoformat() == "2023-05-14T08:00:00+00:00"
    assert sorted(tomatoes.labels.names()) == ["Gemüse", "Tomaten"]  # not "Uncategorized"
    assert tomatoes.excerpt == "Wie Tomaten auf dem Balkon gedeihen."
    assert tomatoes.pinned  # "sticky" in WordPress
    # WordPress's paragraphs (blank lines) and line breaks, the script gone.
    assert "<p>Tomaten brauchen <strong>Sonne</strong>.</p>" in tomatoes.body
    assert "<p>Jeden Morgen gießen,<br>" in tomatoes.body and "<li>Topf</li>" in tomatoes.body
    assert "script" not in tomatoes.body and "alert" not in tomatoes.body
    author = tomatoes.author
    assert (author.username, author.first_name, author.last_name) in {
        ("gerda", "Gerda", "Grün"),  # WXR 1.1 and 1.2 list their authors
        ("gerda", "", ""),  # 1.0 names them only by login
    }
    assert not author.has_usable_password()
    for title in ("Beetplan", "Nur für mich", "Geheimtipp"):  # draft, private, password
        post = Post.objects.get(title=title)
        assert post.status == Status.DRAFT and not post.is_public, title
    assert Post.objects.get(title="Erntefest").is_scheduled
    assert not Post.objects.filter(title="Alter Kram").exists()  # in WordPress's trash
    assert Page.objects.get(slug="ueber-uns").body == "<p>Wir gärtnern seit 1990.</p>"
    assert Page.objects.get(slug="ueber-uns").in_navigation
    assert "Posts: 5 neu" in summary and "(1 veröffentlicht, 1 geplant, 3 Entwürfe)" in summary
    assert "1 × Pingbacks" in summary and "1 × Anhänge" in summary
    assert "„Nur für mich“ war privat" in summary and "entfernt: <script>" in summary


def test_wordpress_comments_keep_threads_statuses_and_authors(wordpress_file):
    run("import_wordpress", wordpress_file)

    post = Post.objects.get(slug="tomaten-im-topf")
    by_name = {comment.name: comment for comment in Comment.objects.filter(post=post)}
    assert set(by_name) == {"Hans", "Gerda Grün", "Casino", "Ida"}  # the pingback is left out
    hans, gerda = by_name["Hans"], by_name["Gerda Grün"]
    assert hans.status == "approved" and hans.body_html == "<p>Meine sind schon rot!</p>"
    assert hans.website == "https://hans.example.org" and hans.ip_address == "192.0.2.7"
    assert gerda.parent == hans and gerda.thread == hans
    # The author's own reply, known by her address (which WXR 1.0 does not give).
    assert gerda.is_author_reply == ("1.0" not in wordpress_file.name)
    assert by_name["Casino"].status == "spam" and by_name["Ida"].status == "pending"
    assert hans.created_at.isoformat() == "2023-05-14T10:00:00+00:00"


def test_wordpress_theme_unit_test_data_imports_whole_and_safe():
    path = corpus("wordpress-theme-unit-test/theme-unit-test-data.xml")

    summary = run("import_wordpress", path)

    assert Post.objects.count() == 58 and Page.objects.count() == 21
    assert not Post.objects.filter(body__icontains="<script").exists()
    assert not Page.objects.filter(body__icontains="<script").exists()
    assert (
        Post.objects.filter(title__contains="Τίτλος").exists()
        or Post.objects.filter(body__contains="Ελληνικά").exists()
        or Page.objects.filter(title__contains="Ελληνικά").exists()
    )
    # Its deepest thread (ten levels) keeps every reply, at most as deep as Tinte shows.
    assert Comment.objects.count() == 24
    assert max(Comment.objects.values_list("depth", flat=True)) == 1
    assert all(c.replied_to_id for c in Comment.objects.filter(depth__gt=0))
    assert "Posts: 58 neu" in summary


# Blogger


def test_blogger_classic_export():
    summary = run("import_blogger", FILES / "blogger-classic.xml")

    zopf = Post.objects.get(slug="hefezopf-wie-bei-oma")
    assert zopf.is_public and zopf.published_at.isoformat() == "2015-01-20T17:30:00+00:00"
    assert sorted(zopf.labels.names()) == ["Brot", "Süßes Gebäck"]
    assert "script" not in zopf.body and "<b>lange</b>" in zopf.body
    assert Post.objects.get(title="Noch nicht fertig").status == Status.DRAFT
    assert Post.objects.get(slug="maibrot").is_scheduled
    assert Page.objects.get(slug="impressum").is_public
    comments = {c.body.split()[0]: c for c in Comment.objects.filter(post=zopf)}
    question, answer, thanks = comments["Sieht"], comments["Type"], comments["Danke,"]
    assert question.body == "Sieht lecker aus!\nWelches Mehl nimmst du?"
    assert answer.parent == question and not question.is_author_reply
    assert answer.is_author_reply  # Blogger hides addresses: the owner known by her name
    assert "https://de.wikipedia.org/wiki/Mehltype" in answer.body_html
    assert thanks.replied_to == answer and thanks.thread == question  # two levels deep at most
    assert comments["This"].status == "trash"  # removed by its author: not shown
    assert "1 × Einstellungen, 1 × Vorlage" in summary


def test_blogger_newer_export():
    summary = run("import_blogger", FILES / "blogger-new.xml")

    alps = Post.objects.get(slug="uber-die-alpen")
    assert alps.is_public and sorted(alps.labels.names()) == ["Alpen", "Touren"]
    assert Post.objects.get(title="Packliste").status == Status.DRAFT
    assert not Post.objects.filter(title="Weg damit").exists()
    assert Page.objects.get(slug="uber-mich").title == "Über mich"
    statuses = dict(Comment.objects.values_list("name", "status"))
    assert statuses == {
        "Clara": "approved",
        "Bernd Rad": "approved",
        "Billige Uhren": "spam",
        "Dora": "trash",
    }
    assert Comment.objects.get(name="Bernd Rad").parent == Comment.objects.get(name="Clara")
    assert "1 × gelöschte Posts" in summary


# Both


@pytest.mark.parametrize(
    ("command", "name"),
    [("import_wordpress", "wordpress-1.2.xml"), ("import_blogger", "blogger-classic.xml")],
)
def test_importing_twice_adds_nothing_and_updates_what_changed(command, name, tmp_path):
    run(command, FILES / name)
    counts = (Post.objects.count(), Page.objects.count(), Comment.objects.count())
    counts += (Label.objects.count(), Redirect.objects.count())

    again = run(command, FILES / name)
    changed = tmp_path / name
    changed.write_text(
        (FILES / name)
        .read_text()
        .replace("Meine sind schon", "Meine sind längst")
        .replace("Der Teig muss", "Der Hefeteig muss")
    )
    run(command, changed)

    assert counts == (
        Post.objects.count(),
        Page.objects.count(),
        Comment.objects.count(),
        Label.objects.count(),
        Redirect.objects.count(),
    )
    assert "Posts: 0 neu, 0 aktualisiert" in again and "(0 neu, 0 aktualisiert)" in again
    assert (
        Comment.objects.filter(body__contains="längst").exists()
        or Post.objects.filter(body__contains="Hefeteig").exists()
    )


def test_dry_run_shows_the_summary_and_changes_nothing():
    summary = run("import_wordpress", FILES / "wordpress-1.2.xml", "--dry-run")

    assert "Nichts wurde geändert" in summary and "Posts: 5 neu" in summary
    assert not Post.objects.exists() and not Comment.objects.exists()
    assert not Redirect.objects.exists()


BROKEN = {
    "truncated": lambda text: text[: len(text) // 2],
    "not well-formed": lambda text: text.replace("</title>", "</titel>", 1),
    "billion laughs": lambda text: text.replace(
        '<?xml version="1.0" encoding="UTF-8" ?>',
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    ).replace("Gartenzeit</title>", "&b;</title>", 1),
    "external entity": lambda text: text.replace(
        '<?xml version="1.0" encoding="UTF-8" ?>',
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    ).replace("Gartenzeit</title>", "&x;</title>", 1),
}


@pytest.mark.parametrize("damage", BROKEN)
def test_a_broken_or_hostile_file_stops_with_a_clear_message_and_changes_nothing(damage, tmp_path):
    path = tmp_path / "export.xml"
    path.write_text(BROKEN[damage]((FILES / "wordpress-1.2.xml").read_text()))

    with pytest.raises(CommandError) as refused:
        run("import_wordpress", path)

    message = str(refused.value)
    assert message.startswith("Nichts wurde importiert.")
    if damage in ("truncated", "not well-formed"):
        assert "Zeile" in message and "Spalte" in message
    else:
        assert "Entit" in message
    assert not Post.objects.exists() and not Redirect.objects.exists()


@pytest.mark.parametrize(
    ("command", "name"),
    [("import_blogger", "wordpress-1.2.xml"), ("import_wordpress", "blogger-new.xml")],
)
def test_a_file_of_the_wrong_kind_is_refused(command, name):
    with pytest.raises(CommandError, match="Nichts wurde importiert"):
        run(command, FILES / name)

    assert not Post.objects.exists()


def test_a_file_that_is_not_there_is_refused_clearly():
    with pytest.raises(CommandError, match="kann nicht gelesen werden"):
        run("import_blogger", FILES / "gibt-es-nicht.xml")


# Old addresses


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/2015/01/hefezopf-wie-bei-oma.html", "hefezopf-wie-bei-oma"),
        ("/2015/01/hefezopf-wie-bei-oma.html?m=1", "hefezopf-wie-bei-oma"),
        ("/p/impressum.html", "/p/impressum/"),
        ("/search/label/Brot", "/label/brot/"),
        ("/search/label/S%C3%BC%C3%9Fes%20Geb%C3%A4ck?max-results=20", "/label/suesses-gebaeck/"),
        ("/feeds/posts/default", "/feeds/posts/"),
        ("/feeds/posts/default?alt=rss", "/feeds/posts/"),
        ("/feeds/posts/default/-/Brot", "/feeds/label/brot/"),
        ("/feeds/comments/default", "/comments/feed/"),
    ],
)
def test_old_blogger_addresses_redirect_permanently(client, old, new):
    run("import_blogger", FILES / "blogger-classic.xml")

    response = client.get(old)

    assert response.status_code == 301
    assert new in response["Location"]
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/2023/05/14/tomaten-im-topf/", "tomaten-im-topf"),
        ("/?p=10", "tomaten-im-topf"),
        ("/?page_id=20", "/p/ueber-uns/"),
        ("/ueber-uns/", "/p/ueber-uns/"),
        ("/category/gemuese/", "/label/gemuese/"),
        ("/tag/tomaten/", "/label/tomaten/"),
        ("/feed/", "/feeds/posts/"),
    ],
)
def test_old_wordpress_addresses_redirect_permanently(client, old, new):
    run("import_wordpress", FILES / "wordpress-1.2.xml")

    response = client.get(old)

    assert response.status_code == 301
    assert new in response["Location"]
    assert client.get(response["Location"]).status_code == 200


def test_unknown_addresses_stay_404_and_home_stays_home(client):
    run("import_wordpress", FILES / "wordpress-1.2.xml")

    assert client.get("/2023/05/14/gibt-es-nicht/").status_code == 404
    assert client.get("/?p=999").status_code == 200
    assert client.get("/search/label/Unbekannt").status_code == 404


# Moving out, and back in


def a_blog():
    """A blog with everything both formats can carry."""
    moment = datetime(2024, 3, 5, 17, 45, 12, tzinfo=UTC)
    author = UserFactory(
        username="johanna", first_name="Johanna", last_name="Winter", email="johanna@example.org"
    )
    post = PostFactory(
        title="Über das Backen",
        slug="ueber-das-backen",
        author=author,
        body='<h2>Teig</h2><p>Mehl, <a href="https://example.org/">Wasser</a> &amp; Salz.</p>',
        excerpt="Vom Teig.",
        published_at=moment,
        labels=["Brot", "Küche & Keller"],
        pinned=True,
    )
    PostFactory(title="Bald", slug="bald", author=author, scheduled=True, comments_allowed=False)
    PostFactory(title="Entwurf", slug="entwurf", author=author, draft=True)
    PageFactory(title="Impressum", slug="impressum", body="<p>Johanna Winter</p>", position=3)
    PageFactory(title="Geheim", slug="geheim", status=Status.DRAFT)
    first = CommentFactory(
        post=post,
        name="Bert",
        email="bert@example.org",
        website="https://bert.example.org/",
        body="Lecker!\n\nUnd <script> bleibt Text.",
        body_html=comment_html("Lecker!\n\nUnd <script> bleibt Text."),
        created_at=moment + timedelta(hours=1),
    )
    answer = CommentFactory(
        post=post,
        parent=first,
        replied_to=first,
        name="Johanna Winter",
        email="johanna@example.org",
        body="Danke, siehe https://example.org/rezept",
        body_html=comment_html("Danke, siehe https://example.org/rezept"),
        created_at=moment + timedelta(hours=2),
    )
    CommentFactory(
        post=post,
        parent=first,
        replied_to=answer,
        name="Carla",
        email="carla@example.org",
        created_at=moment + timedelta(hours=3),
    )
    CommentFactory(
        post=post, name="Wartet", status="pending", created_at=moment + timedelta(hours=4)
    )


def described(carries_excerpt_and_closing: bool, carries_position: bool) -> dict:
    def author(user):
        return (user.email, user.first_name, user.last_name)

    posts = {
        post.title: (
            post.slug,
            post.body,
            post.status,
            post.published_at.replace(microsecond=0) if post.published_at else None,
            sorted(post.labels.names()),
            author(post.author),
            post.excerpt if carries_excerpt_and_closing else "",
            post.comments_allowed or not carries_excerpt_and_closing,
            post.pinned and carries_excerpt_and_closing,
        )
        for post in Post.objects.all()
    }
    pages = {
        page.title: (page.slug, page.body, page.status, page.position if carries_position else 0)
        for page in Page.objects.all()
    }
    comments = {
        comment.name: (
            comment.post.title,
            comment.email,
            comment.website,
            comment.body,
            comment.created_at,
            comment.parent.name if comment.parent else None,
            comment.replied_to.name if comment.replied_to else None,
            comment.status,
        )
        for comment in Comment.objects.select_related("post", "parent", "replied_to")
    }
    return {"posts": posts, "pages": pages, "comments": comments}


@pytest.mark.parametrize(
    ("platform", "excerpt_and_closing", "position"),
    [("wordpress", True, True), ("blogger", False, False)],
)
def test_a_round_trip_loses_nothing_the_format_carries(
    platform, excerpt_and_closing, position, tmp_path
):
    a_blog()
    before = described(excerpt_and_closing, position)
    del before["comments"]["Wartet"]  # only the comments readers see move out
    path = tmp_path / "export.xml"
    call_command(f"export_{platform}", "-o", str(path))
    for model in (Comment, Post, Page, Label, Redirect):
        model.objects.all().delete()
    get_user_model().objects.all().delete()

    run(f"import_{platform}", path)

    assert described(excerpt_and_closing, position) == before


def test_the_blogger_export_is_valid_atom_that_feed_readers_read(tmp_path):
    from lxml import etree

    schema = etree.RelaxNG(etree.parse(str(corpus("atom-schema/atom.rng"))))
    a_blog()
    path = tmp_path / "blogger.xml"
    call_command("export_blogger", "-o", str(path))

    assert schema.validate(etree.parse(str(path))), schema.error_log
    kinds = [entry.tags[0].term.rsplit("#")[-1] for entry in feedparser.parse(str(path)).entries]
    assert sorted(kinds) == ["comment"] * 3 + ["page"] * 2 + ["post"] * 3


@pytest.fixture
def old_site(tmp_path):
    """The old blog's web server, on this machine: one picture, and nothing else."""
    import threading
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from PIL import Image as Picture

    Picture.new("RGB", (40, 30), "orange").save(tmp_path / "zopf.png")
    handler = partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_download_media_brings_the_pictures_into_the_library_once(old_site, tmp_path, settings):
    from blog.models import Image

    settings.MEDIA_ROOT = tmp_path / "media"
    text = (FILES / "blogger-classic.xml").read_text()
    path = tmp_path / "export.xml"
    path.write_text(
        text.replace("https://blogger.googleusercontent.com/img/zopf.jpg", f"{old_site}/zopf.png")
    )

    summary = run("import_blogger", path, "--download-media")
    run("import_blogger", path, "--download-media")

    image = Image.objects.get()
    assert (image.width, image.height, image.alt) == (40, 30, "Zopf")
    assert image.url in Post.objects.get(slug="hefezopf-wie-bei-oma").body
    assert "Bilder geholt: 1" in summary


def test_pictures_that_cannot_be_fetched_keep_their_address_and_the_import_completes(
    old_site, tmp_path
):
    text = (FILES / "blogger-classic.xml").read_text()
    path = tmp_path / "export.xml"
    path.write_text(
        text.replace("https://blogger.googleusercontent.com/img/zopf.jpg", f"{old_site}/weg.png")
    )

    summary = run("import_blogger", path, "--download-media")

    assert f"{old_site}/weg.png" in Post.objects.get(slug="hefezopf-wie-bei-oma").body
    assert "konnte nicht geholt werden" in summary
    assert Post.objects.count() == 3


def test_without_download_media_the_pictures_keep_their_old_addresses():
    run("import_blogger", FILES / "blogger-classic.xml")

    body = Post.objects.get(slug="hefezopf-wie-bei-oma").body
    assert "https://blogger.googleusercontent.com/img/zopf.jpg" in body


ODD_ITEM = """<item><title>{title}</title><link>https://alt.example/{slug}/</link>
<dc:creator>{author}</dc:creator><content:encoded><![CDATA[{body}]]></content:encoded>
<wp:post_id>{number}</wp:post_id><wp:post_date_gmt>2020-01-0{number} 08:00:00</wp:post_date_gmt>
<wp:post_name>{slug}</wp:post_name><wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type></item>"""


def test_odd_but_well_formed_items_import_each_with_a_warning(tmp_path):
    items = [
        {"title": "", "slug": "ohne-titel", "author": "gerda", "body": "<p>Text</p>"},
        {"title": "Leer", "slug": "leer", "author": "gerda", "body": ""},
        {"title": "Doppelt", "slug": "doppelt", "author": "gerda", "body": "<p>Eins</p>"},
        {"title": "Doppelt", "slug": "doppelt", "author": "gerda", "body": "<p>Zwei</p>"},
        {"title": "Fremd", "slug": "fremd", "author": "unbekannt", "body": "<p>Wer?</p>"},
        {
            "title": "Riesig",
            "slug": "riesig",
            "author": "gerda",
            "body": "<p>" + "Wort " * 220_000 + "</p>",
        },
    ]
    text = (FILES / "wordpress-1.2.xml").read_text()
    odd = "".join(ODD_ITEM.format(number=number, **item) for number, item in enumerate(items, 1))
    path = tmp_path / "odd.xml"
    path.write_text(text.split("<item>")[0] + odd + "</channel></rss>")

    summary = run("import_wordpress", path)

    assert Post.objects.count() == 6
    assert "kein Titel; importiert als „Ohne Titel“" in summary
    assert "„Leer“: der Text ist leer." in summary
    assert "die Adresse „doppelt“ ist vergeben; sie lautet jetzt „doppelt-2“" in summary
    assert "„Riesig“: der Text ist sehr lang" in summary
    assert Post.objects.get(title="Fremd").author.username == "unbekannt"
    assert len(Post.objects.get(title="Riesig").body) > 1_000_000


# What a trial found


@pytest.mark.parametrize(
    "command", ["import_wordpress", "import_blogger", "export_wordpress", "export_blogger"]
)
def test_every_command_explains_itself(command, capsys):
    from django.core.management import get_commands, load_command_class

    with pytest.raises(SystemExit):
        load_command_class(get_commands()[command], command).run_from_argv(
            ["manage.py", command, "--help"]
        )

    assert "usage:" in capsys.readouterr().out


def test_shortcodes_and_paragraphs_as_wordpress_shows_them(tmp_path):
    body = (
        "Erster Absatz.\n\n<p>Zweiter Absatz.</p>\n\n"
        '[caption id="attachment_1" align="alignnone" width="300"]'
        '<img src="https://alt.example/glocke.jpg" alt="Glocke" width="300" height="200"> '
        'Glocke am Hafen[/caption]\n\n[gallery columns="1"]\n\nDritter.'
    )
    text = (FILES / "wordpress-1.2.xml").read_text()
    odd = ODD_ITEM.format(
        number=1, title="Mit Shortcodes", slug="shortcodes", author="gerda", body=body
    )
    path = tmp_path / "codes.xml"
    path.write_text(text.split("<item>")[0] + odd + "</channel></rss>")

    summary = run("import_wordpress", path)

    stored = Post.objects.get(slug="shortcodes").body
    assert "<p>Erster Absatz.</p>" in stored and "<p>Zweiter Absatz.</p>" in stored
    assert "<figcaption>Glocke am Hafen</figcaption>" in stored and "[caption" not in stored
    assert "[gallery" not in stored and "<p>Dritter.</p>" in stored
    assert "[gallery]" in summary
    assert "TINTE_CSP_IMAGE_SOURCES=https://alt.example" in summary


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/category/gemuese/feed/", "/feeds/label/gemuese/"),
        ("/tag/tomaten/feed/", "/feeds/label/tomaten/"),
        ("/2023/05/14/tomaten-im-topf/feed/", "/comments/feed/post/"),
        ("/2023/05/14/tomaten-im-topf", "tomaten-im-topf"),
        ("/2023/05/14/", "/2023/05/"),
        ("/comments/feed/rss2/", "/comments/feed/"),
    ],
)
def test_more_old_wordpress_addresses_redirect(client, old, new):
    run("import_wordpress", FILES / "wordpress-1.2.xml")

    response = client.get(old)

    assert response.status_code == 301 and new in response["Location"]


def test_child_categories_and_addresses_in_other_scripts_redirect(client, tmp_path):
    text = (FILES / "wordpress-1.2.xml").read_text()
    text = (
        text.replace(
            "<wp:tag><wp:term_id>3</wp:term_id>",
            "<wp:category><wp:term_id>4</wp:term_id><wp:category_nicename>obst</wp:category_nicename>"
            "<wp:category_parent>gemuese</wp:category_parent><wp:cat_name>Obst</wp:cat_name>"
            "</wp:category><wp:tag><wp:term_id>3</wp:term_id>",
        )
        .replace(
            '<category domain="post_tag" nicename="tomaten">',
            '<category domain="category" nicename="obst"><![CDATA[Obst]]></category>'
            '<category domain="post_tag" nicename="tomaten">',
        )
        .replace(
            "https://gartenzeit.example/ueber-uns/", "https://gartenzeit.example/%C3%BCber-uns/"
        )
    )
    path = tmp_path / "export.xml"
    path.write_text(text)
    run("import_wordpress", path)

    assert client.get("/category/gemuese/obst/")["Location"] == "/label/obst/"
    assert client.get("/category/obst/")["Location"] == "/label/obst/"
    assert client.get("/%c3%bcber-uns/")["Location"] == "/p/ueber-uns/"
    assert client.get("/%C3%BCber-uns/")["Location"] == "/p/ueber-uns/"


def test_drafts_and_scheduled_posts_are_not_redirected_to(client):
    run("import_wordpress", FILES / "wordpress-1.2.xml")

    assert client.get("/?p=11").status_code == 200  # the draft: home, not its preview
    assert client.get("/2040/09/01/erntefest/").status_code == 404  # scheduled: not yet


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/search/label/S%C3%BC%C3%9Fes+Geb%C3%A4ck", "/label/suesses-gebaeck/"),
        ("/feeds/posts/default?alt=rss", "/feeds/posts/rss/"),
        ("/feeds/100/comments/default", "/comments/feed/post/"),
    ],
)
def test_more_old_blogger_addresses_redirect(client, old, new):
    run("import_blogger", FILES / "blogger-classic.xml")

    response = client.get(old)

    assert response.status_code == 301 and new in response["Location"]


def test_update_dates_authors_and_page_comments_come_along():
    summary = run("import_wordpress", FILES / "wordpress-1.2.xml")

    tomatoes = Post.objects.get(slug="tomaten-im-topf")
    assert tomatoes.updated_at.isoformat() == "2023-05-15T08:00:00+00:00"
    gerda = tomatoes.author
    assert gerda.is_staff and gerda.groups.filter(name="Autor").exists()
    assert not gerda.has_usable_password()
    assert "0 × " not in summary


def test_a_second_import_after_download_media_changes_nothing(old_site, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    text = (FILES / "blogger-classic.xml").read_text()
    path = tmp_path / "export.xml"
    path.write_text(
        text.replace("https://blogger.googleusercontent.com/img/zopf.jpg", f"{old_site}/zopf.png")
    )
    run("import_blogger", path, "--download-media")

    again = run("import_blogger", path, "--download-media")
    plain = run("import_blogger", path)

    for summary in (again, plain):
        assert "Posts: 0 neu, 0 aktualisiert, 3 unverändert" in summary
        assert "entfernt: src" not in summary and "TINTE_CSP_IMAGE_SOURCES" not in summary
    assert "/media/" in Post.objects.get(slug="hefezopf-wie-bei-oma").body


def test_parse_problems_read_in_german(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text((FILES / "wordpress-1.2.xml").read_text()[:500])

    with pytest.raises(
        CommandError, match="Zeile 13, Spalte 28: .* \\(ein Element ist nicht geschlossen\\)"
    ):
        run("import_wordpress", path)
    with pytest.raises(CommandError, match="ist ein Ordner"):
        run("import_wordpress", tmp_path)


# What a second trial found


def test_no_line_breaks_between_blocks_and_no_stray_markup_in_the_theme_unit_test():
    run("import_wordpress", corpus("wordpress-theme-unit-test/theme-unit-test-data.xml"))

    for body in [
        *Post.objects.values_list("body", flat=True),
        *Page.objects.values_list("body", flat=True),
    ]:
        assert not re.search(r"</(h[1-6]|li|ul|ol|dl|dt|dd|p|table|tr)>\s*<br>", body), body[:300]
        assert "<p>\n</p>" not in body and "[caption" not in body


def odd_file(tmp_path, item_xml: str, *, encoding: str = "UTF-8") -> Path:
    text = (FILES / "wordpress-1.2.xml").read_text()
    path = tmp_path / "odd.xml"
    path.write_text(
        text.split("<item>")[0].replace('encoding="UTF-8"', f'encoding="{encoding}"')
        + item_xml
        + "</channel></rss>"
    )
    return path


def test_nonsense_in_a_field_or_an_unknown_encoding_stops_cleanly_or_imports(tmp_path):
    page = ODD_ITEM.format(number=1, title="Seite", slug="seite", author="gerda", body="x")
    page = page.replace(
        "<wp:post_type>post", "<wp:menu_order>abc</wp:menu_order><wp:post_type>page"
    )
    run("import_wordpress", odd_file(tmp_path, page))
    assert Page.objects.get(slug="seite").position == 0

    with pytest.raises(CommandError, match="Nichts wurde importiert.*latin-9x"):
        run("import_wordpress", odd_file(tmp_path, page, encoding="latin-9x"))


def test_an_undated_post_and_comment_keep_the_date_of_their_first_import(tmp_path):
    post = ODD_ITEM.format(
        number=1, title="Ohne Datum", slug="ohne-datum", author="gerda", body="x"
    )
    post = post.replace("2020-01-01 08:00:00", "0000-00-00 00:00:00").replace(
        "</item>",
        "<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_author>Ida</wp:comment_author>"
        "<wp:comment_content>Hallo</wp:comment_content><wp:comment_approved>1</wp:comment_approved>"
        "</wp:comment></item>",
    )
    path = odd_file(tmp_path, post)
    run("import_wordpress", path)
    dated = Post.objects.get().published_at, Comment.objects.get().created_at

    again = run("import_wordpress", path)

    assert (Post.objects.get().published_at, Comment.objects.get().created_at) == dated
    assert "Posts: 0 neu, 0 aktualisiert" in again and "(0 neu, 0 aktualisiert)" in again


def test_labels_differing_in_case_are_one_and_a_label_only_on_drafts_is_not_redirected_to(
    client, tmp_path
):
    text = (
        (FILES / "wordpress-1.2.xml")
        .read_text()
        .replace(
            '<category domain="post_tag" nicename="tomaten"><![CDATA[Tomaten]]></category>',
            '<category domain="post_tag" nicename="tomaten"><![CDATA[Tomaten]]></category>'
            '<category domain="post_tag" nicename="gemuese-2"><![CDATA[gemüse]]></category>',
        )
        .replace(
            "<wp:post_password><![CDATA[kresse]]></wp:post_password>",
            '<wp:post_password><![CDATA[kresse]]></wp:post_password><category domain="post_tag" '
            'nicename="geheim"><![CDATA[Geheim]]></category>',
        )
    )
    path = tmp_path / "export.xml"
    path.write_text(text)
    run("import_wordpress", path)

    assert Label.objects.filter(name__iexact="gemüse").count() == 1
    assert client.get("/tag/geheim/").status_code == 404  # only on a draft


def test_exports_leave_out_characters_xml_cannot_carry(tmp_path):
    PostFactory(title="Zeile\x0bUmbruch", slug="umbruch")
    for platform in ("wordpress", "blogger"):
        path = tmp_path / f"{platform}.xml"
        call_command(f"export_{platform}", "-o", str(path))
        Post.objects.all().delete()
        run(f"import_{platform}", path)
        assert Post.objects.get().title == "ZeileUmbruch"


def test_pictures_from_plain_http_are_named_with_their_scheme_and_asked_for_once(tmp_path):
    body = '<p><img src="http://127.0.0.1:9/a.png" alt="A"></p>' * 2
    path = odd_file(
        tmp_path, ODD_ITEM.format(number=1, title="Bild", slug="bild", author="gerda", body=body)
    )

    summary = run("import_wordpress", path, "--download-media")

    assert "TINTE_CSP_IMAGE_SOURCES=http://127.0.0.1:9 " in summary
    assert summary.count("konnte nicht geholt werden") == 1


def test_the_wordpress_export_has_what_wordpress_importer_reads(tmp_path):
    """WordPress's importer (wordpress-importer, WXR_Parser_SimpleXML) refuses a file with a
    doctype, finds `wp:` among the document's own namespaces, wants /rss/channel/wp:wxr_version
    as N.N and base_site_url, maps authors by login, and takes these fields of each item."""
    from lxml import etree

    a_blog()
    path = tmp_path / "wordpress.xml"
    call_command("export_wordpress", "-o", str(path))
    document = etree.parse(str(path))
    ns = document.getroot().nsmap

    assert document.docinfo.doctype == "" and document.getroot().tag == "rss"
    assert ns["wp"] == "http://wordpress.org/export/1.2/" and "excerpt" in ns
    version = document.xpath("/rss/channel/wp:wxr_version/text()", namespaces=ns)
    assert re.fullmatch(r"\d+\.\d+", version[0])
    assert document.xpath("/rss/channel/wp:base_site_url/text()", namespaces=ns)
    logins = set(document.xpath("/rss/channel/wp:author/wp:author_login/text()", namespaces=ns))
    items = document.xpath("/rss/channel/item")
    assert len(items) == 5  # three posts, two pages
    for item in items:
        fields = {child.tag.split("}")[-1] for child in item.iterfind("wp:*", ns)}
        assert {
            "post_id",
            "post_date",
            "post_date_gmt",
            "post_name",
            "status",
            "post_type",
        } <= fields
        assert item.findtext("wp:status", namespaces=ns) in {"publish", "future", "draft"}
        if item.findtext("wp:post_type", namespaces=ns) == "post":
            assert item.findtext("dc:creator", namespaces=ns) in logins
            assert item.find("content:encoded", ns) is not None
    comments = document.xpath("//wp:comment", namespaces=ns)
    assert len(comments) == 3
    for comment in comments:
        assert comment.findtext("wp:comment_approved", namespaces=ns) == "1"
        assert comment.findtext("wp:comment_date_gmt", namespaces=ns)


IMPORTED_COMMENT = """<wp:comment><wp:comment_id>{number}</wp:comment_id>
<wp:comment_author>Leser {number}</wp:comment_author>
<wp:comment_author_email>leser{number}@example.org</wp:comment_author_email>
<wp:comment_author_url><![CDATA[{url}]]></wp:comment_author_url>
<wp:comment_date_gmt>2020-01-02 09:00:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[Siehe {url}]]></wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent>
</wp:comment>"""


def test_an_import_keeps_no_address_the_one_url_rule_refuses(tmp_path):
    hostile = ["javascript:123", "JAVASCRIPT:alert(1)", "data:example.org", "ftp://example.org/"]
    body = "".join(
        f'<p><a href="{url}">Link {number}</a><img src="{url}" alt="Bild"></p>'
        for number, url in enumerate(hostile)
    )
    item = ODD_ITEM.format(number=1, title="Links", slug="links", author="gerda", body=body)
    comments = "".join(
        IMPORTED_COMMENT.format(number=number, url=url) for number, url in enumerate(hostile, 1)
    )
    item = item.replace("</item>", comments + "</item>")

    summary = run("import_wordpress", odd_file(tmp_path, item))

    post = Post.objects.get(slug="links")
    assert post.body == "<p>Link 0</p><p>Link 1</p><p>Link 2</p><p>Link 3</p>"
    assert "href=javascript:" in summary
    assert Comment.objects.count() == len(hostile)
    for comment in Comment.objects.all():
        assert comment.website == ""
        assert "<a " not in comment.body_html


# What a newcomer's trial and hostile input found


def theme_unit_test() -> Path:
    return corpus("wordpress-theme-unit-test/theme-unit-test-data.xml")


def blog_files(tmp_path) -> list[tuple[str, Path]]:
    return [
        ("import_wordpress", FILES / "wordpress-1.0.xml"),
        ("import_wordpress", wxr_1_1(tmp_path)),
        ("import_wordpress", FILES / "wordpress-1.2.xml"),
        ("import_blogger", FILES / "blogger-classic.xml"),
        ("import_blogger", FILES / "blogger-new.xml"),
    ]


def label(name: str, *, kind: str = "post_tag", slug: str = "x") -> str:
    return f'<category domain="{kind}" nicename="{slug}"><![CDATA[{name}]]></category>'


def wp_comment(number: int, *, parent: int = 0, name: str = "", kind: str = "") -> str:
    return (
        f"<wp:comment><wp:comment_id>{number}</wp:comment_id>"
        f"<wp:comment_author>{name or f'Leser {number}'}</wp:comment_author>"
        f"<wp:comment_date_gmt>2023-06-{number:02d} 10:00:00</wp:comment_date_gmt>"
        f"<wp:comment_content>Kommentar {number}</wp:comment_content>"
        f"<wp:comment_approved>1</wp:comment_approved><wp:comment_type>{kind}</wp:comment_type>"
        f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
    )


def wp_item(number: int, *, kind: str | None = "post", status="publish", inside="") -> str:
    post_type = f"<wp:post_type>{kind}</wp:post_type>" if kind is not None else ""
    return (
        f"<item><title>Eintrag {number}</title><dc:creator>gerda</dc:creator>"
        f"<content:encoded><![CDATA[<p>Text {number}</p>]]></content:encoded>"
        f"<wp:post_id>{number}</wp:post_id>"
        f"<wp:post_date_gmt>2023-06-01 08:00:00</wp:post_date_gmt>"
        f"<wp:post_name>eintrag-{number}</wp:post_name><wp:status>{status}</wp:status>"
        f"{post_type}{inside}</item>"
    )


LABELS_IN_MANY_SPELLINGS = wp_item(
    1,
    inside=label("Gemüse", kind="category", slug="gemuese")
    + label("gemüse", slug="gemuese-2")
    + label("GEMÜSE", slug="gemuese-3")
    + label(" Tomaten ", slug="tomaten")
    + label("Tomaten", slug="tomaten")
    + label("Größe", slug="groesse")  # composed
    + label("Gro\u0308\u00dfe", slug="groesse-2")  # the same with a combining umlaut
    + label("Obst  und\tGemüse", slug="obst-und-gemuese")
    + label("Maße", slug="masse")  # not "Masse": another word
    + label("Masse", slug="masse-2")
    + label("   ", slug="leer"),
) + wp_item(2, inside=label("größe", slug="groesse") + label("obst und gemüse", slug="oug"))


@pytest.mark.parametrize(
    "which", ["fixtures", "theme unit test", "labels in many spellings", "a label already here"]
)
def test_a_second_import_of_any_file_finds_nothing_new_and_nothing_changed(which, tmp_path):
    if which == "fixtures":
        files = blog_files(tmp_path)
    elif which == "theme unit test":
        files = [("import_wordpress", theme_unit_test())]
    else:
        files = [("import_wordpress", odd_file(tmp_path, LABELS_IN_MANY_SPELLINGS))]
    if which == "a label already here":
        PostFactory(labels=["tomaten", "OBST UND GEMÜSE"])

    for command, path in files:
        run(command, path)
        counts = [model.objects.count() for model in (Post, Page, Comment, Label, Redirect)]

        again = run(command, path)

        assert [model.objects.count() for model in (Post, Page, Comment, Label, Redirect)] == (
            counts
        ), path.name
        for what in ("Posts", "Seiten", "Labels"):
            assert f"{what}: 0 neu" in again, (path.name, again)
        assert "0 neu, 0 aktualisiert" in again.split("Posts: ")[1], again
        assert "Seiten: 0 neu, 0 aktualisiert" in again, again
        assert "(0 neu, 0 aktualisiert)" in again, again


def test_labels_differing_only_in_case_spacing_or_composition_are_made_once(client, tmp_path):
    PostFactory(labels=["tomaten"])  # in the blog before the import, in another case
    path = odd_file(tmp_path, LABELS_IN_MANY_SPELLINGS)

    summary = run("import_wordpress", path)

    names = sorted(Label.objects.values_list("name", flat=True))
    assert names == ["Gemüse", "Größe", "Masse", "Maße", "Obst und Gemüse", "tomaten"]
    assert "Labels: 5 neu, 1 schon vorhanden" in summary  # made, not names in the file
    first, second = Post.objects.get(slug="eintrag-1"), Post.objects.get(slug="eintrag-2")
    assert len(first.labels.all()) == 6 and sorted(second.labels.names()) == [
        "Größe",
        "Obst und Gemüse",
    ]
    # Every old address of a spelling leads to its one label.
    for old in ("/tag/gemuese-2/", "/tag/gemuese-3/", "/category/gemuese/", "/tag/groesse-2/"):
        assert client.get(old).status_code == 301, old


def comment_count_in(path: Path) -> int:
    """Every comment the file holds, whatever its item."""
    from lxml import etree

    root = etree.parse(str(path)).getroot()
    if root.tag == "rss":
        return len(root.xpath("//*[local-name()='comment' and parent::item]"))
    kinds = root.xpath(
        "//*[local-name()='entry']/*[local-name()='category' or local-name()='type']"
    )
    return sum(
        1
        for kind in kinds
        if (kind.get("term") or "").endswith("#comment") or (kind.text or "") == "COMMENT"
    )


def comments_left_out(summary) -> int:
    return sum(
        count
        for kind, count in summary.skipped.items()
        if kind in ("pingback", "trackback", "no post", "page comments")
        or kind.startswith("comments on:")
    )


def test_every_comment_of_every_file_is_imported_or_counted_as_left_out(tmp_path):
    from comments.moving import blogger, wordpress, xml
    from comments.moving.load import load

    files = [*blog_files(tmp_path), ("import_wordpress", theme_unit_test())]
    files.append(("import_wordpress", odd_file(tmp_path, LEFT_OUT_ITEMS)))
    for command, path in files:
        if command == "import_wordpress":
            export = wordpress.read(str(path))
        else:
            export = blogger.read(xml.read(str(path)))
        before = Comment.objects.count()

        summary = load(export)

        imported = Comment.objects.count() - before
        assert imported + comments_left_out(summary) == comment_count_in(path), path.name
        Comment.objects.all().delete()


LEFT_OUT_ITEMS = (
    wp_item(1, inside=wp_comment(1) + wp_comment(2, parent=1))
    + wp_item(2, kind="attachment", inside=wp_comment(3) + wp_comment(4, parent=3))
    + wp_item(3, kind="attachment", inside=wp_comment(5, kind="pingback"))
    + wp_item(4, kind="nav_menu_item", inside=wp_comment(6))
    + wp_item(5, kind=None, inside=wp_comment(7))
    + wp_item(6, kind="product", inside=wp_comment(8) + wp_comment(9))
    + wp_item(7, status="trash", inside=wp_comment(10))
    + wp_item(8, kind="page", inside=wp_comment(11))
)


def test_comments_of_left_out_items_are_counted_with_the_reason(tmp_path):
    summary = run("import_wordpress", odd_file(tmp_path, LEFT_OUT_ITEMS))

    assert Comment.objects.count() == 2
    left_out = summary.split("Ausgelassen: ")[1].splitlines()[0].split(", ")
    assert sorted(left_out) == sorted(
        [
            "2 × Anhänge",
            "1 × Menüeinträge",
            "1 × Einträge ohne Inhaltstyp",
            "1 × Einträge vom Typ „product“",
            "1 × Posts im Papierkorb",
            "1 × Pingbacks",
            "2 × Kommentare zu ausgelassenen Einträgen (Anhänge)",
            "1 × Kommentare zu ausgelassenen Einträgen (Menüeinträge)",
            "1 × Kommentare zu ausgelassenen Einträgen (Einträge ohne Inhaltstyp)",
            "2 × Kommentare zu ausgelassenen Einträgen (Einträge vom Typ „product“)",
            "1 × Kommentare zu ausgelassenen Einträgen (Posts im Papierkorb)",
            "1 × Kommentare zu Seiten (Seiten haben bei Tinte keine)",
        ]
    )


def test_the_comments_of_a_deleted_blogger_post_are_counted_with_it(tmp_path):
    text = (FILES / "blogger-new.xml").read_text()
    on_deleted = (
        "<entry><id>tag:blogger.com,1999:blog-2222.post-700</id>"
        "<blogger:type>COMMENT</blogger:type><blogger:status>LIVE</blogger:status>"
        "<author><name>Olga</name></author><content type='html'>Schade!</content>"
        "<blogger:parent>tag:blogger.com,1999:blog-2222.post-502</blogger:parent></entry>"
    )
    path = tmp_path / "blogger.xml"
    path.write_text(text.replace("</feed>", on_deleted + "</feed>"))

    summary = run("import_blogger", path)

    assert not Comment.objects.filter(name="Olga").exists()
    assert "1 × Kommentare zu ausgelassenen Einträgen (gelöschte Posts)" in summary


def test_replies_in_a_circle_become_comments_of_their_own_with_a_warning_each(tmp_path):
    comments = [
        wp_comment(1, parent=2, name="Anna"),  # Anna and Bert answer each other
        wp_comment(2, parent=1, name="Bert"),
        wp_comment(3, parent=5, name="Cem"),  # a longer circle
        wp_comment(4, parent=3, name="Dana"),
        wp_comment(5, parent=4, name="Emil"),
        wp_comment(6, parent=6, name="Fritz"),  # answers itself
        wp_comment(7, parent=99, name="Gabi"),  # answers a comment not in the file
        wp_comment(8, parent=1, name="Hanna"),  # answers one in a circle
        wp_comment(9, parent=8, name="Ines"),
    ]
    path = odd_file(tmp_path, wp_item(1, inside="".join(comments)))

    summary = run("import_wordpress", path)

    by_name = {comment.name: comment for comment in Comment.objects.all()}
    assert len(by_name) == 9
    for name in ("Anna", "Bert", "Cem", "Dana", "Emil", "Fritz", "Gabi"):
        assert by_name[name].parent is None and by_name[name].thread == by_name[name], name
    assert by_name["Hanna"].parent == by_name["Anna"]
    assert by_name["Ines"].replied_to == by_name["Hanna"]
    circled = re.findall(r"die Antwort von (\w+) vom \d+\. Juni 2023 antwortet auf sich", summary)
    assert sorted(circled) == ["Anna", "Bert", "Cem", "Dana", "Emil", "Fritz"]
    assert "„Eintrag 1“: die Antwort von Gabi vom 7. Juni 2023 antwortet auf einen" in summary
    assert "7 Warnungen" in summary

    again = run("import_wordpress", path)
    assert "(0 neu, 0 aktualisiert)" in again


def test_each_body_is_sanitised_once_per_import(tmp_path, monkeypatch):
    from blog import sanitize

    cleaned = []
    clean = sanitize.clean_html
    monkeypatch.setattr(sanitize, "clean_html", lambda value: cleaned.append(value) or clean(value))
    path = odd_file(tmp_path, wp_item(1) + wp_item(2, kind="page"))

    run("import_wordpress", path)
    first = len(cleaned)
    again = run("import_wordpress", path)

    assert first == 2 and len(cleaned) - first == 2  # a post and a page, each once
    assert "Posts: 0 neu, 0 aktualisiert, 1 unverändert" in again


def test_a_very_long_post_still_comes_with_its_warning(tmp_path):
    from tests.bench.imports import large_body

    body = large_body(1.2)
    path = odd_file(tmp_path, wp_item(1).replace("<p>Text 1</p>", body))

    summary = run("import_wordpress", path)

    assert "„Eintrag 1“: der Text ist sehr lang" in summary
    stored = Post.objects.get().body
    assert stored.count("<li>") == body.count("<li>") and "<!--" not in stored


def test_a_wordpress_link_written_with_a_doubled_slash_redirects_without_nginx():
    from tests.blog.test_views import raw_get

    run("import_wordpress", theme_unit_test())
    level_2 = "/greek/%ce%b5%cf%80%ce%af%cf%80%ce%b5%ce%b4%ce%bf-2/"  # the file's "//greek/…"

    for old in (level_2, "/" + level_2):
        response = raw_get(old)
        assert response.status_code == 301, old
        assert (
            response["Location"]
            == Page.objects.get(title__contains="Second Greek").get_absolute_url()
        )
