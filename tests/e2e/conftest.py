"""Real-browser tests: Playwright for Python driving the machine's Chromium (Debian's
`chromium` package; Playwright downloads no browser here).

Without Chromium these tests are skipped, and say so; with TINTE_REQUIRE_BROWSER=1 (as
`.ci/run` sets it) a missing browser fails them instead. A failed test leaves a screenshot
and the page's HTML in var/test-artifacts/.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test's thread; the ORM calls the tests
# make there are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"
CHROMIUM_CANDIDATES = ["chromium", "chromium-browser", "google-chrome"]


def chromium_path() -> str | None:
    if os.environ.get("TINTE_CHROMIUM"):
        return os.environ["TINTE_CHROMIUM"]
    return next(filter(None, map(shutil.which, CHROMIUM_CANDIDATES)), None)


def unavailable(reason: str):
    """Skip, saying why; under TINTE_REQUIRE_BROWSER=1 (CI), fail instead."""
    if os.environ.get("TINTE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (TINTE_REQUIRE_BROWSER=1 turns this skip into a failure)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed: pip install -e '.[test]'")
    executable = chromium_path()
    if executable is None:
        unavailable("No Chromium found: apt install chromium (or set TINTE_CHROMIUM)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    item.stash.setdefault("reports", {})[report.when] = report
    return report


@pytest.fixture
def open_context(browser, request, settings, live_server):
    """Opens browser contexts (one per person) whose pages are kept if the test fails."""
    settings.TINTE_SERVE_MEDIA = True
    settings.TINTE_COMMENT_MIN_SECONDS = 0
    contexts = []

    def open_context(**options):
        options.setdefault("base_url", live_server.url)
        options.setdefault("locale", "de-DE")
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield open_context
    failed = any(report.failed for report in request.node.stash.get("reports", {}).values())
    for index, context in enumerate(contexts):
        for number, page in enumerate(context.pages):
            if failed and not page.is_closed():
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                stem = ARTIFACTS / re.sub(r"[^\w.-]+", "_", f"{request.node.name}-{index}-{number}")
                page.screenshot(path=f"{stem}.png", full_page=True)
                Path(f"{stem}.html").write_text(page.content(), encoding="utf-8")
        context.close()


@pytest.fixture
def page(open_context):
    """A reader's page on a desktop screen."""
    return open_context(viewport={"width": 1280, "height": 900}).new_page()


@pytest.fixture
def author(db):
    from tests.factories import staff_in_group

    return staff_in_group("Autor", username="autorin", first_name="Erika")


@pytest.fixture
def admin_page(open_context, author):
    """A page logged into the admin as a writer in the group "Autor"; `page.csp_violations`
    lists what the Content-Security-Policy blocked."""
    page = open_context(viewport={"width": 1280, "height": 1000}).new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            page.csp_violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.goto("/admin/login/")
    page.fill("#id_username", author.username)
    page.fill("#id_password", "ein-gutes-passwort")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    return page


@pytest.fixture(autouse=True)
def _roles(transactional_db):
    """The groups and settings row the data migrations make. A browser test's database is
    emptied after it (the server runs in another thread, so no transaction can be rolled
    back): each browser test makes them again, with the migrations' own code."""
    from importlib import import_module

    from django.apps import apps

    for migration, function in (
        ("blog.migrations.0002_author_group", "create_author_group"),
        ("blog.migrations.0007_author_manages_images", "grant"),
        ("blog.migrations.0013_author_profile", "profiles_for_staff"),
        ("comments.migrations.0002_moderator_group", "create_groups"),
    ):
        getattr(import_module(migration), function)(apps, None)


@pytest.fixture
def blog(db, settings):
    """A small blog with every kind of public page: posts with and without comments (one
    with a reply), labels, two months, a page."""
    from datetime import datetime

    from django.utils import timezone

    from tests.factories import CommentFactory, PageFactory, PostFactory, UserFactory

    author = UserFactory(username="erika", first_name="Erika", last_name="Mustermann")

    def moment(month, day):
        return timezone.make_aware(datetime(2026, month, day, 10))

    older = PostFactory(
        title="Sauerteig ansetzen",
        slug="sauerteig-ansetzen",
        author=author,
        body="<p>Mehl und Wasser, sonst nichts.</p><h2>Geduld</h2><p>Drei Tage warten.</p>",
        labels=["Brot"],
        published_at=moment(9, 14),
    )
    commented = PostFactory(
        title="Über Größe und Maß",
        slug="ueber-groesse-und-mass",
        author=author,
        body="<p>Wie groß ist ein Laib Brot?</p>",
        labels=["Brot", "Küche"],
        published_at=moment(10, 3),
    )
    newest = PostFactory(
        title="Herbst am Fluss",
        slug="herbst-am-fluss",
        author=author,
        body="<p>Die Pappeln werfen lange Schatten.</p>",
        labels=["Unterwegs"],
        published_at=moment(10, 20),
    )
    settings.TINTE_POSTS_PER_PAGE = 2  # so that the home page has a second page
    anna = CommentFactory(
        post=commented,
        name="Anna",
        body="Schön geschrieben!",
        body_html="<p>Schön geschrieben!</p>",
    )
    CommentFactory(
        post=commented,
        parent=anna,
        name="Ben",
        body="Finde ich auch.",
        body_html="<p>Finde ich auch.</p>",
    )
    page = PageFactory(
        title="Impressum", slug="impressum", body="<p>Verantwortlich: Erika Mustermann</p>"
    )
    return {"older": older, "commented": commented, "newest": newest, "comment": anna, "page": page}


PAGE_TYPES = [
    "home",
    "home, page 2",
    "post without comments",
    "post with comments",
    "label",
    "all labels",
    "archive month",
    "archive year",
    "search results",
    "search without results",
    "page",
    "404",
]


def page_types(blog) -> dict[str, str]:
    """Every kind of public page (PAGE_TYPES), by name, with its address."""
    return {
        "home": "/",
        "home, page 2": "/?page=2",
        "post without comments": blog["newest"].get_absolute_url(),
        "post with comments": blog["commented"].get_absolute_url(),
        "label": "/label/brot/",
        "all labels": "/label/",
        "archive month": "/2026/10/",
        "archive year": "/2026/",
        "search results": "/search/?q=Brot",
        "search without results": "/search/?q=Zitronenkuchen",
        "page": blog["page"].get_absolute_url(),
        "404": "/gibt-es-nicht/",
    }
