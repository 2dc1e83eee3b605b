from django.utils.translation import gettext_lazy as _

from comments.moving import blogger, xml
from comments.moving.command import ImportCommand


class Command(ImportCommand):
    help = _(
        "Import a Blogger backup (the classic Atom export or the newer one): posts, pages, "
        "labels, authors, comments, and redirects from the old addresses. Importing it again "
        "updates."
    )

    def read(self, file):
        return blogger.read(xml.read(file))
