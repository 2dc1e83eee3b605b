"""sitemap.xml: an index with sections for posts, labels and pages (Django's sitemaps)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from blog.models import Label, Page, Post


class PostSitemap(Sitemap):
    def items(self):
        return (
            Post.objects.published()
            .order_by("-published_at", "-pk")
            .only("slug", "status", "published_at", "updated_at")
        )

    def lastmod(self, post: Post):
        return max(post.updated_at, post.published_at)


class LabelSitemap(Sitemap):
    def items(self):
        return Label.objects.with_published_post_counts()


class PageSitemap(Sitemap):
    """The home page and the author's pages."""

    def items(self):
        return [None, *Page.objects.published()]

    def location(self, page: Page | None) -> str:
        return page.get_absolute_url() if page else reverse("blog:post-list")

    def lastmod(self, page: Page | None):
        return page.updated_at if page else None


SITEMAPS = {"posts": PostSitemap, "labels": LabelSitemap, "pages": PageSitemap}
