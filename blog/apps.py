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
        from blog.models import AuthorProfile, Label, LabelledPost, Page, Post, Redirect

        post_save.connect(
            lambda instance, **kw: search.index_post(instance),
            sender=Post,
            weak=False,
            dispatch_uid="blog.search.index",
        )
        post_delete.connect(lambda instance, **kw: search.unindex_post(instance.pk), sender=Post,
                            weak=False, dispatch_uid="blog.search.unindex")  # fmt: skip

        # Labels are searched too: a post's labels changing, or a label's name, changes it.
        def label_of_post_changed(instance, **kwargs):
            search.labels_changed([instance.content_object_id])

        def label_saved(instance, created, **kwargs):
            if not created:
                search.labels_changed(instance.labelled_posts.values("content_object_id"))

        for signal in (post_save, post_delete):
            signal.connect(label_of_post_changed, sender=LabelledPost, weak=False)
        post_save.connect(label_saved, sender=Label, weak=False)

        # Anything readers see changing makes every cached page out of date (blog.cache).
        # (Of a user, readers see only the AuthorProfile.)
        from blog import cache

        for model in (Post, Page, Label, LabelledPost, Redirect, AuthorProfile):
            for signal in (post_save, post_delete):
                signal.connect(cache.changed, sender=model, weak=False)

        # What works on a laptop but not on a public site: `check --deploy`, `make serve`.
        from blog import checks  # noqa: F401 (registering them is all an import does)
