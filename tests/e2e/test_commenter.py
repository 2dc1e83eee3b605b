"""The commenter's journey: mistakes, a held comment only its writer sees, a reply; with
and without JavaScript, and with the keyboard alone.
"""

import re

import pytest
from playwright.sync_api import expect

from comments.models import Comment

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = "Ich habe es nachgebacken: wunderbar!"


def comment_form(page):
    return page.locator("#comment-form")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_commenter_corrects_mistakes_and_sees_their_own_held_comment(
    open_context, blog, javascript
):
    page = open_context(java_script_enabled=javascript).new_page()
    page.goto(blog["commented"].get_absolute_url())
    form = comment_form(page)

    form.get_by_label("E-Mail (Pflichtfeld)").fill("keine-adresse")
    form.get_by_label("Kommentar (Pflichtfeld)").fill(TEXT)
    form.get_by_role("button", name="Kommentar veröffentlichen").click()

    form = comment_form(page)
    summary = form.get_by_role("alert")
    expect(summary).to_contain_text("noch nicht gespeichert")
    expect(summary.get_by_role("link", name=re.compile("^Name"))).to_have_attribute(
        "href", "#id_name"
    )
    name_field = form.locator(".field--error", has=page.locator("#id_name"))
    expect(name_field.locator(".field__error")).to_be_visible()
    expect(
        form.locator(".field--error", has=page.locator("#id_email")).locator(".field__error")
    ).to_contain_text("gültige")
    expect(form.get_by_label("Kommentar (Pflichtfeld)")).to_have_value(TEXT)  # nothing lost

    form.get_by_label("Name (Pflichtfeld)").fill("Clara")
    form.get_by_label("E-Mail (Pflichtfeld)").fill("clara@example.org")
    form.get_by_role("button", name="Kommentar veröffentlichen").click()

    expect(page.get_by_role("status")).to_contain_text(
        "Danke! Ihr Kommentar ist angekommen und erscheint, sobald er freigegeben ist."
    )
    mine = page.locator(".comment--pending", has_text=TEXT)
    expect(mine).to_be_visible()
    expect(mine).to_contain_text("Nur Sie sehen ihn")
    assert Comment.objects.get(name="Clara").status == "pending"

    other = open_context(java_script_enabled=javascript).new_page()
    other.goto(blog["commented"].get_absolute_url())
    expect(other.get_by_text("Schön geschrieben!")).to_be_visible()
    expect(other.get_by_text(TEXT)).to_have_count(0)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_commenter_replies_to_a_comment(open_context, blog, javascript):
    page = open_context(java_script_enabled=javascript).new_page()
    page.goto(blog["commented"].get_absolute_url())

    page.get_by_role("link", name="Antworten an Anna").click()
    form = comment_form(page)
    expect(form.get_by_role("heading")).to_contain_text("Antwort an Anna")
    form.get_by_label("Name (Pflichtfeld)").fill("Dora")
    form.get_by_label("E-Mail (Pflichtfeld)").fill("dora@example.org")
    form.get_by_label("Kommentar (Pflichtfeld)").fill("Danke für den Tipp, Anna.")
    form.get_by_role("button", name="Kommentar veröffentlichen").click()

    anna = page.locator(f"#{blog['comment'].anchor}")
    expect(anna.locator(".comment-replies .comment--pending")).to_contain_text("Danke für den Tipp")
    assert Comment.objects.get(name="Dora").parent == blog["comment"]


# WCAG 1.4.11: the focus ring stands out from the page by a contrast of at least 3:1.
FOCUS_IS_VISIBLE = """() => {
    const luminance = (color) => {
        const [r, g, b] = color.match(/[\\d.]+/g).slice(0, 3).map((v) => {
            const c = Number(v) / 255;
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const style = getComputedStyle(document.activeElement);
    if (style.outlineStyle === "none" || parseFloat(style.outlineWidth) < 2) return false;
    const [a, b] = [luminance(style.outlineColor),
                    luminance(getComputedStyle(document.body).backgroundColor)];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) >= 3;
}"""


def focused(page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.textContent")


def tab_until(page, is_there, *, limit=80):
    """Press Tab until `is_there(page)`, as a keyboard user would, focus always visible."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUS_IS_VISIBLE), page.evaluate("document.activeElement.outerHTML")
        if is_there(page):
            return
    raise AssertionError("Tab never got there")


def on(element_id):
    return lambda page: page.evaluate("document.activeElement.id") == element_id


def on_submit(page):
    return page.evaluate("document.activeElement.type") == "submit"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_comment_journey_works_with_the_keyboard_alone(open_context, blog, scheme, javascript):
    page = open_context(color_scheme=scheme, java_script_enabled=javascript).new_page()
    page.goto(blog["commented"].get_absolute_url())

    tab_until(page, on("id_name"))  # from the top of the page, through every link
    page.keyboard.type("Emil")
    tab_until(page, on("id_email"))
    page.keyboard.type("kaputt")
    tab_until(page, on("id_body"))
    page.keyboard.type("Mit der Tastatur geschrieben.")
    tab_until(page, on_submit)
    page.keyboard.press("Enter")

    # Given back with errors: focus starts on the summary; its links lead to the fields.
    expect(page.locator("#comment-form-errors")).to_be_focused()
    tab_until(page, lambda page: "E-Mail" in focused(page))
    page.keyboard.press("Enter")
    expect(page.locator("#id_email")).to_be_focused()
    assert "id_email_error" in page.locator("#id_email").get_attribute("aria-describedby")
    page.keyboard.press("Control+A")
    page.keyboard.type("emil@example.org")
    tab_until(page, on_submit)
    page.keyboard.press("Enter")

    expect(page.locator(".comment--pending", has_text="Mit der Tastatur")).to_be_visible()
