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
