"""Comments for the demo blog (`manage.py demo_content` first): a discussion, a reply by the
author, and one comment waiting in the moderation queue.

Like the demo posts, they go only into a blog without comments, so running it twice adds nothing.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand
from django.db import transaction

from blog.models import Post
from comments.models import Comment
from comments.services import comment_approve, comment_create, comment_reply_as_author

# (post slug, name, email, text, approved)
COMMENTS = [
    (
        "drei-buecher-fuer-lange-abende",
        "Martin",
        "martin@example.org",
        "Danke für die Tipps! „Ein ganzes Leben“ habe ich im Sommer gelesen und seitdem "
        "dreimal verschenkt.\n\nKennst du „Die Wand“ von Marlen Haushofer?",
        True,
    ),
    (
        "drei-buecher-fuer-lange-abende",
        "Sabine K.",
        "sabine@example.org",
        "Kairos liegt schon auf meinem Nachttisch. Jetzt muss ich wohl anfangen.",
        True,
    ),
    (
        "sauerteig-fuer-ungeduldige",
        "Bäckerlehrling",
        "lehrling@example.org",
        "Meiner riecht am vierten Tag nach Käse. Ist das noch normal?",
        True,
    ),
    (
        "ein-bild-vom-herbst",
        "Paul",
        "paul@example.org",
        "Schöne Farben! Wo genau war das? Ich suche noch einen Spaziergang für Sonntag.",
        False,
    ),
]

REPLY = (
    "drei-buecher-fuer-lange-abende",
    "Martin",
    "Ja! „Die Wand“ steht ganz oben auf meiner Liste für den Winter. Danke, Martin.",
)


class Command(BaseCommand):
    help = "Add demo comments to the demo posts, once; nothing if the blog has comments."

    @transaction.atomic
    def handle(self, *args, **options):
        posts = Post.objects.published().in_bulk({slug for slug, *_ in COMMENTS}, field_name="slug")
        if Comment.objects.exists() or not posts:
            self.stdout.write("Demo comments: the blog has comments already, nothing added.")
            return
        made = {}
        for slug, name, email, body, approved in COMMENTS:
            if slug not in posts:
                continue
            comment = comment_create(
                post=posts[slug], name=name, email=email, body=body, ip="192.0.2.1"
            )
            comment.created_at = posts[slug].published_at + timedelta(hours=len(made) + 2)
            comment.save(update_fields=["created_at"])
            if approved:
                comment_approve(comment=comment)
            made[name] = comment
        slug, to, body = REPLY
        author = get_user_model().objects.filter(posts__slug=slug).first()
        if to in made and author is not None:
            comment_reply_as_author(parent=made[to], user=author, body=body)
        self.stdout.write(self.style.SUCCESS(f"Demo comments: added {len(made) + 1} comments."))
