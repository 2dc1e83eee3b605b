"""Turning the HTML of other platforms into what Tinte stores."""

import html
import re

# Elements that are blocks of their own: WordPress's "autop" leaves them, and what is in them,
# as they are.
BLOCKS = "p|h[1-6]|ul|ol|li|dl|dt|dd|blockquote|pre|table|thead|tbody|tfoot|tr|td|th|caption"
BLOCKS += "|div|figure|figcaption|hr|section|article|aside|address|details|summary|form|iframe"
BLOCK_TAG = re.compile(rf"<(/?)({BLOCKS})\b[^>]*?(/?)>", re.I)
TOKENS = re.compile(r"(<!--.*?-->|<[^>]+>)", re.S)


def paragraphs(text: str) -> str:
    """WordPress keeps posts without <p>: outside block elements, a blank line is a
    paragraph and a line break a <br> (its "autop", applied when a page is shown).
    """
    done, out, paragraph, depth = [], [], [], 0

    def end_paragraph():
        content = "".join(paragraph).strip()
        if content:
            for part in re.split(r"\n\s*\n", content):
                if part.strip():
                    out.append("<p>" + re.sub(r"\s*\n\s*", "<br>\n", part.strip()) + "</p>\n")
        paragraph.clear()

    for token in _tokens(text.replace("\r\n", "\n")):
        block = BLOCK_TAG.fullmatch(token)
        if block is None and depth == 0 and not token.startswith("<!--"):
            paragraph.append(token)  # text and inline elements
            continue
        if depth == 0:
            end_paragraph()
        out.append(token)
        if block is not None and not block[3] and block[2].lower() != "hr":
            depth = max(depth + (-1 if block[1] else 1), 0)
        if len(out) > 1000:  # a long post: not a string object per tag
            done.append("".join(out))
            out.clear()
    end_paragraph()
    return "".join(done + out).strip()


def _tokens(text: str):
    """TOKENS.split(text) one at a time: text, tag or comment, text, ... (a long post's
    list of them took more memory than the post).
    """
    position = 0
    for found in TOKENS.finditer(text):
        yield text[position : found.start()]
        yield found[0]
        position = found.end()
    yield text[position:]


CAPTION = re.compile(r"\[caption\b[^\]]*\](.*?)\[/caption\]", re.S | re.I)
PICTURE = re.compile(r"((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)", re.S | re.I)
EMBED = re.compile(r"\[embed\b[^\]]*\]\s*(https?://[^\s\[]+)\s*\[/embed\]", re.I)
# Made by WordPress from what an export does not carry (attachments, plugins): left out.
BUILT = re.compile(r"\[(/?)(gallery|playlist|audio|video|wpvideo)\b[^\]]*\]", re.I)


def shortcodes(text: str) -> tuple[str, list[str]]:
    """WordPress's shortcodes: [caption] becomes a figure, [embed] a link; [gallery] and
    its kind, which WordPress builds from attachments, are taken out and named.
    """

    def caption(found):
        picture = PICTURE.match(found[1].strip())
        if not picture:
            return found[1]
        return f"<figure>{picture[1]}<figcaption>{picture[2].strip()}</figcaption></figure>"

    text = CAPTION.sub(caption, text)
    text = EMBED.sub(r'<p><a href="\1">\1</a></p>', text)
    left_out = sorted({f"[{found[2].lower()}]" for found in BUILT.finditer(text) if not found[1]})
    return BUILT.sub("", text), left_out


def to_text(markup: str) -> str:
    """A comment written in HTML as the plain text Tinte's comments are: paragraphs as blank
    lines, line breaks kept, links as their address (they become links again when shown).
    """
    markup = re.sub(
        r"<a\s[^>]*href=[\"']([^\"']+)[\"'][^>]*>(.*?)</a>", _link, markup, flags=re.I | re.S
    )
    markup = re.sub(r"<(script|style)\b.*?</\1\s*>", "", markup, flags=re.I | re.S)
    markup = re.sub(r"<br\s*/?>|</(?:li|dt|dd|tr|h[1-6])\s*>", "\n", markup, flags=re.I)
    markup = re.sub(r"</t[dh]\s*>", " ", markup, flags=re.I)
    markup = re.sub(r"</p\s*>|</div\s*>|</blockquote\s*>", "\n\n", markup, flags=re.I)
    markup = re.sub(r"<[^>]+>", "", markup)
    text = html.unescape(markup).replace("\r\n", "\n")
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _link(found) -> str:
    address, label = found[1], re.sub(r"<[^>]+>", "", found[2]).strip()
    return address if label in ("", address) else f"{label} ({address})"


def images(markup: str) -> list[tuple[str, str]]:
    """The pictures a body shows: (address, description)."""
    found = []
    for tag in re.findall(r"<img\s[^>]*>", markup, flags=re.I):
        source = re.search(r"\ssrc=[\"']([^\"']+)[\"']", tag, flags=re.I)
        alt = re.search(r"\salt=[\"']([^\"']*)[\"']", tag, flags=re.I)
        if source:
            found.append((html.unescape(source[1]), html.unescape(alt[1]) if alt else ""))
    return found
