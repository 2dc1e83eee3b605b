"""The reader's side: writing a comment, seeing it wait, and the ways it goes wrong."""

from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.forms import TOKEN_SALT
from comments.models import Comment
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


def page(client, post, **params) -> str:
    return client.get(post.get_absolute_url(), params).content.decode()


def test_post_page_says_no_comments_and_offers_the_form(client):
    html = page(client, PostFactory())

    assert "Keine Kommentare" in html
    assert "Kommentar veröffentlichen" in html
    assert "Wird nie veröffentlicht" in html  # next to the email field


@pytest.mark.parametrize(("count", "heading"), [(1, "1 Kommentar"), (5, "5 Kommentare")])
def test_count_heading_uses_german_plurals(client, count, heading):
    post = PostFactory()
    CommentFactory.create_batch(count, post=post)

    assert f'<h2 id="comments-title">{heading}</h2>' in page(client, post)


def test_comment_waits_and_only_its_writer_sees_it(client, submit):
    post = PostFactory()

    response = submit(post, follow=True)

    html = response.content.decode()
    assert response.redirect_chain[-1][0].startswith(post.get_absolute_url())
    assert "erscheint, sobald er freigegeben ist" in html
    assert "Ihr Kommentar wartet auf Freigabe" in html
    assert "Ein schöner Text!" in html
    assert "private" in response["Cache-Control"]
    other = page(Client(), post)
    assert "Ein schöner Text!" not in other
    assert "Keine Kommentare" in other
    assert Comment.objects.get().status == Comment.Status.PENDING


def test_approved_comments_show_oldest_first_with_name_link_date_and_anchor(client):
    post = PostFactory()
    older = CommentFactory(
        post=post, name="Anna", website="https://anna.example.org/",
        created_at=timezone.now() - timedelta(days=2),
    )  # fmt: skip
    newer = CommentFactory(post=post, name="Bert", created_at=timezone.now() - timedelta(days=1))

    html = page(client, post)

    assert html.index(f'id="{older.anchor}"') < html.index(f'id="{newer.anchor}"')
    assert '<a href="https://anna.example.org/" rel="nofollow ugc noopener">Anna</a>' in html
    assert f'href="#{older.anchor}"' in html
    assert older.email not in html


def test_anonymous_post_page_is_the_same_for_every_reader(client):
    post = PostFactory()
    CommentFactory(post=post)

    # Only the signed form token carries the time; rendered in the same second, as a cache
    # in front would serve them, the pages are identical.
    with mock.patch("comments.forms.time.time", return_value=1_800_000_000):
        first = Client().get(post.get_absolute_url())
        second = Client().get(post.get_absolute_url())

    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert "private" not in first.get("Cache-Control", "")
    assert not first.cookies
    assert first.content == second.content


def test_comment_text_is_plain_text_with_links_and_paragraphs(client, submit, rules):
    rules.hold_all = False
    rules.hold_links = 0
    rules.save()
    post = PostFactory()

    submit(post, body='<script>alert(1)</script> "Hallo"\nZeile\n\nMehr: https://example.org/')

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.APPROVED
    assert comment.body_html == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; &quot;Hallo&quot;<br>Zeile</p>"
        '<p>Mehr: <a href="https://example.org/" rel="nofollow ugc noopener">'
        "https://example.org/</a></p>"
    )


@pytest.mark.parametrize("field", ["name", "website", "body"])
def test_xss_in_every_field_renders_as_text(client, submit, rules, field):
    rules.hold_all = False
    rules.hold_links = 0
    rules.save()
    post = PostFactory()
    attack = '"><script>alert(1)</script>'
    value = "https://example.org/?q=" + attack if field == "website" else attack

    submit(post, **{field: value})

    html = page(client, post)
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": ""}, "Bitte füllen Sie dieses Feld aus."),
        ({"email": "kaputt"}, "Bitte geben Sie eine gültige E-Mail-Adresse ein."),
        ({"website": "javascript:alert(1)"}, "Bitte geben Sie eine gültige Webadresse ein."),
        ({"body": "x" * 5001}, "erlaubt sind höchstens 5.000"),
        ({"name": "n" * 101}, "Höchstens 100 Zeichen sind möglich, hier sind es 101."),
        ({"homepage": "http://spam.example/"}, "sieht automatisiert aus"),
        ({"token": "gefälscht"}, "konnte nicht geprüft werden"),
    ],
)
def test_refusals_say_why_keep_the_text_and_save_nothing(submit, fields, message):
    post = PostFactory()
    fields.setdefault("body", "Mein langer Text, der nicht verloren gehen darf.")

    response = submit(post, **fields)

    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert fields["body"][:40] in html
    assert not Comment.objects.exists()
    assert "private" in response["Cache-Control"]


def test_token_of_another_post_is_refused(submit):
    post, other = PostFactory(), PostFactory()
    token = signing.dumps({"post": other.pk, "time": 0}, salt=TOKEN_SALT)

    assert submit(post, token=token).status_code == 400


def test_form_sent_too_fast_is_refused(submit, settings):
    settings.TINTE_COMMENT_MIN_SECONDS = 30

    response = submit(PostFactory())

    assert "Das ging sehr schnell" in response.content.decode()
    assert not Comment.objects.exists()


def test_expired_form_comes_back_with_the_text_and_a_fresh_token(submit, settings):
    post = PostFactory()
    old = signing.dumps({"post": post.pk, "time": 1}, salt=TOKEN_SALT)

    response = submit(post, token=old, body="Lange geschrieben")

    html = response.content.decode()
    assert "sehr lange geöffnet" in html
    assert "Lange geschrieben" in html
    fresh = response.context["form"].data["token"]
    assert fresh != old
    settings.TINTE_COMMENT_MIN_SECONDS = 0
    assert submit(post, token=fresh, body="Lange geschrieben").status_code == 302
    assert Comment.objects.count() == 1


def test_the_second_submit_of_the_same_comment_is_refused(submit):
    post = PostFactory()

    assert submit(post).status_code == 302
    response = submit(post)

    assert response.status_code == 400
    assert "bereits geschickt" in response.content.decode()
    assert Comment.objects.count() == 1


def test_too_many_comments_get_a_friendly_429_with_the_text_kept(submit, settings):
    settings.TINTE_COMMENT_RATE_PER_MINUTE = 2
    post = PostFactory()
    for number in range(2):
        assert submit(post, body=f"Kommentar {number}").status_code == 302

    response = submit(post, body="Der dritte Kommentar")

    assert response.status_code == 429
    assert "von Ihrer Netzwerkadresse 127.0.0.1" in response.content.decode()
    assert "in einer Minute" in response.content.decode()
    assert "Der dritte Kommentar" in response.content.decode()
    assert Comment.objects.count() == 2


def test_closed_post_keeps_its_comments_and_replaces_the_form(client, submit):
    post = PostFactory(comments_allowed=False)
    CommentFactory(post=post, body="Alter Kommentar", body_html="<p>Alter Kommentar</p>")

    html = page(client, post)

    assert "Alter Kommentar" in html
    assert "Kommentare sind geschlossen." in html
    assert "Kommentar veröffentlichen" not in html
    assert submit(post).status_code == 403
    assert Comment.objects.count() == 1


def test_comments_close_by_themselves_after_n_days(client, rules):
    rules.close_after_days = 30
    rules.save()
    old = PostFactory(published_at=timezone.now() - timedelta(days=31))
    new = PostFactory(published_at=timezone.now() - timedelta(days=29))

    assert "Kommentare sind geschlossen." in page(client, old)
    assert "Kommentar veröffentlichen" in page(client, new)


@pytest.mark.parametrize("kind", ["draft", "scheduled"])
def test_no_comments_on_posts_readers_cannot_see(submit, kind):
    post = PostFactory(**{kind: True})

    assert submit(post).status_code == 404


def test_reply_works_without_javascript_and_nests_under_its_comment(client, submit, rules):
    rules.hold_all = False
    rules.save()
    post = PostFactory()
    parent = CommentFactory(post=post, name="Anna")

    html = page(client, post, replyto=parent.pk)
    assert "Antwort an Anna" in html
    assert f'name="parent" value="{parent.pk}"' in html

    submit(post, parent=parent.pk, body="Meine Antwort")

    reply = Comment.objects.get(body="Meine Antwort")
    assert (reply.parent, reply.thread, reply.depth) == (parent, parent, 1)
    html = page(client, post)
    assert html.index("Meine Antwort") > html.index(f'id="{parent.anchor}"')
    assert 'class="comment-replies"' in html


def test_replies_deeper_than_allowed_join_their_parents_level(submit, rules):
    rules.hold_all = False
    rules.save()
    post = PostFactory()
    top = CommentFactory(post=post)
    reply = CommentFactory(post=post, parent=top)

    submit(post, parent=reply.pk, body="Antwort auf die Antwort")

    deeper = Comment.objects.get(body="Antwort auf die Antwort")
    assert (deeper.parent, deeper.depth) == (top, 1)


def test_no_reply_links_when_replies_are_off(client, rules):
    rules.thread_depth = 1
    rules.save()
    post = PostFactory()
    CommentFactory(post=post)

    assert "Antworten" not in page(client, post)


def test_reply_to_a_comment_that_is_not_approved_is_refused(submit):
    post = PostFactory()
    pending = CommentFactory(post=post, status="pending")

    response = submit(post, parent=pending.pk)

    assert response.status_code == 400
    assert "nicht mehr vorhanden" in response.content.decode()


def test_long_discussions_are_paginated_by_thread(client, rules):
    rules.threads_per_page = 2
    rules.save()
    post = PostFactory()
    first, second, third = (
        CommentFactory(post=post, body_html=f"<p>Faden {n}</p>", created_at=timezone.now()
                       - timedelta(hours=10 - n))
        for n in range(3)
    )  # fmt: skip
    CommentFactory(post=post, parent=second, body_html="<p>Antwort im Faden 1</p>")

    page_one = page(client, post)
    page_two = page(client, post, comments_page=2)

    assert "Faden 0" in page_one and "Faden 1" in page_one and "Antwort im Faden 1" in page_one
    assert "Faden 2" not in page_one
    assert "Faden 2" in page_two and "Faden 0" not in page_two
    assert "3 Kommentare" not in page_one  # the heading counts all four
    assert "4 Kommentare" in page_one


def test_remember_me_fills_the_form_next_time_only_when_ticked(client, submit):
    post = PostFactory()

    submit(post, remember="on", website="https://karla.example.org/")
    remembered = client.get(post.get_absolute_url())

    assert 'value="Karla Kommentar"' in remembered.content.decode()
    assert "private" in remembered["Cache-Control"]

    other = Client()
    submit(PostFactory(), client=other, body="Ohne merken")
    assert "tinte_commenter" not in other.cookies or not other.cookies["tinte_commenter"].value


def test_comment_counts_on_lists_in_german(client):
    post = PostFactory(title="Mit Kommentaren")
    CommentFactory.create_batch(3, post=post)
    CommentFactory(post=post, status="pending")
    PostFactory(title="Ohne Kommentare")

    html = client.get(reverse("blog:post-list")).content.decode()

    assert "3 Kommentare" in html
    assert "Keine Kommentare" in html


def test_form_given_back_after_expiry_can_be_sent_again_at_once(submit, settings):
    settings.TINTE_COMMENT_MIN_SECONDS = 3
    post = PostFactory()
    expired = signing.dumps({"post": post.pk, "time": 1}, salt=TOKEN_SALT)

    fresh = submit(post, token=expired).context["form"].data["token"]

    assert submit(post, token=fresh).status_code == 302


def test_a_filled_trap_field_is_emptied_for_the_next_try(submit):
    response = submit(PostFactory(), homepage="autofill")

    assert response.context["form"].data["homepage"] == ""


@pytest.mark.parametrize(
    ("fields", "message"),
    [({"token": ""}, "konnte nicht geprüft werden"), ({"parent": "abc"}, "nicht mehr vorhanden")],
)
def test_refusals_of_hidden_fields_say_what_happened(submit, fields, message):
    assert message in submit(PostFactory(), **fields).content.decode()


def test_correcting_mistakes_does_not_count_towards_the_rate_limit(submit, settings):
    settings.TINTE_COMMENT_RATE_PER_MINUTE = 1
    post = PostFactory()
    for _ in range(3):
        assert submit(post, email="kaputt").status_code == 400

    assert submit(post).status_code == 302
    response = submit(post, body="Noch einer")
    assert response.status_code == 429
    assert response["Retry-After"] == "50"  # the counters' clock stands at :10


def test_refusal_on_a_closed_post_gives_the_text_back_without_a_form(submit):
    response = submit(PostFactory(comments_allowed=False), body="Nicht verlieren")

    html = response.content.decode()
    assert "Nicht verlieren" in html
    assert "Kommentar veröffentlichen" not in html


def test_replies_to_a_trashed_comment_are_neither_shown_nor_counted(client):
    post = PostFactory()
    parent = CommentFactory(post=post, status="trash")
    CommentFactory(post=post, parent=parent, body_html="<p>Verwaiste Antwort</p>")
    CommentFactory(post=post)

    html = page(client, post)

    assert "Verwaiste Antwort" not in html
    assert "1 Kommentar" in html
    assert "1 Kommentar" in client.get(reverse("blog:post-list")).content.decode()


def test_remembered_details_come_with_the_box_ticked(client, submit):
    post = PostFactory()
    submit(post, remember="on")

    html = page(client, post)

    assert 'name="remember" id="id_remember" checked' in html


def test_thank_you_message_is_shown_beside_the_comments(submit):
    response = submit(PostFactory(), follow=True)

    html = response.content.decode()
    section = html[html.index('id="comments"') :]
    assert "ist angekommen" in section
    assert html.count("ist angekommen") == 1


def test_with_one_level_a_reply_link_opens_no_reply_form(client, rules):
    rules.thread_depth = 1
    rules.save()
    post = PostFactory()
    comment = CommentFactory(post=post, name="Anna")

    assert "Antwort an Anna" not in page(client, post, replyto=comment.pk)


def test_form_says_comments_wait_only_when_they_do(client, rules):
    post = PostFactory()
    assert "nachdem die Moderation sie freigegeben hat" in page(client, post)

    rules.hold_all = False
    rules.save()
    assert "nachdem die Moderation sie freigegeben hat" not in page(client, post)


def test_a_reply_whose_comment_is_gone_can_be_sent_as_a_comment(submit, rules):
    rules.hold_all = False
    rules.save()
    post = PostFactory()
    gone = CommentFactory(post=post, status="trash")

    refused = submit(post, parent=gone.pk, body="Meine Antwort")
    form = refused.context["form"]

    assert "nicht mehr vorhanden" in refused.content.decode()
    assert form.data["parent"] == ""
    assert (
        submit(post, parent="", token=form.data["token"], body="Meine Antwort").status_code == 302
    )


def test_a_refused_reply_still_says_what_it_answers(submit):
    post = PostFactory()
    parent = CommentFactory(post=post, name="Sabine")

    html = submit(post, parent=parent.pk, email="kaputt").content.decode()

    assert "Antwort an Sabine" in html
    assert f'href="{post.get_absolute_url()}#comment-form"' in html


def test_a_website_without_scheme_is_accepted(submit, rules):
    rules.hold_all = False
    rules.save()

    response = submit(PostFactory(), website="meinblog.de")

    assert response.status_code == 302
    assert Comment.objects.get().website == "https://meinblog.de"


@pytest.mark.parametrize(
    "website",
    [
        "javascript:alert(1)",
        "javascript:123",
        "JaVaScRiPt:alert(1)//example.org",
        "data:text/html,x",
        "ftp://example.org/",
        "ftps://example.org/",
        "mailto:karla@example.org",
        "https://example.org/\x01",
    ],
)
def test_a_website_is_an_http_or_https_address_and_nothing_else(submit, website):
    response = submit(PostFactory(), website=website)

    assert response.status_code == 400
    assert "Website" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_website_that_is_not_a_web_page_is_refused_with_a_clear_message(submit):
    html = submit(PostFactory(), website="ftp://example.org/").content.decode()

    assert "Geben Sie eine Webadresse an, die mit http:// oder https:// beginnt." in html


def test_no_other_path_saves_a_website_that_is_not_a_web_page():
    """The admin and the service check the model, whatever the form did."""
    comment = CommentFactory.build(post=PostFactory(), website="ftp://example.org/")

    with pytest.raises(ValidationError) as refused:
        comment.full_clean()

    assert "website" in refused.value.message_dict


def test_links_lead_to_the_page_of_comments_the_thread_is_on(rules):
    rules.threads_per_page = 2
    rules.save()
    post = PostFactory()
    first, second, third = (
        CommentFactory(post=post, created_at=timezone.now() - timedelta(hours=5 - n))
        for n in range(3)
    )
    reply = CommentFactory(post=post, parent=third)

    assert first.get_absolute_url() == f"{post.get_absolute_url()}#{first.anchor}"
    assert reply.get_absolute_url() == (f"{post.get_absolute_url()}?comments_page=2#{reply.anchor}")


def test_the_forms_address_opened_again_leads_back_to_the_form(client, submit):
    """After a refused comment the browser shows the form's address; a reload or a tab
    restored later asks it with GET."""
    post = PostFactory()
    address = reverse("comments:create", kwargs={"post_id": post.pk})
    assert submit(post, name="").status_code == 400

    response = client.get(address)

    assert response.status_code == 302
    assert response["Location"] == f"{post.get_absolute_url()}#comment-form"
    assert 'id="comment-form"' in page(client, post)


@pytest.mark.parametrize("kind", ["draft", "scheduled"])
def test_the_forms_address_of_a_post_readers_cannot_see_is_not_found(client, kind):
    post = PostFactory(**{kind: True})

    assert client.get(reverse("comments:create", kwargs={"post_id": post.pk})).status_code == 404


def test_the_form_says_its_limit_up_front(client):
    html = page(client, PostFactory())

    assert "Einfacher Text, höchstens 5.000 Zeichen." in html
    assert 'maxlength="5000"' in html


def test_a_too_long_comment_is_refused_in_tintes_words_and_kept(submit):
    text = "Ein langer Gedanke. " * 256  # 5,120 characters

    response = submit(PostFactory(), body=text)

    html = response.content.decode()
    assert response.status_code == 400
    assert (
        "Ihr Kommentar ist 5.119 Zeichen lang, erlaubt sind höchstens 5.000. "
        "Bitte kürzen Sie ihn um 119 Zeichen" in html
    )  # 5,119: the last space is trimmed
    assert "Bitte sicherstellen" not in html
    assert text.strip() in html
    assert not Comment.objects.exists()


def test_line_breaks_count_once_as_in_the_browser(submit):
    """Browsers send a line break as two characters but let 5,000 with line breaks through."""
    text = ("x" * 99 + "\r\n") * 49 + "x" * 100  # 5,000 characters with single line breaks

    assert submit(PostFactory(), body=text).status_code == 302
    assert Comment.objects.get().body == text.replace("\r\n", "\n")


def test_comment_times_read_as_german_prose(client):
    post = PostFactory()
    written = timezone.make_aware(datetime(2026, 12, 3, 18, 10))
    CommentFactory(post=post, created_at=written)

    assert "3. Dezember 2026 um 18:10" in page(client, post)
