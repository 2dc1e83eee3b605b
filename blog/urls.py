from django.urls import path, register_converter

from blog import feeds, views


class YearConverter:
    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{value:04d}"


class MonthConverter(YearConverter):
    regex = "[0-9]{2}"

    def to_url(self, value: int) -> str:
        return f"{value:02d}"


register_converter(YearConverter, "year")
register_converter(MonthConverter, "month")

app_name = "blog"
urlpatterns = [
    path("", views.PostListView.as_view(), name="post-list"),
    path("<year:year>/", views.PostYearArchiveView.as_view(), name="archive-year"),
    path("<year:year>/<month:month>/", views.PostMonthArchiveView.as_view(), name="archive-month"),
    path(
        "<year:year>/<month:month>/<slug:slug>/",
        views.PostDetailView.as_view(),
        name="post-detail",
    ),
    path("search/", views.SearchView.as_view(), name="search"),
    path("label/", views.LabelListView.as_view(), name="label-list"),
    path("label/<slug:slug>/", views.LabelPostListView.as_view(), name="label-detail"),
    path("p/<slug:slug>/", views.PageDetailView.as_view(), name="page-detail"),
    path("feeds/posts/", views.etag_only(feeds.PostFeed()), name="feed"),
    path("feeds/posts/rss/", views.etag_only(feeds.PostRssFeed()), name="feed-rss"),
    path("feeds/label/<slug:slug>/", views.etag_only(feeds.LabelFeed()), name="label-feed"),
    path(
        "feeds/label/<slug:slug>/rss/", views.etag_only(feeds.LabelRssFeed()), name="label-feed-rss"
    ),
    path("preview/post/<int:pk>/", views.PostPreviewView.as_view(), name="post-preview"),
    path("preview/page/<int:pk>/", views.PagePreviewView.as_view(), name="page-preview"),
]
