"""The one place where HTML from authors and imports is made safe (bleach).

Everything rich that reaches the database passes through `clean_html`; templates may then
mark it safe. Nothing else in Tinte decides which tags, attributes and addresses (URLs) are
allowed: `allowed_url` is the one rule for links and pictures in bodies, comments, imports
and a commenter's website.
"""

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Collection
from html.parser import HTMLParser

import bleach
from bleach.css_sanitizer import CSSSanitizer
from bleach.linkifier import Linker
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ALLOWED_TAGS = frozenset(
    {
        # Text
        "p", "br", "hr", "span", "div", "strong", "b", "em", "i", "u", "s", "del", "ins",
        "mark", "small", "sub", "sup", "abbr", "cite", "q", "code", "kbd", "pre", "blockquote",
        # Structure
        "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
        # Links and media
        "a", "img", "figure", "figcaption", "picture", "source",
        # Tables
        "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col",
    }
)  # fmt: skip

ALLOWED_ATTRIBUTES = {
    "*": ["title", "lang", "dir", "class", "style"],
    "a": ["href", "title", "rel", "hreflang"],
    "img": ["src", "alt", "title", "width", "height", "loading", "srcset", "sizes"],
    "source": ["srcset", "sizes", "type", "media", "width", "height"],
    "abbr": ["title"],
    "blockquote": ["cite"],
    "q": ["cite"],
    "ol": ["start", "reversed", "type"],
    "td": ["colspan", "rowspan", "headers"],
    "th": ["colspan", "rowspan", "headers", "scope"],
    "col": ["span"],
    "colgroup": ["span"],
}

ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto", "tel"})
# A commenter's website is a web page, nothing else.
WEBSITE_SCHEMES = frozenset({"http", "https"})

# Attributes of ALLOWED_ATTRIBUTES whose value is an address, or a list of them (srcset:
# "a.jpg 480w, b.jpg 960w"). tests/blog/test_sanitize.py fails when an attribute that
# holds an address (poster, action, ...) is allowed without being named here.
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
URL_LIST_ATTRIBUTES = frozenset({"srcset"})


def _decoded(url: str) -> str:
    """`url` with every character reference decoded, however often it was encoded
    ("&amp;#106;" is "j"): stricter than a browser, which decodes once.
    """
    while (decoded := html.unescape(url)) != url:
        url = decoded
    return url


def _is_ignored(character: str) -> bool:
    # Browsers drop tabs and line breaks anywhere in an address, and control characters and
    # spaces around it; invisible characters (zero-width space, soft hyphen) hide a scheme
    # from a reader. All of them are left out before the scheme is read.
    return character.isspace() or unicodedata.category(character).startswith("C")


def _scheme(url: str) -> str | None:
    """The scheme at the start of `url` as a browser could read it ("javascript" for
    "&#106;ava&#9;script:"), or None when it has none: a relative path, "//host/...",
    "?query" or "#fragment".

    Whatever comes before the first ":" is the scheme, unless a "/", "?" or "#" comes first.
    Browsers also read no scheme in "%6Aavascript:" or "1:2" (a scheme starts with a letter
    and has no "%"): those count as schemes here, and are removed, which loses nothing.
    """
    compact = "".join(c for c in _decoded(url) if not _is_ignored(c))
    before, colon, _after = compact.partition(":")
    if not colon or any(c in before for c in "/?#"):
        return None
    return before.lower()


def allowed_url(
    url: str, *, schemes: Collection[str] = ALLOWED_PROTOCOLS, relative: bool = True
) -> bool:
    """May `url` stand in a link or a picture's source? An allow-list of how it starts:
    one of `schemes` (http:, https:, mailto:, tel:), or, when `relative`, no scheme at all
    (a path on this blog, "//host/...", "?query", "#fragment"). Everything else goes:
    javascript:, vbscript:, data:, file:, however it is spelled.

    "//host/..." is allowed: it is what "https://host/..." is on an HTTPS page, no more.
    """
    scheme = _scheme(url)
    return relative if scheme is None else scheme in schemes


def validate_website(value: str) -> None:
    """A commenter's website: an http:// or https:// address, nothing else."""
    if any(_is_ignored(c) for c in value) or not allowed_url(
        value, schemes=WEBSITE_SCHEMES, relative=False
    ):
        raise ValidationError(
            _("Enter a web address that starts with http:// or https://."),
            code="not_a_web_address",
        )


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    if name not in ALLOWED_ATTRIBUTES.get(tag, ()) and name not in ALLOWED_ATTRIBUTES["*"]:
        return False
    if name in URL_ATTRIBUTES:
        return allowed_url(value)
    if name in URL_LIST_ATTRIBUTES:
        # Every word is checked, the descriptors ("480w") too: they have no scheme.
        return all(allowed_url(word) for word in re.split(r"[\s,]+", _decoded(value)))
    return True


# Writers align text and float pictures; nothing else from inline styles survives.
CSS_SANITIZER = CSSSanitizer(
    allowed_css_properties=frozenset({"text-align", "float", "width", "height", "margin"})
)

# Elements whose content is code or foreign, not text: dropped whole, so that the source of
# a script does not turn up as words in a post. Safety does not rest on this pattern;
# bleach below removes every tag it does not allow, whatever this pattern misses.
_CODE_ELEMENTS = re.compile(
    r"<(script|style|template|noscript|iframe|object|embed|svg|math)\b.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)

_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=_allowed_attribute,
    # bleach checks its own idea of an address's protocol too; `allowed_url` decides.
    protocols=ALLOWED_PROTOCOLS,
    css_sanitizer=CSS_SANITIZER,
    strip=True,
    strip_comments=True,
)
# Always '"' around attribute values: with its "best" quote, bleach writes a value holding
# '"' in single quotes and escapes its "&" twice (alt='A &amp;amp; "B"').
_cleaner.serializer.use_best_quote_char = False


_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_MARKUP_CHARACTERS = frozenset("<>&\"'")


def _characters(value: str) -> str:
    """Entities as the characters they stand for ("&ouml;" as "ö"), except those that would
    turn into markup: stored text is then searched, summarised and compared as written.
    """

    def replace(match):
        character = html.unescape(match[0])
        return match[0] if character in _MARKUP_CHARACTERS else character

    return _ENTITY.sub(replace, value)


# What cleaning can leave behind: a picture (or a picture's source) whose address was
# unsafe, a link without one, an attribute emptied of every style.
_EMPTY_IMAGE = re.compile(r"<img\b(?![^>]*\ssrc=)[^>]*>")
_EMPTY_SOURCE = re.compile(r"<source\b(?![^>]*\ssrcset=)[^>]*>")
_LINK_WITHOUT_ADDRESS = re.compile(r"<a\b(?![^>]*\shref=)[^>]*>(.*?)</a>", re.DOTALL)
# Attributes that say nothing when empty (or are invalid so): an attribute emptied of every
# style, the empty title the editor's link dialog writes. An empty alt ("decorative") and an
# empty lang ("unknown language") do say something and stay. Only within a tag (the next
# angle bracket closes it): after bleach, text holds neither "<" nor ">", so the same letters
# in the text are left alone.
_EMPTY_ATTRIBUTE = re.compile(
    r"\s(?:title|class|style|rel|hreflang|dir|cite|width|height|sizes|srcset|loading|type|media"
    r'|headers|scope)=""(?=[^<>]*>)',
    re.IGNORECASE,
)
# A paragraph with nothing in it (not even a line break or a non-breaking space, which make a
# blank line on purpose) shows as nothing on a page: the editor writes one after a picture,
# Word pastes leave them. Kept, it would only come back into the editor as an empty line.
_EMPTY_PARAGRAPH = re.compile(r"<p\b[^>]*>[ \t\n\r\f]*</p>", re.IGNORECASE)


def _without_empty_parts(value: str) -> str:
    return _EMPTY_PARAGRAPH.sub("", _EMPTY_ATTRIBUTE.sub("", value))


# A picture alone in a paragraph (as Blogger and WordPress write them) becomes a figure,
# which the editor keeps; it has no place for a bare <img> and would drop it.
_PICTURE_PARAGRAPH = re.compile(r"<p>\s*(<img\b[^>]*>)\s*</p>")
# An <h1> is the page's own title: a heading in the text is one level below it.
_TOP_HEADING = re.compile(r"<(/?)h1\b", re.IGNORECASE)


def _tidy(value: str) -> str:
    value = _EMPTY_ATTRIBUTE.sub("", value)  # first: an emptied srcset leaves a bare source
    value = _EMPTY_SOURCE.sub("", _EMPTY_IMAGE.sub("", value))
    value = _PICTURE_PARAGRAPH.sub(r"<figure>\1</figure>", value)
    value = _LINK_WITHOUT_ADDRESS.sub(r"\1", value)
    return _EMPTY_PARAGRAPH.sub("", value)  # last: what went before may have emptied one


# html5lib (in bleach) finds each element's place among its siblings by a linear search,
# so a text of thousands of top-level blocks took time growing with their square (a 10 MB
# post: minutes) and a tree of all of them in memory. A long text is cleaned in pieces cut
# after an element that closes at the top level. Each piece comes out of bleach whole (every
# element closed, every attribute quoted, all text escaped), so the pieces join safely
# wherever the cut falls; a cut well placed changes nothing in what comes out.
_PIECE = 20_000  # characters, at least
_TAG = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9-]*)\b[^>]*?(/?)>", re.DOTALL)
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta"}
    | {"param", "source", "track", "wbr"}
)


def _pieces(value: str):
    if len(value) <= 2 * _PIECE:
        yield value
        return
    start = depth = 0
    for tag in _TAG.finditer(value):
        if not tag[2] or tag[3] or tag[2].lower() in _VOID:
            continue  # a comment, or an element without content
        depth = max(depth + (-1 if tag[1] else 1), 0)
        if depth == 0 and tag.end() - start >= _PIECE:
            yield value[start : tag.end()]
            start = tag.end()
    yield value[start:]


def clean_html(value: str) -> str:
    """Rich HTML for a post or page body with everything unsafe removed.

    Scripts, event handlers, `javascript:` and `data:` URLs, forms and embedded frames are
    dropped; the text inside stripped tags is kept so that nothing a writer wrote is lost.
    """
    if not value:
        return ""
    value = _TOP_HEADING.sub(r"<\1h2", _CODE_ELEMENTS.sub("", value))
    cleaned = "".join(_cleaner.clean(piece) for piece in _pieces(value))
    return _tidy(_characters(cleaned)).strip()


class _Inventory(HTMLParser):
    """Counts the elements and attributes of an HTML text."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.parts = Counter()
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.parts[f"<{tag}>"] += 1
        for name, value in attrs:
            if name in URL_ATTRIBUTES and value and (scheme := _scheme(value)):
                self.parts[f"{name}={scheme}:"] += 1
            else:
                self.parts[name] += 1

    handle_startendtag = handle_starttag


_STYLED_TAG = re.compile(r'<(\w+)([^>]*?)\sstyle="([^"]*)"([^>]*)>')
_CLASS = re.compile(r'\sclass="([^"]*)"')
_ALIGNMENT = re.compile(r"text-align:\s*(left|right|center|justify)")


def styles_as_classes(value: str) -> str:
    """Sanitised HTML for pages whose Content-Security-Policy allows no inline styles: a
    text alignment becomes a class (align-center), other inline styles go.
    """

    def replace(match):
        tag, before, style, after = match.groups()
        attributes = before + after
        alignment = _ALIGNMENT.search(style)
        if alignment:
            classes = " ".join([*_CLASS.findall(attributes), f"align-{alignment[1]}"])
            attributes = _CLASS.sub("", attributes) + f' class="{classes}"'
        return f"<{tag}{attributes}>"

    return _STYLED_TAG.sub(replace, value)


def pictures_without_description(value: str) -> int:
    """How many pictures in sanitised HTML have no (or an empty) alt text."""
    return sum(
        1
        for attributes in re.findall(r"<img\b([^>]*)>", value)
        if not re.search(r"""\salt=(?:"[^"\s][^"]*"|'[^'\s][^']*')""", attributes)
    )


def removed_parts(before: str, after: str) -> list[str]:
    """What cleaning took out of `before` to give `after`: elements ("<script>"), attributes
    ("onclick") and kinds of addresses ("href=javascript:"), for telling the author. Empty
    paragraphs and attributes are not worth telling: they said nothing.
    """
    before = _without_empty_parts(before)
    return sorted((_Inventory(before).parts - _Inventory(after).parts).keys())


def _nofollow_ugc(attrs, new=False):
    if not allowed_url(attrs.get((None, "href"), "")):
        return None  # bleach then leaves the text as text
    attrs[(None, "rel")] = "nofollow ugc noopener"
    return attrs


# Web addresses become links, by the same rule as in posts: a comment cannot link a
# "javascript:" or "data:" address (bleach's linkifier would link "data:example.com").
_comment_linker = Linker(callbacks=[_nofollow_ugc], skip_tags={"pre"}, parse_email=False)


def comment_html(text: str) -> str:
    """HTML for a comment written as plain text.

    Everything the commenter typed is escaped; blank lines make paragraphs, single line
    breaks stay line breaks, and web addresses become `rel="nofollow ugc"` links.
    """
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return "".join(
        "<p>{}</p>".format(_comment_linker.linkify(html.escape(paragraph)).replace("\n", "<br>"))
        for paragraph in paragraphs
        if paragraph.strip()
    )
