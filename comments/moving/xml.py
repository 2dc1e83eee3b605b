"""Reading export files safely: no DTD entities (no billion laughs), nothing external (no
file disclosure, no network), and a message naming the line of the first problem.
"""

import errno
from collections.abc import Iterator
from contextlib import contextmanager
from xml.etree.ElementTree import Element, ParseError  # nosec B405

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse as defused_iterparse
from defusedxml.ElementTree import parse as defused_parse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comments.moving.items import ImportFailed

# What expat and the file system say, in the reader's language (others stay as they are).
PROBLEMS = {
    "no element found": gettext_lazy("the file ends too early"),
    "mismatched tag": gettext_lazy("an end tag does not match its start"),
    "not well-formed (invalid token)": gettext_lazy("a character that does not belong there"),
    "unclosed token": gettext_lazy("an element is not closed"),
    "junk after document element": gettext_lazy("more text after the end of the document"),
    "undefined entity": gettext_lazy("an unknown entity"),
    "syntax error": gettext_lazy("a syntax error"),
    "unbound prefix": gettext_lazy("a namespace prefix that is not declared"),
    "duplicate attribute": gettext_lazy("an attribute given twice"),
    "XML or text declaration not at start of entity": gettext_lazy(
        "the XML declaration is not at the very start"
    ),
    "encoding specified in XML declaration is incorrect": gettext_lazy(
        "the declared encoding is wrong"
    ),
}
FILE_PROBLEMS = {
    errno.ENOENT: gettext_lazy("there is no such file"),
    errno.EISDIR: gettext_lazy("it is a folder"),
    errno.EACCES: gettext_lazy("it may not be read"),
}


def read(path) -> Element:
    """The whole file as a tree."""
    with _problems(path):
        tree = defused_parse(path, forbid_dtd=False, forbid_entities=True, forbid_external=True)
        return tree.getroot()


def events(path) -> Iterator[tuple[str, Element]]:
    """The file read piece by piece, as ("start", element) and ("end", element): a reader
    that lets go of what it has read never holds a large file whole.
    """
    with _problems(path):
        yield from defused_iterparse(
            path,
            events=("start", "end"),
            forbid_dtd=False,
            forbid_entities=True,
            forbid_external=True,
        )


@contextmanager
def _problems(path):
    """What goes wrong reading `path`, as an ImportFailed in the reader's language."""
    try:
        yield
    except ParseError as error:
        line, column = error.position
        problem = str(error).split(":")[0]
        raise ImportFailed(
            _(
                "%(file)s, line %(line)s, column %(column)s: the file is not well-formed XML "
                "(%(problem)s)."
            )
            % {
                "file": path,
                "line": line,
                "column": column,
                "problem": PROBLEMS.get(problem, problem),
            }
        ) from error
    except DefusedXmlException as error:
        name = getattr(error, "name", None) or getattr(error, "system_id", None) or ""
        raise ImportFailed(
            _(
                "%(file)s declares its own entities or refers to other files (%(name)s): "
                "Tinte does not read those, for safety."
            )
            % {"file": path, "name": name}
        ) from error
    except (LookupError, ValueError) as error:  # an encoding Python does not know
        raise ImportFailed(
            _("%(file)s cannot be read: %(problem)s") % {"file": path, "problem": error}
        ) from error
    except OSError as error:
        raise ImportFailed(
            _("%(file)s cannot be read: %(problem)s")
            % {"file": path, "problem": FILE_PROBLEMS.get(error.errno, error.strerror)}
        ) from error


def text(element: Element | None, path: str = "", namespaces=None) -> str:
    """The text of `element` (or of its child at `path`), stripped; "" when absent."""
    if element is not None and path:
        element = element.find(path, namespaces)
    return (element.text or "").strip() if element is not None else ""
