"""The one place where HTML from authors and imports is made safe (bleach).

Everything rich that reaches the database passes through `clean_html`; templates may then
mark it safe. Nothing else in Tinte decides which tags and attributes are allowed.
"""

import html
import re
from collections import Counter
from html.parser import HTMLParser

import bleach
from bleach.css_sanitizer import CSSSanitizer
from bleach.linkifier import Linker

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
    attributes=ALLOWED_ATTRIBUTES,
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


# What cleaning can leave behind: a picture whose address was unsafe, a link without one,
# an attribute emptied of every style.
_EMPTY_IMAGE = re.compile(r"<img\b(?![^>]*\ssrc=)[^>]*>")
_LINK_WITHOUT_ADDRESS = re.compile(r"<a\b(?![^>]*\shref=)[^>]*>(.*?)</a>", re.DOTALL)
_EMPTY_STYLE = re.compile(r'\sstyle=""')


# A picture alone in a paragraph (as Blogger and WordPress write them) becomes a figure,
# which the editor keeps; it has no place for a bare <img> and would drop it.
_PICTURE_PARAGRAPH = re.compile(r"<p>\s*(<img\b[^>]*>)\s*</p>")
# An <h1> is the page's own title: a heading in the text is one level below it.
_TOP_HEADING = re.compile(r"<(/?)h1\b", re.IGNORECASE)


def _tidy(value: str) -> str:
    value = _EMPTY_IMAGE.sub("", value)
    value = _PICTURE_PARAGRAPH.sub(r"<figure>\1</figure>", value)
    value = _LINK_WITHOUT_ADDRESS.sub(r"\1", value)
    return _EMPTY_STYLE.sub("", value)


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
            if name in {"href", "src"} and value and ":" in value.split("/", 1)[0]:
                self.parts[f"{name}={value.split(':', 1)[0].strip().lower()}:"] += 1
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
    ("onclick") and kinds of addresses ("href=javascript:"), for telling the author.
    """
    return sorted((_Inventory(before).parts - _Inventory(after).parts).keys())


def _nofollow_ugc(attrs, new=False):
    attrs[(None, "rel")] = "nofollow ugc noopener"
    return attrs


# Only http(s) addresses become links; a comment cannot link a "javascript:" address.
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
