from django.conf import settings
from django.core.management import BaseCommand

from comments.services import comments_housekeeping


class Command(BaseCommand):
    help = (
        "Empty spam and trash older than TINTE_COMMENT_PURGE_DAYS, anonymise the IP "
        "addresses of comments older than TINTE_COMMENT_IP_DAYS (and forget the counts of "
        "the rate limit and the form tokens that are done with). Run it daily (cron, a timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--purge-days", type=int, default=settings.TINTE_COMMENT_PURGE_DAYS)
        parser.add_argument("--ip-days", type=int, default=settings.TINTE_COMMENT_IP_DAYS)

    def handle(self, *args, purge_days, ip_days, **options):
        purged, anonymised, forgotten = comments_housekeeping(
            purge_days=purge_days, ip_days=ip_days
        )
        self.stdout.write(
            f"Deleted {purged} comments from spam and trash; anonymised {anonymised} IP "
            f"addresses; forgot {forgotten} counts of the rate limit and form tokens."
        )
