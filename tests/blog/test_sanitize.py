import pytest

from blog.sanitize import clean_html, pictures_without_description, removed_parts
from tests.factories import PageFactory, PostFactory


@pytest.mark.parametrize(
    "html",
    [
        "<h2>Zwischentitel</h2>",
        "<p><strong>fett</strong> und <em>kursiv</em></p>",
        '<p><a href="https://example.org/">ein Link</a></p>',
        "<ul><li>eins</li></ul>",
        "<ol><li>eins</li></ol>",
        "<blockquote><p>Zitat</p></blockquote>",
        '<figure><img src="/b.jpg" alt="Bild"><figcaption>Text</figcaption></figure>',
        "<pre><code>print(1)</code></pre>",
        "<table><tbody><tr><th>A</th><td>B</td></tr></tbody></table>",
    ],
)
def test_what_writers_need_is_kept(html):
    assert clean_html(html) == html


@pytest.mark.parametrize(
    ("html", "forbidden"),
    [
        ("<script>alert(1)</script><p>Text</p>", "<script"),
        ('<p onclick="alert(1)">Text</p>', "onclick"),
        ('<a href="javascript:alert(1)">Link</a>', "javascript:"),
        ('<img src="data:image/png;base64,AAAA" alt="x">', "data:"),
        ('<iframe src="https://example.org/"></iframe>', "<iframe"),
        ('<p style="position:fixed;top:0">Text</p>', "position"),
        ("<form><input name=q></form>", "<input"),
    ],
)
def test_what_is_unsafe_is_removed(html, forbidden):
    assert forbidden not in clean_html(html)


def test_safe_inline_styles_survive():
    assert clean_html('<p style="text-align: center;">Mitte</p>') == (
        '<p style="text-align: center;">Mitte</p>'
    )


@pytest.mark.django_db
def test_post_and_page_bodies_are_sanitised_on_save():
    post = PostFactory(body='<p onmouseover="steal()">Hallo</p><script>x()</script>')
    page = PageFactory(body='<a href="javascript:x()">Klick</a>')

    post.refresh_from_db()
    page.refresh_from_db()

    assert post.body == "<p>Hallo</p>"
    assert "javascript" not in page.body


def test_a_pasted_word_document_keeps_its_text_and_loses_its_office_markup():
    word = (
        '<p class="MsoNormal" style="mso-line-height-alt:12pt;font-family:Calibri">'
        '<span lang="DE" style="mso-bidi-font-weight:bold">Liebe Leserin,</span><o:p></o:p></p>'
        "<!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]-->"
    )

    cleaned = clean_html(word)

    assert "Liebe Leserin," in cleaned
    assert "mso-" not in cleaned and "o:p" not in cleaned and "WordDocument" not in cleaned


def test_the_author_is_told_what_was_removed():
    before = '<p onclick="x()">A <a href="javascript:x()">b</a></p><script>x()</script>'

    assert removed_parts(before, clean_html(before)) == [
        "<a>",
        "<script>",
        "href=javascript:",
        "onclick",
    ]
    assert removed_parts("<p>Gut</p>", clean_html("<p>Gut</p>")) == []


@pytest.mark.parametrize(
    ("html", "cleaned"),
    [
        ('<p><img src="data:image/png;base64,AAAA" alt="x">Text</p>', "<p>Text</p>"),
        ('<p><a href="javascript:alert(1)">böser Link</a></p>', "<p>böser Link</p>"),
        ('<p style="font-family:Calibri">Text</p>', "<p>Text</p>"),
    ],
)
def test_nothing_broken_is_left_where_something_unsafe_was(html, cleaned):
    assert clean_html(html) == cleaned


@pytest.mark.parametrize(
    ("html", "cleaned"),
    [
        ("<h1>Titel</h1><p>Text</p>", "<h2>Titel</h2><p>Text</p>"),
        ('<p><img src="/a.jpg" alt="A"></p>', '<figure><img src="/a.jpg" alt="A"></figure>'),
        (
            '<p>Vor <img src="/a.jpg" alt="A"> nach</p>',
            '<p>Vor <img src="/a.jpg" alt="A"> nach</p>',
        ),
    ],
)
def test_imported_markup_is_made_what_the_editor_keeps(html, cleaned):
    assert clean_html(html) == cleaned


def test_pictures_without_a_description_are_counted():
    assert (
        pictures_without_description('<img src="a" alt="A"><img src="b"><img src="c" alt="">') == 2
    )


@pytest.mark.django_db
def test_alignments_reach_the_page_as_classes_without_inline_styles(client):
    post = PostFactory(
        body='<p style="text-align: center;">Mitte</p><p style="width: 5em">B</p>'
        '<h2 class="x" style="text-align:right">C</h2>'
    )

    html = client.get(post.get_absolute_url()).content.decode()

    assert '<p class="align-center">Mitte</p>' in html
    assert "<p>B</p>" in html and '<h2 class="x align-right">C</h2>' in html
    assert 'style="' not in html.split('class="post-body"')[1]


def long_text(blocks: int) -> str:
    """Many top-level blocks, as a post of megabytes from an import has them."""
    parts = [
        "<p>Absatz {n} mit <a href='https://example.org/{n}'>Link</a> &amp; Ümlaut</p>\n",
        "<ul><li>eins {n}</li><li>zwei</li></ul>",
        "Text ohne Absatz {n}<br>\n<h3>Titel {n}</h3>",
        '<img src="https://example.org/{n}.jpg" alt="Bild {n}"><table><tr><td>{n}</td></tr>',
        "</table><blockquote><p>Zitat <em>{n}</em></p></blockquote><!-- {n} -->",
    ]
    return "".join(parts[n % len(parts)].format(n=n) for n in range(blocks))


def test_a_long_text_is_cleaned_in_pieces_to_the_same_result(monkeypatch):
    from blog import sanitize

    text = long_text(3000)
    whole = sanitize._tidy(sanitize._characters(sanitize._cleaner.clean(text))).strip()
    pieces = []
    clean = sanitize._cleaner.clean
    monkeypatch.setattr(
        sanitize._cleaner, "clean", lambda piece: pieces.append(piece) or clean(piece)
    )

    cleaned = clean_html(text)

    assert len(pieces) > 5 and max(map(len, pieces)) < 4 * sanitize._PIECE
    assert cleaned == whole


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)",  # never closed: the rest of its piece is its text
        '<p title="a > b" onclick="x()">',
        "<textarea></p><img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)"><div>',
        "<svg><p><style><img src=x onerror=alert(1)></style>",
    ],
)
def test_a_long_text_cut_anywhere_into_pieces_stays_safe(hostile):
    text = long_text(400) + hostile + long_text(400) + hostile + long_text(400)

    cleaned = clean_html(text)

    for forbidden in ("<script", "onclick", "onerror", "javascript:", "<textarea", "<svg"):
        assert forbidden not in cleaned


@pytest.mark.django_db
def test_a_body_is_not_cleaned_again_when_saved_as_it_was_cleaned(monkeypatch):
    from blog import sanitize
    from blog.models import SanitizedHTMLField

    calls = []
    clean = sanitize.clean_html
    monkeypatch.setattr(sanitize, "clean_html", lambda value: calls.append(value) or clean(value))
    stored = SanitizedHTMLField.as_stored("<p onclick='x()'>Hallo</p>")

    post = PostFactory(body=stored)
    post.body = post.body + "<script>x()</script>"  # a change is cleaned again
    post.save()

    assert len(calls) == 2 and post.body == "<p>Hallo</p>"
