from django.utils.translation import gettext_lazy as _

from comments.moving import blogger
from comments.moving.command import ExportCommand


class Command(ExportCommand):
    help = _(
        "Write the blog as a Blogger export (the classic Atom format) for Blogger's importer: "
        "posts, pages, labels and the published comments."
    )
    write = staticmethod(blogger.write)
