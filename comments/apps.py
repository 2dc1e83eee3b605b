import re

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The comment form's token, made anew (with the time) each time a page is rendered.
FORM_TOKEN = re.compile(rb'name="token" value="[^"]*"')


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from django.core import checks
        from django.db.models.signals import post_delete, post_save

        from blog import cache
        from comments.counters import sqlite_counts_atomically
        from comments.models import Comment, DiscussionSettings
        from comments.visitors import REMEMBER_COOKIE

        checks.register(sqlite_counts_atomically)
        # A comment shown, hidden or moved, or changed discussion settings, make every cached
        # page out of date. A new comment that waits (or is spam) changes no public page, so
        # a flood of them does not empty the cache.
        cache.personal_cookies.add(REMEMBER_COOKIE)
        cache.volatile_parts.append(FORM_TOKEN)

        def comment_saved(instance, created, update_fields, **kwargs):
            shown = instance.status == Comment.Status.APPROVED
            status_changed = not created and (update_fields is None or "status" in update_fields)
            if shown or status_changed:
                cache.changed()

        post_save.connect(comment_saved, sender=Comment, weak=False)
        post_delete.connect(cache.changed, sender=Comment, weak=False)
        post_save.connect(cache.changed, sender=DiscussionSettings, weak=False)
