from django.utils.translation import gettext_lazy as _

from comments.moving import wordpress
from comments.moving.command import ExportCommand


class Command(ExportCommand):
    help = _(
        "Write the blog as a WordPress export (WXR 1.2) for WordPress's importer: posts, "
        "pages, labels as tags, authors and the published comments."
    )
    write = staticmethod(wordpress.write)
