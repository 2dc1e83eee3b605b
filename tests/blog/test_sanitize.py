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


@pytest.mark.parametrize(
    ("html", "cleaned"),
    [
        # What the editor leaves after a picture or a link dialog left empty.
        (
            '<p>Vor <a href="https://example.org/" title="">dem Link</a></p>'
            '<figure><img src="/a.jpg" alt="A"></figure><p></p>',
            '<p>Vor <a href="https://example.org/">dem Link</a></p>'
            '<figure><img src="/a.jpg" alt="A"></figure>',
        ),
        ('<p></p><p class="" style="">Text</p><p>\n</p>', "<p>Text</p>"),
        ('<p>A</p><p style="text-align: center;"></p><p>B</p>', "<p>A</p><p>B</p>"),
        (
            '<p class=""><img src="/a.jpg" alt="A" title=""></p>',
            '<figure><img src="/a.jpg" alt="A"></figure>',
        ),
        ('<p><img src="data:image/png;base64,AAAA" alt="x"></p><p>B</p>', "<p>B</p>"),
        ("<p><o:p></o:p></p><p>Text</p>", "<p>Text</p>"),
    ],
)
def test_empty_paragraphs_and_empty_titles_are_not_kept(html, cleaned):
    assert clean_html(html) == cleaned


@pytest.mark.parametrize(
    "html",
    [
        # A blank line an import or the author made on purpose shows on the page: it stays.
        "<p>A</p><p>\u00a0</p><p>B</p>",
        "<p>A</p><p><br></p><p>B</p>",
        '<p>Schreiben Sie title="" in den Text</p>',
        '<p><abbr title="Zum Beispiel">z. B.</abbr></p>',
        '<img src="/a.jpg" alt="">',
    ],
)
def test_what_shows_or_means_something_is_kept(html):
    assert clean_html(html) == html


def test_the_author_is_not_told_of_empty_paragraphs_and_titles_as_removed():
    before = '<p style="text-align: center;"></p><p><a href="/a" title="">a</a></p><p></p>'

    assert removed_parts(before, clean_html(before)) == []
