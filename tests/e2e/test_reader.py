"""The reader's journey, on a desktop and on a 360 px phone, with and without JavaScript."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PAGE_TYPES, page_types

pytestmark = pytest.mark.django_db(transaction=True)

SCREENS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
}


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("screen", SCREENS)
def test_reader_finds_their_way_through_the_blog(open_context, blog, screen, javascript):
    page = open_context(**SCREENS[screen], java_script_enabled=javascript).new_page()

    page.goto("/")
    expect(page.get_by_role("heading", name="Herbst am Fluss")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]

    page.get_by_role("link", name="Herbst am Fluss").first.click()
    expect(page).to_have_url(blog["newest"].get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Herbst am Fluss")

    page.get_by_role("link", name="Über Größe und Maß").click()  # the older neighbour
    expect(page.get_by_role("heading", level=1)).to_have_text("Über Größe und Maß")
    page.get_by_role("link", name="Neuerer Post Herbst am Fluss").click()  # and back
    expect(page.get_by_role("heading", level=1)).to_have_text("Herbst am Fluss")
    page.get_by_role("link", name="Älterer Post Über Größe und Maß").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Über Größe und Maß")
    expect(page.get_by_text("Schön geschrieben!")).to_be_visible()

    page.get_by_role("link", name="Küche", exact=True).first.click()
    expect(page).to_have_url("/label/kueche/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Küche")
    expect(page.get_by_role("heading", name="Über Größe und Maß")).to_be_visible()
    expect(page.get_by_role("heading", name="Herbst am Fluss")).to_have_count(0)

    year = page.locator(".widget--archive details", has=page.locator("summary", has_text="2026"))
    if year.get_attribute("open") is None:  # the year being read is open already
        year.locator("summary").click()
    page.get_by_role("link", name="September").click()
    expect(page).to_have_url("/2026/09/")
    expect(page.get_by_role("heading", name="Sauerteig ansetzen")).to_be_visible()
    expect(page.get_by_role("heading", name="Herbst am Fluss")).to_have_count(0)

    search = page.get_by_role("search").get_by_role("searchbox")
    search.fill("Sauerteig")
    search.press("Enter")
    expect(page.locator("mark", has_text="Sauerteig").first).to_be_visible()
    expect(page.get_by_role("link", name="Sauerteig ansetzen")).to_be_visible()
    expect(page.get_by_role("link", name="Herbst am Fluss")).to_have_count(0)
    search = page.get_by_role("search").get_by_role("searchbox")
    search.fill("Zitronenkuchen")
    search.press("Enter")
    expect(page.get_by_text("Nichts gefunden")).to_be_visible()

    announced = page.locator('head link[rel="alternate"][type="application/atom+xml"]').first
    response = page.request.get(announced.get_attribute("href"))
    assert response.ok and "<feed" in response.text()

    feed = page.get_by_role("link", name="Atom").first
    response = page.request.get(feed.get_attribute("href"))
    assert response.ok and "application/atom+xml" in response.headers["content-type"]

    response = page.goto("/gibt-es-nicht/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_contain_text("nicht gefunden")
    page.get_by_role("link", name="Startseite").first.click()
    expect(page).to_have_url("/")


@pytest.mark.parametrize("screen", SCREENS)
def test_screenshots_for_the_readme(open_context, blog, screen):
    """The README's pictures of the blog, made here; TINTE_UPDATE_SCREENSHOTS=1 writes them
    into tests/e2e/screenshots/ (committed), otherwise into var/screenshots/."""
    page = open_context(**SCREENS[screen]).new_page()
    page.goto(blog["commented"].get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    if os.environ.get("TINTE_UPDATE_SCREENSHOTS") == "1":
        folder = Path(__file__).parent / "screenshots"
    else:
        folder = Path(__file__).resolve().parents[2] / "var" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"{screen}.png", full_page=screen == "phone")
    assert (folder / f"{screen}.png").stat().st_size > 10_000


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_no_page_is_wider_than_a_phone(open_context, blog, kind):
    page = open_context(**SCREENS["phone"]).new_page()

    page.goto(page_types(blog)[kind])

    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def same_line(first: dict, second: dict) -> bool:
    """Two bounding boxes share a line of text: each starts above the other's end."""
    return (
        first["y"] < second["y"] + second["height"] and second["y"] < first["y"] + first["height"]
    )


@pytest.mark.parametrize("width", [320, 360])
def test_on_a_phone_labels_stay_beside_their_fields_and_feed_links_together(
    open_context, blog, width
):
    phone = SCREENS["phone"] | {"viewport": {"width": width, "height": 740}}
    page = open_context(**phone).new_page()

    page.goto("/search/?q=Brot")
    for name in ("Label", "Jahr"):
        label = page.locator(".search-filters label", has_text=name)
        field = page.get_by_label(name, exact=True)
        label_box, field_box = label.bounding_box(), field.bounding_box()
        assert same_line(label_box, field_box), name
        assert label_box["x"] + label_box["width"] <= field_box["x"], name

    page.goto("/label/brot/")
    header = page.locator(".list-header")
    atom = header.get_by_role("link", name="Atom").bounding_box()
    rss = header.get_by_role("link", name="RSS").bounding_box()
    assert same_line(atom, rss) and atom["x"] < rss["x"]


def test_the_comment_is_written_in_the_font_of_the_other_fields(open_context, blog):
    page = open_context(**SCREENS["phone"]).new_page()
    page.goto(blog["newest"].get_absolute_url())

    def font(field):
        return field.evaluate(
            "element => { const style = getComputedStyle(element);"
            " return [style.fontFamily, style.fontSize]; }"
        )

    assert font(page.get_by_role("textbox", name="Kommentar")) == font(
        page.get_by_role("textbox", name="Name")
    )
