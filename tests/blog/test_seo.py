"""What search engines read: sitemap.xml, robots.txt, canonical and social tags, JSON-LD."""

import json
import re
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from tests.corpora import corpus
from tests.factories import CommentFactory, PageFactory, PostFactory, png_upload

pytestmark = pytest.mark.django_db

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def blog():
    post = PostFactory(title="Öffentlich", labels=["Brot"])
    PostFactory(title="Entwurf", slug="entwurf", labels=["Geheim"], draft=True)
    PostFactory(title="Geplant", slug="geplant", labels=["Geheim"], scheduled=True)
    PageFactory(slug="impressum")
    PageFactory(slug="halbfertig", status="draft")
    return post


def sitemap_locations(client) -> list[str]:
    index = etree.fromstring(client.get(reverse("sitemap-index")).content)
    locations = []
    for section in index.iter(f"{SITEMAP_NS}loc"):
        urlset = etree.fromstring(client.get(section.text.replace("http://testserver", "")).content)
        locations += [loc.text for loc in urlset.iter(f"{SITEMAP_NS}loc")]
    return locations


def test_sitemap_index_and_sections_validate_against_the_schemas(client, blog):
    index_schema = etree.XMLSchema(etree.parse(str(corpus("sitemap-xsd/siteindex.xsd"))))
    urlset_schema = etree.XMLSchema(etree.parse(str(corpus("sitemap-xsd/sitemap.xsd"))))

    index = etree.fromstring(client.get(reverse("sitemap-index")).content)
    assert index_schema.validate(index), index_schema.error_log
    sections = [loc.text for loc in index.iter(f"{SITEMAP_NS}loc")]
    assert len(sections) == 3
    for section in sections:
        urlset = etree.fromstring(client.get(section.replace("http://testserver", "")).content)
        assert urlset_schema.validate(urlset), urlset_schema.error_log


def test_sitemap_lists_what_readers_may_see_and_nothing_else(client, blog):
    locations = sitemap_locations(client)

    assert f"http://testserver{blog.get_absolute_url()}" in locations
    assert "http://testserver/label/brot/" in locations
    assert "http://testserver/p/impressum/" in locations
    assert "http://testserver/" in locations
    for hidden in ["entwurf", "geplant", "geheim", "halbfertig", "preview"]:
        assert not [location for location in locations if hidden in location]


def test_post_sitemap_says_when_a_post_last_changed(client, blog):
    posts = etree.fromstring(client.get("/sitemap-posts.xml").content)

    assert [element.text for element in posts.iter(f"{SITEMAP_NS}lastmod")]


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")

    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text
    assert "Disallow: /preview/" in text
    assert "Allow: /comments/feed/" in text  # the comment feeds every page announces


def test_post_page_has_canonical_description_and_social_tags(client, settings):
    settings.MEDIA_URL = "/media/"
    post = PostFactory(title="Mit Bild", excerpt="Kurz gesagt.", labels=["Brot"])
    post.cover_image = png_upload()
    post.cover_image_alt = "Ein Bild"
    post.save()

    html = client.get(post.get_absolute_url()).content.decode()

    url = f"http://testserver{post.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert '<meta name="description" content="Kurz gesagt.">' in html
    assert '<meta property="og:title" content="Mit Bild">' in html
    assert '<meta property="og:type" content="article">' in html
    assert re.search(
        r'<meta property="og:image" content="http://testserver/media/renditions/covers/.*/og.jpg"',
        html,
    )
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<meta property="article:tag" content="Brot">' in html


def test_list_pages_have_a_canonical_with_their_page_number(client, settings):
    settings.TINTE_POSTS_PER_PAGE = 1
    PostFactory.create_batch(2)

    html = client.get("/?page=2&utm_source=x").content.decode()

    assert '<link rel="canonical" href="http://testserver/?page=2">' in html


@pytest.mark.parametrize(
    ("url", "title", "description"),
    [
        ("/", "Tinte", "Die neuesten Posts aus Tinte"),
        ("/label/brot/", "Posts mit dem Label Brot", "Alle Posts in Tinte mit dem Label Brot"),
        ("/2026/", "Posts aus dem Jahr 2026", "Alle Posts in Tinte aus dem Jahr 2026."),
        ("/2026/03/", "Posts aus März 2026", "Alle Posts in Tinte aus dem März 2026."),
        ("/p/impressum/", "Impressum", "Wer diesen Blog schreibt."),
    ],
)
def test_every_page_describes_itself_to_search_engines_and_social_cards(
    client, settings, url, title, description
):
    settings.TINTE_BLOG_TITLE, settings.TINTE_BLOG_DESCRIPTION = "Tinte", ""
    PostFactory(labels=["Brot"], published_at=timezone.make_aware(datetime(2026, 3, 5, 12)))
    PageFactory(title="Impressum", slug="impressum", body="<p>Wer diesen Blog schreibt.</p>")

    html = client.get(url).content.decode()

    assert re.search(rf'<meta name="description" content="{description}[^"]*">', html)
    assert re.search(rf'<meta property="og:description" content="{description}[^"]*">', html)
    assert f'<meta property="og:title" content="{title}">' in html


def test_drafts_are_noindex(author_client):
    draft = PostFactory(draft=True)

    html = author_client.get(draft.get_absolute_url()).content.decode()

    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert 'rel="canonical"' not in html


def json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    return json.loads(match.group(1))


def test_post_page_describes_itself_and_its_approved_comments_in_json_ld(client):
    post = PostFactory(
        title="Größe </script><script>alert(1)</script>",
        labels=["Brot", "Küche"],
        published_at=timezone.now() - timedelta(days=1),
    )
    CommentFactory(post=post, name="Anna", email="anna@example.org", body="Schön!")
    CommentFactory(post=post, name="Wartend", email="w@example.org", status="pending")

    html = client.get(post.get_absolute_url()).content.decode()
    data = json_ld(html)

    assert "<script>alert(1)</script>" not in html
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == post.title
    assert set(data["keywords"]) == {"Brot", "Küche"}
    assert data["commentCount"] == 1
    assert [comment["author"]["name"] for comment in data["comment"]] == ["Anna"]
    assert data["comment"][0]["text"] == "Schön!"
    assert "@example.org" not in json.dumps(data)
    assert data["datePublished"] and data["dateModified"]


def test_the_404_page_names_no_canonical_address(client):
    html = client.get("/gibt-es-nicht/").content.decode()

    assert 'rel="canonical"' not in html


def test_rss_feeds_have_a_description_and_comment_feeds_are_announced_as_rss(client):
    post = PostFactory()

    rss = client.get(reverse("blog:feed-rss")).content.decode()
    html = client.get(post.get_absolute_url()).content.decode()

    assert "<description>Tinte</description>" in rss
    assert f'type="application/rss+xml" href="{reverse("comments:feed-rss")}"' in html
    assert reverse("comments:post-feed-rss", args=[post.pk]) in html
