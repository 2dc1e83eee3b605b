"""What an export of this blog writes out: every post and page, and the comments readers
see, in the shape both formats need.
"""

import re

from blog.models import Page, Post
from comments.models import Comment

OFFSET = 1_000_000_000  # pages' and comments' numbers, in formats where posts share them
# Characters XML 1.0 cannot carry (a Word line break, \x0b, in a title, say).
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value) -> str:
    return NOT_IN_XML.sub("", str(value))


def site_content():
    """Posts (oldest first, with author and labels), pages, and the shown comments of each
    post in the order they were written.
    """
    posts = (
        Post.objects.select_related("author__author_profile")
        .prefetch_related("labels")
        .order_by("pk")
    )
    comments = {}
    for comment in Comment.objects.shown().order_by("created_at", "pk"):
        comments.setdefault(comment.post_id, []).append(comment)
    return list(posts), list(Page.objects.order_by("position", "pk")), comments
