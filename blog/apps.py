from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = _("Blog")

    def ready(self):
        # Keep SQLite's full-text index in step with the posts (a trigger does it on
        # PostgreSQL). Index upkeep, not a business rule, so a signal is the place.
        from django.db.models.signals import post_delete, post_save

        from blog import search
        from blog.models import Post

        post_save.connect(
            lambda instance, **kw: search.index_post(instance),
            sender=Post,
            weak=False,
            dispatch_uid="blog.search.index",
        )
        post_delete.connect(lambda instance, **kw: search.unindex_post(instance.pk), sender=Post,
                            weak=False, dispatch_uid="blog.search.unindex")  # fmt: skip
