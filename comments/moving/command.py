"""What the import commands share: the file, --dry-run, a progress bar, the summary."""

import io
import sys

from django.core.management import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from comments.moving.items import Export, ImportFailed
from comments.moving.load import Summary, load


class _Translated(BaseCommand):
    def create_parser(self, prog_name, subcommand, **kwargs):
        self.help = str(self.help)  # argparse cannot take a lazy translation
        return super().create_parser(prog_name, subcommand, **kwargs)


class ImportCommand(_Translated):
    def read(self, file) -> Export:
        """The export in `file`; ImportFailed when it cannot be read."""
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("the export file"))
        parser.add_argument(
            "--dry-run", action="store_true", help=_("show what would be imported; change nothing")
        )
        parser.add_argument(
            "--download-media",
            action="store_true",
            help=_("fetch the pictures from the old blog into the image library"),
        )

    def handle(self, *args, file, dry_run, download_media, **options):
        try:
            export = self.read(file)
            summary = load(
                export, dry_run=dry_run, download_media=download_media, progress=self.progress
            )
        except ImportFailed as error:
            raise CommandError(
                _("Nothing was imported. %(problem)s") % {"problem": error}
            ) from error
        if sys.stderr.isatty():
            self.stderr.write("", style_func=str)  # below the progress bar
        self.stdout.write(report(summary, file))

    def progress(self, done: int, total: int) -> None:
        """A bar on the terminal (not in a log): it is not an error, so not in red."""
        if total and sys.stderr.isatty():
            filled = 30 * done // total
            bar = "#" * filled + "." * (30 - filled)
            self.stderr.write(f"\r[{bar}] {done}/{total}", style_func=str, ending="")


def report(summary: Summary, file) -> str:
    def numbers(what: str) -> dict:
        return {key: summary.counts[what, key] for key in COUNTED}

    done = (
        _("Dry run of %(file)s: nothing was changed.")
        if summary.dry_run
        else _("Imported %(file)s.")
    )
    entries = _(
        "%(created)s new, %(updated)s updated, %(unchanged)s unchanged "
        "(%(published)s published, %(scheduled)s scheduled, %(draft)s drafts)"
    )
    redirects = numbers("redirects")
    lines = [
        done % {"file": file},
        _("Posts: %(numbers)s") % {"numbers": entries % numbers("posts")},
        _("Pages: %(numbers)s") % {"numbers": entries % numbers("pages")},
        _("Labels: %(created)s new, %(kept)s already there") % numbers("labels"),
        _(
            "Comments: %(approved)s approved, %(pending)s waiting, %(spam)s spam, "
            "%(trash)s in the trash (%(created)s new, %(updated)s updated)"
        )
        % numbers("comments"),
        _("Authors made: %(created)s") % numbers("authors"),
        _("Redirects from old addresses: %(count)s (%(created)s new)")
        % {"count": redirects["created"] + redirects["kept"], "created": redirects["created"]},
    ]
    if pictures := numbers("pictures")["created"]:
        lines.append(_("Pictures fetched: %(created)s") % {"created": pictures})
    if summary.picture_hosts:
        hosts = ",".join(sorted(summary.picture_hosts))
        lines.append(
            _(
                "Pictures are still shown from other sites. Browsers show them once "
                "TINTE_CSP_IMAGE_SOURCES=%(hosts)s is set, or import again with "
                "--download-media to keep them here."
            )
            % {"hosts": hosts}
        )
    if summary.skipped:
        left_out = (
            f"{count} × {_left_out(kind)}" for kind, count in sorted(summary.skipped.items())
        )
        lines.append(_("Left out: %(what)s") % {"what": ", ".join(left_out)})
    count = len(summary.warnings)
    lines.append(ngettext("%(count)s warning", "%(count)s warnings", count) % {"count": count})
    lines += [f"  - {warning}" for warning in summary.warnings]
    return "\n".join(lines)


COUNTED = ["created", "updated", "unchanged", "kept", "published", "scheduled", "draft"]
COUNTED += ["approved", "pending", "spam", "trash"]
# What the importers leave out, by the kind the export gives it.
LEFT_OUT = {
    "attachment": gettext_lazy("attachments"),
    "nav_menu_item": gettext_lazy("menu items"),
    "pingback": gettext_lazy("pingbacks"),
    "trackback": gettext_lazy("trackbacks"),
    "trash": gettext_lazy("posts in the trash"),
    "deleted": gettext_lazy("deleted posts"),
    "settings": gettext_lazy("settings"),
    "template": gettext_lazy("template"),
    "no post": gettext_lazy("comments without their post"),
    "page comments": gettext_lazy("comments on pages (Tinte's pages have none)"),
    "?": gettext_lazy("items without a post type"),
}


def _left_out(kind: str) -> str:
    """What `kind` in the summary's "Left out" line is, in words."""
    if kind.startswith("comments on:"):
        return _("comments on left-out items (%(what)s)") % {
            "what": _left_out(kind.removeprefix("comments on:"))
        }
    if kind in LEFT_OUT:
        return str(LEFT_OUT[kind])
    return _("items of the kind “%(kind)s”") % {"kind": kind}


class ExportCommand(_Translated):
    write = None

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output", help=_("the file to write (default: the standard output)")
        )

    def handle(self, *args, output, **options):
        if output:
            with open(output, "w", encoding="utf-8") as stream:
                self.write(stream)
        else:
            stream = io.StringIO()
            self.write(stream)
            self.stdout.write(stream.getvalue())
