from django.urls import path

from blog.views import etag_only
from comments import feeds, views

app_name = "comments"
urlpatterns = [
    path("post/<int:post_id>/", views.comment_create, name="create"),
    path("<int:pk>/", views.comment_permalink, name="permalink"),
    path("feed/", etag_only(feeds.CommentFeed()), name="feed"),
    path("feed/rss/", etag_only(feeds.CommentRssFeed()), name="feed-rss"),
    path("feed/post/<int:post_id>/", etag_only(feeds.PostCommentFeed()), name="post-feed"),
    path(
        "feed/post/<int:post_id>/rss/", etag_only(feeds.PostCommentRssFeed()), name="post-feed-rss"
    ),
    path("moderate/<str:token>/", views.ModerateView.as_view(), name="moderate"),
    path("unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
]
