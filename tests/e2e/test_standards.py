"""Every public page type meets WCAG 2.2 A and AA (axe-core, light and dark) and is valid
HTML (the W3C Nu checker, vnu.jar, run with the machine's Java)."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from comments.templatetags.comments import REPLY_PARAMETER
from tests.e2e.conftest import PAGE_TYPES, page_types, unavailable

pytestmark = pytest.mark.django_db(transaction=True)

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
VNU_JAR = Path(
    os.environ.get(
        "TINTE_VNU_JAR",
        Path(__file__).resolve().parents[2] / "var/vnu/node_modules/vnu-jar/build/dist/vnu.jar",
    )
)


def violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[node['target'] for node in v['nodes']]}"
        for v in result.response["violations"]
    ]


def show_comment_errors(page):
    form = page.locator("#comment-form")
    form.get_by_label("E-Mail (Pflichtfeld)").fill("keine-adresse")
    form.get_by_role("button", name="Kommentar veröffentlichen").click()
    page.locator("#comment-form [role=alert]").wait_for()


def send_comment(page):
    form = page.locator("#comment-form")
    form.get_by_label("Name (Pflichtfeld)").fill("Gerd")
    form.get_by_label("E-Mail (Pflichtfeld)").fill("gerd@example.org")
    form.get_by_label("Kommentar (Pflichtfeld)").fill("Ein Kommentar, der noch wartet.")
    form.get_by_role("button", name="Kommentar veröffentlichen").click()
    page.locator(".comment--pending").wait_for()


def open_reply_form(page):
    page.get_by_role("link", name="Antworten an Anna").click()
    page.locator("#comment-form-title", has_text="Anna").wait_for()


# Pages in a state a reader brings about, beyond the page types themselves.
STATES = {
    "comment form with errors": show_comment_errors,
    "after commenting (thanks, own pending comment)": send_comment,
    "reply form": open_reply_form,
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", [*PAGE_TYPES, *STATES])
def test_no_accessibility_violations(open_context, blog, kind, scheme):
    page = open_context(color_scheme=scheme).new_page()
    urls = page_types(blog)
    page.goto(urls.get(kind, urls["post with comments"]))
    if kind in STATES:
        STATES[kind](page)

    assert violations(page) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("address", ["add", "change"])
def test_the_post_editor_in_the_admin_has_no_accessibility_violations(
    admin_page, author, scheme, address
):
    """Where authors work: the post form with the editor loaded, a picture in the library."""
    from tests.factories import ImageFactory, PostFactory

    ImageFactory(alt="Apfelbaum")
    post = PostFactory(
        author=author, body='<p>Text mit <a href="https://example.org/">Link</a></p>'
    )
    page = admin_page
    page.emulate_media(color_scheme=scheme)
    page.goto(
        f"/admin/blog/post/{post.pk}/change/" if address == "change" else "/admin/blog/post/add/"
    )
    page.locator(".ProseMirror[contenteditable]").wait_for()

    assert violations(page) == []


def test_every_page_type_is_valid_html(blog, tmp_path, settings):
    settings.TINTE_COMMENT_MIN_SECONDS = 0
    if shutil.which("java") is None:
        unavailable("No Java to run the Nu HTML checker: apt install default-jre-headless")
    if not VNU_JAR.exists():
        unavailable(f"The Nu HTML checker is not installed at {VNU_JAR}: run `make test`")
    client = Client()
    pages = {kind: client.get(url).content for kind, url in page_types(blog).items()}
    post = blog["commented"]
    pages["comment form with errors"] = client.post(
        f"/comments/post/{post.pk}/", {"name": "", "email": "kaputt", "body": "Text"}
    ).content
    pages["reply form"] = client.get(
        f"{post.get_absolute_url()}?{REPLY_PARAMETER}={blog['comment'].pk}"
    ).content
    assert b"Antwort an Anna" in pages["reply form"]
    commenter = Client()  # keeps the session in which their held comment is shown to them
    page = commenter.get(post.get_absolute_url()).content
    token = re.search(rb'name="token" value="([^"]+)"', page)[1]
    commenter.post(
        f"/comments/post/{post.pk}/",
        {"name": "Gerd", "email": "gerd@example.org", "body": "Wartet.", "token": token.decode()},
    )
    pages["own held comment"] = commenter.get(post.get_absolute_url()).content
    assert b"comment--pending" in pages["own held comment"]
    for number, html in enumerate(pages.values()):
        (tmp_path / f"{number}.html").write_bytes(html)

    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=180,
    )

    names = list(pages)

    def where(message):  # a page's name, or the checker itself if it could not read one
        return names[int(Path(message["url"]).stem)] if "url" in message else "checker"

    errors = [
        f"{where(m)}: line {m.get('lastLine')}: {m['message']}"
        for m in json.loads(result.stderr or '{"messages": []}')["messages"]
        if m["type"] in ("error", "non-document-error")
    ]
    assert errors == []
