"""The moderator's journey: the queue in the admin, and the signed links in the email."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from comments.models import Comment
from tests.factories import staff_in_group

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def moderator(db):
    return staff_in_group("Moderator", username="mona", email="mona@example.org")


def write_comment(page, post, name, text):
    page.goto(post.get_absolute_url())
    form = page.locator("#comment-form")
    form.get_by_label("Name (Pflichtfeld)").fill(name)
    form.get_by_label("E-Mail (Pflichtfeld)").fill(f"{name.lower()}@example.org")
    form.get_by_label("Kommentar (Pflichtfeld)").fill(text)
    form.get_by_role("button", name="Kommentar veröffentlichen").click()
    expect(page.locator(".comment--pending", has_text=text)).to_be_visible()


def test_moderator_approves_one_comment_and_marks_one_as_spam_in_the_admin(
    open_context, blog, moderator
):
    post = blog["newest"]
    write_comment(open_context().new_page(), post, "Erich", "Ein echter Kommentar.")
    write_comment(open_context().new_page(), post, "Spammer", "Billige Uhren hier.")

    admin = open_context().new_page()
    admin.goto("/admin/login/")
    admin.fill("#id_username", "mona")
    admin.fill("#id_password", "ein-gutes-passwort")
    admin.click("input[type=submit]")
    admin.get_by_role("link", name="Kommentare").first.click()
    for text, action in (
        ("Ein echter Kommentar", "Freigeben"),
        ("Billige Uhren", "Als Spam markieren"),
    ):
        row = admin.locator("#result_list tbody tr", has_text=text)
        row.locator("input.action-select").check()
        admin.select_option("select[name=action]", label=action)
        admin.get_by_role("button", name="Ausführen").click()
        expect(admin.locator(".messagelist")).to_be_visible()

    reader = open_context().new_page()
    reader.goto(post.get_absolute_url())
    expect(reader.get_by_text("Ein echter Kommentar.")).to_be_visible()
    expect(reader.get_by_text("Billige Uhren")).to_have_count(0)
    expect(reader.locator("#comments-title")).to_contain_text("1 Kommentar")
    statuses = dict(Comment.objects.filter(post=post).values_list("name", "status"))
    assert statuses == {"Erich": "approved", "Spammer": "spam"}


def test_moderator_approves_through_the_signed_link_in_the_email(
    open_context, blog, moderator, settings, live_server
):
    settings.TINTE_SITE_URL = live_server.url
    post = blog["newest"]
    write_comment(open_context().new_page(), post, "Frieda", "Per Mail freigegeben.")

    message = next(m for m in mail.outbox if "mona@example.org" in m.to)
    approve_url = re.search(r"^Freigeben: (\S+)$", message.body, re.MULTILINE)[1]
    page = open_context().new_page()  # a phone's mail app: not logged in anywhere
    page.goto(approve_url)
    page.get_by_role("button", name="Freigeben").click()
    expect(page.get_by_role("main")).to_contain_text("freigegeben")

    page.goto(approve_url)  # a used link stays used
    expect(page.get_by_role("button", name="Freigeben")).to_have_count(0)

    reader = open_context().new_page()
    reader.goto(post.get_absolute_url())
    expect(reader.get_by_text("Per Mail freigegeben.")).to_be_visible()


def test_moderator_marks_spam_through_the_email_and_a_forged_link_does_nothing(
    open_context, blog, moderator, settings, live_server
):
    settings.TINTE_SITE_URL = live_server.url
    write_comment(open_context().new_page(), blog["newest"], "Max", "Kaufen Sie jetzt!")
    message = next(m for m in mail.outbox if "mona@example.org" in m.to)
    spam_url = re.search(r"^Als Spam markieren: (\S+)$", message.body, re.MULTILINE)[1]
    page = open_context().new_page()

    page.goto(spam_url[:-3] + "abc")  # a forged or mistyped signature
    expect(page.get_by_role("button", name="Als Spam markieren")).to_have_count(0)
    assert Comment.objects.get(name="Max").status == "pending"

    page.goto(spam_url)
    page.get_by_role("button", name="Als Spam markieren").click()
    assert Comment.objects.get(name="Max").status == "spam"
