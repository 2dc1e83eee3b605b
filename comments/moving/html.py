"""Turning the HTML of other platforms into what Tinte stores."""

import html
import re

BLOCK = re.compile(
    r"\s*<(?:p|h[1-6]|ul|ol|li|blockquote|pre|table|div|figure|hr|dl|section|!--)[\s>/]", re.I
)


def paragraphs(text: str) -> str:
    """WordPress keeps posts without <p>: a blank line is a paragraph, a line break a <br>
    (its "autop", applied when a page is shown). Blocks that are already HTML stay.
    """
    chunks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return "\n".join(
        chunk if BLOCK.match(chunk) else "<p>" + chunk.strip().replace("\n", "<br>\n") + "</p>"
        for chunk in chunks
        if chunk.strip()
    )


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
    markup = re.sub(r"<br\s*/?>", "\n", markup, flags=re.I)
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
