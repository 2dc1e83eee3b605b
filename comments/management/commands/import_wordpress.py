from django.utils.translation import gettext_lazy as _

from comments.moving import wordpress
from comments.moving.command import ImportCommand


class Command(ImportCommand):
    help = _(
        "Import a WordPress export (WXR): posts, pages, categories and tags as labels, authors, "
        "comments, and redirects from the old addresses. Importing it again updates."
    )

    def read(self, file):
        return wordpress.read(file)
