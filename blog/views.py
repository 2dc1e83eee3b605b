from functools import wraps

from django.conf import settings
from django.contrib.auth.mixins import UserPassesTestMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import generic
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from blog import search
from blog.cache import remembered
from blog.models import Page, Post, label_counts, publication_years
from blog.text import in_german_order


def etag_only(view):
    """Conditional GET by the content's ETag alone, without Last-Modified.

    A feed or sitemap changes when a label is renamed, a post retitled or withdrawn, with
    no date that says so; a reader sending only If-Modified-Since would get a stale 304.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.headers.pop("Last-Modified", None)
        return response

    return wrapped


class PublishedPostsMixin:
    """What every reader page that lists posts shares: published posts, newest first."""

    date_field = "published_at"
    make_object_list = True
    allow_future = False
    month_format = "%m"
    filter_parameters = ()  # the query parameters that choose the posts

    def get_queryset(self):
        return Post.objects.published()

    def paginate_queryset(self, queryset, page_size):
        # Authors and labels only for the page's posts, not for the date views' look-ups
        # of the previous and next year or month.
        return super().paginate_queryset(queryset.for_lists(), page_size)

    def get_paginate_by(self, queryset):
        return settings.TINTE_POSTS_PER_PAGE

    def get_paginator(self, queryset, *args, **kwargs):
        # Counting a label's or the whole blog's posts reads all of them: once per change.
        paginator = super().get_paginator(queryset, *args, **kwargs)
        chosen = [self.request.GET.get(name, "") for name in self.filter_parameters]
        key = f"count:{self.request.path}?{chosen}"
        paginator.count = remembered(key, queryset.count)
        return paginator

    def get_context_data(self, **kwargs):
        return super().get_context_data(full_posts=settings.TINTE_FULL_POSTS_ON_LISTS, **kwargs)


class PostListView(PublishedPostsMixin, generic.ListView):
    """The home page: pinned posts first, then the newest."""

    def get_queryset(self):
        return super().get_queryset().order_by("-pinned", "-published_at", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(pinned_first=True, **kwargs)


class LabelPostListView(PublishedPostsMixin, generic.ListView):
    template_name = "blog/label_detail.html"

    def get_queryset(self):
        # A label that only drafts carry does not exist for readers. (Found among all, as
        # the sidebar has them: counting the posts of one large label reads them all.)
        labels = {label.slug: label for label in label_counts()}
        self.label = labels.get(self.kwargs["slug"])
        if self.label is None:
            raise Http404
        return super().get_queryset().filter(labels=self.label)

    def get_context_data(self, **kwargs):
        return super().get_context_data(label=self.label, **kwargs)


class LabelListView(generic.TemplateView):
    """Every label, for a blog with more than the sidebar shows."""

    template_name = "blog/label_list.html"

    def get_context_data(self, **kwargs):
        labels = in_german_order(label_counts())
        return super().get_context_data(labels=labels, **kwargs)


class PostYearArchiveView(PublishedPostsMixin, generic.YearArchiveView):
    pass


class PostMonthArchiveView(PublishedPostsMixin, generic.MonthArchiveView):
    pass


class CanonicalAddressMixin:
    """Redirect to the object's own address when it was reached by another one.

    A post is found by its slug, so a wrong year or month (a rescheduled post, a hand-typed
    link) leads to the right address; a preview of what is public by now leads to the page.
    """

    permanent_redirect = True

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        canonical = self.object.get_absolute_url()
        if request.path != canonical:
            return redirect(canonical, permanent=self.permanent_redirect)
        return self.render_to_response(self.get_context_data(object=self.object))


class SearchView(PublishedPostsMixin, generic.ListView):
    """Results for ?q=, best first, narrowed by ?label= and ?year=; never an error."""

    template_name = "blog/search.html"
    filter_parameters = ("q", "label", "year")

    def paginate_queryset(self, queryset, page_size):
        # A page number out of range or not a number shows the nearest page, not a 404.
        paginator = self.get_paginator(queryset.for_lists(), page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_queryset(self):
        self.query = search.parse(self.request.GET.get("q", ""))
        posts = super().get_queryset()
        if label := self.request.GET.get("label"):
            posts = posts.filter(labels__slug=label)
        year = self.request.GET.get("year", "")
        if year.isascii() and year.isdigit() and 1000 <= int(year) <= 9999:
            posts = posts.filter(published_at__year=int(year))
        return search.search(posts, self.query) if self.query else posts.none()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            query=self.query,
            labels=label_counts(),
            years=publication_years(),
            noindex=True,
            **kwargs,
        )
        for post in context["post_list"]:
            post.title_html = search.highlight(post.title, self.query)
            post.passage = search.passage(post, self.query)
        return context


class PostDetailView(CanonicalAddressMixin, generic.DetailView):
    def get_queryset(self):
        return (
            Post.objects.published()
            .select_related("author__author_profile")
            .prefetch_related("labels")
        )

    def get_context_data(self, **kwargs):
        # A draft or a scheduled post (in a preview) has no place between the others yet.
        if self.object.is_public:
            kwargs["previous_post"] = self.object.get_previous_public()
            kwargs["next_post"] = self.object.get_next_public()
        return super().get_context_data(**kwargs)


class PageDetailView(generic.DetailView):
    def get_queryset(self):
        return Page.objects.published()


class StaffPreviewMixin(UserPassesTestMixin):
    """Drafts and scheduled items, shown only to staff who may see them, never cached.

    Everybody else gets a 404, so nobody learns that a draft exists.
    """

    preview_permission = ""
    raise_exception = True

    def test_func(self):
        user = self.request.user
        return user.is_active and user.is_staff and user.has_perm(self.preview_permission)

    def handle_no_permission(self):
        raise Http404

    @method_decorator(never_cache)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_preview=True, **kwargs)


class PostPreviewView(StaffPreviewMixin, PostDetailView):
    preview_permission = "blog.view_post"
    permanent_redirect = False

    def get_queryset(self):
        return Post.objects.select_related("author__author_profile").prefetch_related("labels")


class PagePreviewView(StaffPreviewMixin, CanonicalAddressMixin, PageDetailView):
    preview_permission = "blog.view_page"
    permanent_redirect = False

    def get_queryset(self):
        return Page.objects.all()


@require_GET
def robots_txt(request):
    """Crawlers may read the blog, not the admin, previews or comment forms; here is the map."""
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        "Disallow: /preview/",
        f"Allow: {reverse('comments:feed')}",
        "Disallow: /comments/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap-index'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
