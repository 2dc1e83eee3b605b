from django.urls import path

from comments import feeds, views

app_name = "comments"
urlpatterns = [
    path("post/<int:post_id>/", views.comment_create, name="create"),
    path("<int:pk>/", views.comment_permalink, name="permalink"),
    path("feed/", feeds.CommentFeed(), name="feed"),
    path("feed/rss/", feeds.CommentRssFeed(), name="feed-rss"),
    path("feed/post/<int:post_id>/", feeds.PostCommentFeed(), name="post-feed"),
    path("feed/post/<int:post_id>/rss/", feeds.PostCommentRssFeed(), name="post-feed-rss"),
    path("moderate/<str:token>/", views.ModerateView.as_view(), name="moderate"),
    path("unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
]
