"""The author (a writer in the group "Autor") writes a post in the editor, with a picture
from the library, keeps it a draft, previews it, schedules it, and publishes it."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from blog.models import AuthorProfile, Post
from tests.factories import ImageFactory, PostFactory, picture_upload

pytestmark = pytest.mark.django_db(transaction=True)


def test_author_writes_a_post_with_heading_list_link_and_image_and_a_reader_sees_it(
    admin_page, open_context, tmp_path
):
    photo = tmp_path / "apfelbaum.jpg"
    photo.write_bytes(picture_upload(size=(1600, 800)).read())
    page = admin_page

    page.goto("/admin/blog/image/add/")  # the picture first, into the library
    page.set_input_files("#id_file", photo)
    page.fill("#id_alt", "Apfelbaum")
    page.fill("#id_caption", "Im Garten")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_be_visible()

    page.goto("/admin/blog/post/add/")
    page.fill("#id_title", "Mein erster Post im Editor")
    editor = page.locator(".ProseMirror[contenteditable]")
    editor.click()
    # The editor's input rules: "## " starts a heading, "- " a list, as in Markdown.
    page.keyboard.type("Einleitung.\n## Eine Überschrift\n- erster Punkt\nzweiter Punkt\n\n")
    page.keyboard.type("Mehr bei Wikipedia")
    page.keyboard.press("Shift+Control+ArrowLeft")
    page.get_by_role("button", name="Link einfügen").click()
    dialog = page.locator("dialog[open]")
    dialog.locator("input").first.fill("https://de.wikipedia.org/wiki/Tinte")
    dialog.get_by_role("button", name=re.compile("Aktualisieren|Einfügen")).click()
    expect(editor.get_by_role("link", name="Wikipedia")).to_be_visible()
    expect(page.locator("dialog[open]")).to_have_count(0)
    expect(editor).to_be_focused()
    page.get_by_role("button", name="„Apfelbaum“ einfügen").click()

    page.click("input[name=_continue]")  # a draft first
    post = Post.objects.get(title="Mein erster Post im Editor")
    reader = open_context(viewport={"width": 360, "height": 780}).new_page()
    assert reader.goto(post.get_absolute_url()).status == 404  # the preview is not for readers
    reader.goto("/")
    expect(reader.get_by_text("Mein erster Post im Editor")).to_have_count(0)

    page.get_by_role("link", name="Auf der Website anzeigen").click()
    expect(page.get_by_text("Vorschau").first).to_be_visible()
    expect(page.locator("h2", has_text="Eine Überschrift")).to_be_visible()

    page.go_back()  # scheduled for next week: still not for readers
    page.select_option("#id_status", "published")
    next_week = timezone.localtime() + timedelta(days=7)
    page.fill("#id_published_at_0", next_week.strftime("%d.%m.%Y"))
    page.fill("#id_published_at_1", "09:00:00")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("Geplant für")
    post.refresh_from_db()
    assert post.is_scheduled and not post.is_public
    reader.goto("/")
    expect(reader.get_by_text("Mein erster Post im Editor")).to_have_count(0)

    page.fill("#id_published_at_0", "")  # changed my mind: now
    page.fill("#id_published_at_1", "")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_be_visible()

    post.refresh_from_db()
    assert post.is_public
    reader.goto("/")
    reader.get_by_role("link", name="Mein erster Post im Editor").first.click()
    body = reader.locator(".post-body")
    expect(body.locator("h2", has_text="Eine Überschrift")).to_be_visible()
    expect(body.locator("ul li")).to_have_count(2)
    link = body.get_by_role("link", name="Wikipedia")
    expect(link).to_have_attribute("href", "https://de.wikipedia.org/wiki/Tinte")
    picture = body.locator("figure picture img")
    expect(picture).to_have_attribute("alt", "Apfelbaum")
    assert "480w" in picture.get_attribute("srcset")
    assert picture.evaluate("img => img.complete && img.naturalWidth") > 0
    expect(body.locator("figcaption", has_text="Im Garten")).to_be_visible()


def test_leaving_the_editor_with_unsaved_changes_asks_first(admin_page):
    page = admin_page
    page.goto("/admin/blog/post/add/")
    page.locator(".ProseMirror[contenteditable]").click()
    page.keyboard.type("Eine Stunde Arbeit")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))

    page.close(run_before_unload=True)
    page.wait_for_timeout(500)

    assert asked == ["beforeunload"]


MESSY = (
    '<p class="MsoNormal" onclick="steal()">Liebe <span style="font-family:Calibri">Leserin'
    '</span><o:p></o:p></p><script>steal()</script><p><a href="javascript:steal()">Link</a></p>'
)


def test_the_editor_speaks_german_and_says_what_it_left_out(admin_page):
    page = admin_page
    page.goto("/admin/blog/post/add/")
    page.locator(".ProseMirror[contenteditable]").click()
    assert page.get_by_role("button", name="Aufzählung").is_visible()
    assert page.get_by_text("Heute").first.is_visible()  # Django's own widgets stay German
    # The editor works within the Content-Security-Policy (it blocks the hostile paste below).
    assert page.csp_violations == []

    page.get_by_role("button", name="HTML bearbeiten").click()
    page.locator("dialog[open] textarea").fill(MESSY)
    page.locator("dialog[open] button[type=submit]").click()

    notice = page.get_by_role("status").filter(has_text="Weggelassen")
    expect(notice).to_contain_text("<script>")
    expect(notice).to_contain_text("onclick")
    expect(notice).to_contain_text("href=javascript:")
    assert page.locator("#id_body").input_value() == "<p>Liebe Leserin</p><p>Link</p>"


def test_the_editor_names_its_parts_in_german_and_stores_nothing_empty(admin_page):
    ImageFactory(alt="Apfelbaum", caption="Im Garten")
    page = admin_page
    page.goto("/admin/blog/post/add/")
    editor = page.get_by_role("textbox", name="Text:", exact=True)  # named by its label
    editor.click()
    for title in ("Linksbündig", "Zentriert", "Rechtsbündig", "Blocksatz"):
        expect(page.get_by_role("button", name=title, exact=True)).to_be_visible()

    page.keyboard.type("Mehr bei Wikipedia")
    page.keyboard.press("Shift+Control+ArrowLeft")
    page.get_by_role("button", name="Link einfügen").click()
    dialog = page.locator("dialog[open]")
    expect(dialog.locator("h3")).to_have_text("Link einfügen")  # a new link is added
    dialog.get_by_label("Adresse (URL)").fill("https://de.wikipedia.org/wiki/Tinte")
    dialog.get_by_role("button", name="Einfügen").click()
    editor.get_by_role("link", name="Wikipedia").click()
    page.get_by_role("button", name="Link einfügen").click()
    expect(dialog.locator("h3")).to_have_text("Link bearbeiten")  # an existing one changed
    dialog.get_by_role("button", name="Abbrechen").click()
    expect(page.locator("dialog[open]")).to_have_count(0)  # the editor has its focus back
    editor.focus()
    page.keyboard.press("End")
    page.get_by_role("button", name="„Apfelbaum“ einfügen").click()
    expect(editor.locator("figure")).to_have_count(1)

    body = page.locator("#id_body").input_value()
    assert 'title=""' not in body and "<p></p>" not in body, body
    assert body.endswith("</figure>"), body
    page.keyboard.type("Weiter im Text.")  # the cursor waits after the picture, not in it
    expect(editor.locator("figcaption")).to_have_text("Im Garten")
    assert page.locator("#id_body").input_value().endswith("</figure><p>Weiter im Text.</p>")
    editor.locator("figure img").click()  # the picture's own menu
    expect(page.get_by_role("button", name="Bildunterschrift entfernen")).to_be_visible()


def test_an_alignment_is_shown_in_the_editor_and_kept_on_saving(admin_page, author):
    post = PostFactory(author=author, body='<p style="text-align: center;">Mitte</p><p>Links</p>')
    page = admin_page
    page.goto(f"/admin/blog/post/{post.pk}/change/")
    editor = page.get_by_role("textbox", name="Text:", exact=True)
    expect(editor.locator("p", has_text="Mitte")).to_have_css("text-align", "center")
    expect(page.get_by_role("status").filter(has_text="nicht darstellen")).to_have_count(0)

    editor.locator("p", has_text="Links").click()
    page.get_by_role("button", name="Rechtsbündig", exact=True).click()
    expect(editor.locator("p", has_text="Links")).to_have_css("text-align", "right")
    assert page.csp_violations == []
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_be_visible()

    post.refresh_from_db()
    assert post.body == (
        '<p style="text-align: center;">Mitte</p><p style="text-align: right;">Links</p>'
    )


def test_an_author_without_a_name_sets_it_under_my_profile_then_publishes(
    admin_page, author, open_context
):
    AuthorProfile.objects.filter(user=author).delete()  # as every account before profiles
    page = admin_page

    page.goto("/admin/blog/post/add/")
    page.fill("#id_title", "Unter meinem Namen")
    page.select_option("#id_status", "published")
    page.click("input[name=_save]")
    expect(page.get_by_text("hat noch keinen öffentlichen Namen")).to_be_visible()
    assert not Post.objects.exists()

    page.get_by_role("link", name="Öffentlichen Namen eintragen").click()
    page.fill("#id_display_name", "Erika Beispiel")
    page.select_option("#id_badge", "woman")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_be_visible()

    page.goto("/admin/blog/post/add/")
    page.fill("#id_title", "Unter meinem Namen")
    page.select_option("#id_status", "published")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_be_visible()
    reader = open_context(viewport={"width": 360, "height": 780}).new_page()
    reader.goto(Post.objects.get().get_absolute_url())
    expect(reader.locator(".post-meta")).to_contain_text("von Erika Beispiel")
    assert author.username not in reader.content()
