import re

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.http import Http404
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog
from django.views.static import serve

from blog.sitemaps import SITEMAPS
from blog.views import etag_only, robots_txt

urlpatterns = [
    # The editor's words (its dialogs', and Tinte's for its toolbar), beside the admin's.
    path(
        "admin/jsi18n/editor/",
        JavaScriptCatalog.as_view(domain="djangojs", packages=["django_prose_editor"]),
        name="editor-jsi18n",
    ),
    path("admin/", admin.site.urls),
    # Browsers ask for it whatever the page says, the admin's pages among them.
    path("favicon.ico", lambda request: redirect(static("img/favicon.svg"), permanent=True)),
    path("comments/", include("comments.urls")),
    path("robots.txt", robots_txt, name="robots-txt"),
    path("sitemap.xml", etag_only(sitemaps.index), {"sitemaps": SITEMAPS}, name="sitemap-index"),
    path(
        "sitemap-<section>.xml",
        etag_only(sitemaps.sitemap),
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("", include("blog.urls")),
]


def serve_media(request, path):
    """Uploads served by Django itself, for `make run` and tests; a real site lets its web
    server do it (TINTE_SERVE_MEDIA off).
    """
    if not settings.TINTE_SERVE_MEDIA:
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns.append(
    re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", serve_media)
)
