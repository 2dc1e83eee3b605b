from django.urls import path

from comments import views

app_name = "comments"
urlpatterns = [
    path("post/<int:post_id>/", views.comment_create, name="create"),
    path("moderate/<str:token>/", views.ModerateView.as_view(), name="moderate"),
    path("unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
]
