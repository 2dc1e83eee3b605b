"""Moderators: the queue, the actions, the emails with their signed links, permissions."""

import json
from unittest import mock

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from comments import notifications
from comments.models import Comment
from comments.services import comment_approve, comment_create, comment_restore, comment_trash
from tests.factories import (
    CommentFactory,
    PostFactory,
    UserFactory,
    logged_in,
    staff_in_group,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    return staff_in_group("Moderator", username="moderatorin", email="mod@example.org")


@pytest.fixture
def moderator_client(moderator) -> Client:
    return logged_in(moderator)


def pending_comment(post=None, **fields) -> Comment:
    return comment_create(
        post=post or PostFactory(),
        name=fields.pop("name", "Karla"),
        email=fields.pop("email", "karla@example.org"),
        body=fields.pop("body", "Bitte freigeben."),
        **fields,
    )


def test_queue_opens_on_pending_newest_first_with_counts(moderator_client):
    CommentFactory(body="Schon freigegeben")
    pending_comment(body="Älterer wartender")
    pending_comment(body="Neuerer wartender", email="neu@example.org")

    html = moderator_client.get(reverse("admin:comments_comment_changelist")).content.decode()

    assert "Schon freigegeben" not in html
    assert html.index("Neuerer wartender") < html.index("Älterer wartender")
    assert "Ausstehend (2)" in html
    assert "Jeder Kommentar wird geprüft" in html  # why it was held
    assert "karla@example.org" in html


def test_the_queue_is_titled_for_what_moderators_do_there(moderator_client, author_client):
    url = reverse("admin:comments_comment_changelist")

    moderators = moderator_client.get(url).content.decode()
    authors = author_client.get(url).content.decode()

    assert "<h1>Kommentare moderieren</h1>" in moderators
    assert "<title>Kommentare moderieren |" in moderators
    assert "<h1>Kommentare</h1>" in authors
    assert "auswählen" not in moderators + authors  # Django's "Kommentar zum Ansehen auswählen"


def test_admin_index_tells_moderators_how_many_comments_wait(moderator_client):
    pending_comment()

    html = moderator_client.get(reverse("admin:index")).content.decode()

    assert "1 Kommentar wartet auf Freigabe." in html


@pytest.mark.parametrize(
    ("action", "status"),
    [("approve", "approved"), ("mark_spam", "spam"), ("trash", "trash")],
)
def test_bulk_actions_moderate(moderator_client, action, status):
    comments = [pending_comment(email=f"k{n}@example.org") for n in range(2)]

    moderator_client.post(
        reverse("admin:comments_comment_changelist"),
        {"action": action, "_selected_action": [c.pk for c in comments]},
    )

    assert set(Comment.objects.values_list("status", flat=True)) == {status}


def test_spam_and_trash_can_be_restored(moderator_client):
    spam = CommentFactory(status="spam")
    trash = CommentFactory(status="trash")

    moderator_client.post(
        reverse("admin:comments_comment_changelist") + "?status=all",
        {"action": "restore", "_selected_action": [spam.pk, trash.pk]},
    )

    assert set(Comment.objects.values_list("status", flat=True)) == {"pending"}


def test_reader_sees_exactly_the_approved_comment_after_moderation(moderator_client, client):
    post = PostFactory()
    good = pending_comment(post, body="Guter Kommentar")
    bad = pending_comment(post, body="Werbung", email="spam@example.org")
    changelist = reverse("admin:comments_comment_changelist")

    moderator_client.post(changelist, {"action": "approve", "_selected_action": [good.pk]})
    moderator_client.post(changelist, {"action": "mark_spam", "_selected_action": [bad.pk]})

    html = client.get(post.get_absolute_url()).content.decode()
    assert "Guter Kommentar" in html
    assert "Werbung" not in html
    assert "1 Kommentar" in html


def test_moderator_may_moderate_and_nothing_else(moderator_client, moderator):
    assert moderator.has_perm("comments.moderate_comment")
    assert moderator_client.get(reverse("admin:blog_post_changelist")).status_code == 403
    assert moderator_client.get(reverse("admin:blog_post_add")).status_code == 403
    assert not moderator.has_perm("comments.change_comment")


def test_author_without_the_moderator_permission_cannot_moderate(author_client):
    comment = pending_comment()

    author_client.post(
        reverse("admin:comments_comment_changelist"),
        {"action": "approve", "_selected_action": [comment.pk]},
    )

    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert author_client.get(reverse("admin:comments_comment_privacy")).status_code == 403


def test_author_replies_from_the_admin_published_at_once(author_client, author_user, client):
    parent = CommentFactory(name="Anna")

    response = author_client.post(
        reverse("admin:comments_comment_reply", args=[parent.pk]), {"body": "Danke, Anna!"}
    )

    reply = Comment.objects.get(is_author_reply=True)
    assert response.status_code == 302
    assert (reply.status, reply.parent, reply.user) == ("approved", parent, author_user)
    html = client.get(parent.post.get_absolute_url()).content.decode()
    assert "Danke, Anna!" in html
    assert "comment--author" in html


def test_moderators_are_emailed_with_signed_links(moderator, django_capture_on_commit_callbacks):
    post = PostFactory(author=UserFactory(email="autorin@example.org"))

    with django_capture_on_commit_callbacks(execute=True):
        comment = pending_comment(post, body="Ich warte.")

    (message,) = [m for m in mail.outbox if m.to == ["mod@example.org"]]
    assert "wartet auf Freigabe" in message.subject
    assert "Ich warte." in message.body
    assert "karla@example.org" in message.body
    assert "https://blog.example.org/comments/moderate/" in message.body
    assert f"/admin/comments/comment/{comment.pk}/change/" in message.body


def test_an_author_who_may_not_moderate_is_told_without_links_or_address(
    moderator, django_capture_on_commit_callbacks
):
    post = PostFactory(author=UserFactory(email="autorin@example.org"))

    with django_capture_on_commit_callbacks(execute=True):
        pending_comment(post, body="Ich warte.")

    (message,) = [m for m in mail.outbox if m.to == ["autorin@example.org"]]
    assert "Ich warte." in message.body
    assert "/comments/moderate/" not in message.body
    assert "karla@example.org" not in message.body


def test_mail_goes_out_in_the_background_when_configured(
    moderator, settings, django_capture_on_commit_callbacks
):
    settings.TINTE_SEND_MAIL_IN_BACKGROUND = True

    with (
        mock.patch("comments.notifications.threading.Thread") as thread,
        django_capture_on_commit_callbacks(execute=True),
    ):
        pending_comment()

    thread.assert_called_once()
    assert thread.call_args.kwargs["args"][2] == ["mod@example.org"]
    assert mail.outbox == []


def test_a_failing_mail_server_loses_nothing(
    client, submit, moderator, caplog, django_capture_on_commit_callbacks
):
    post = PostFactory()

    with (
        mock.patch("comments.notifications.send_mail", side_effect=OSError("SMTP down")),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        response = submit(post)

    assert response.status_code == 302
    assert len(callbacks) == 1
    assert Comment.objects.get().status == Comment.Status.PENDING
    assert "Could not send" in caplog.text


def moderation_link(comment, action) -> str:
    return reverse(
        "comments:moderate", kwargs={"token": notifications.moderation_token(comment, action)}
    )


def test_signed_link_asks_on_get_and_acts_on_post(client):
    comment = pending_comment()
    url = moderation_link(comment, "approve")

    page = client.get(url)
    comment.refresh_from_db()
    assert page.status_code == 200
    assert "Diesen Kommentar freigeben?" in page.content.decode()
    assert comment.status == Comment.Status.PENDING

    client.post(url)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED


def test_signed_spam_link(client):
    comment = pending_comment()

    client.post(moderation_link(comment, "spam"))

    comment.refresh_from_db()
    assert comment.status == Comment.Status.SPAM


def test_signed_link_cannot_be_replayed(client):
    comment = pending_comment()
    approve, spam = moderation_link(comment, "approve"), moderation_link(comment, "spam")
    client.post(approve)

    response = client.post(spam)

    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert "schon benutzt" in response.content.decode()


def test_used_link_stays_used_when_the_comment_is_pending_again(client):
    comment = pending_comment()
    approve = moderation_link(comment, "approve")
    client.post(approve)
    comment.refresh_from_db()
    comment_restore(comment=comment_trash(comment=comment))

    response = client.post(approve)

    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert "schon benutzt" in response.content.decode()


def test_tampered_link_is_refused(client):
    comment = pending_comment()
    token = notifications.moderation_token(comment, "approve")
    broken = reverse("comments:moderate", kwargs={"token": token[:-3] + "abc"})
    forged = signing.dumps(
        {"comment": comment.pk, "action": "approve", "state": "pending"}, salt="other"
    )

    assert client.post(broken).status_code == 400
    assert client.post(reverse("comments:moderate", kwargs={"token": forged})).status_code == 400
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_expired_link_is_refused(client, settings):
    comment = pending_comment()
    url = moderation_link(comment, "approve")
    settings.TINTE_MODERATION_LINK_DAYS = -1

    response = client.post(url)

    assert response.status_code == 400
    assert "abgelaufen" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_commenter_is_emailed_on_approval_and_reply_only_when_opted_in(
    django_capture_on_commit_callbacks,
):
    post = PostFactory()
    asked = pending_comment(post, notify=True, email="frag@example.org")
    silent = pending_comment(post, email="still@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=asked)
        comment_approve(comment=silent)
    assert [m.to for m in mail.outbox] == [["frag@example.org"]]
    assert "ist online" in mail.outbox[0].subject

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply = pending_comment(post, parent=asked, email="antwort@example.org")
    assert mail.outbox == [] or all("frag@example.org" not in m.to for m in mail.outbox)

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=reply)
    (message,) = [m for m in mail.outbox if m.to == ["frag@example.org"]]
    assert "Antwort" in message.subject
    assert "/comments/unsubscribe/" in message.body


def test_unsubscribe_link_stops_the_emails(client, django_capture_on_commit_callbacks):
    comment = pending_comment(notify=True)
    url = reverse(
        "comments:unsubscribe", kwargs={"token": notifications.unsubscribe_token(comment.email)}
    )

    assert "Abmelden" in client.get(url).content.decode()
    client.post(url)

    comment.refresh_from_db()
    assert comment.notify is False
    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=comment)
    assert not [m for m in mail.outbox if comment.email in m.to]


def test_privacy_export_and_erase_by_email(moderator_client):
    post = PostFactory()
    mine = CommentFactory(post=post, email="karla@example.org", body="Meins")
    reply = CommentFactory(post=post, parent=mine, email="other@example.org")
    CommentFactory(post=post, email="KARLA@example.org", status="spam")
    url = reverse("admin:comments_comment_privacy")

    export = moderator_client.post(url, {"email": "karla@example.org", "export": "1"})
    rows = json.loads(export.content)
    assert len(rows) == 2
    assert rows[0]["comment"] == "Meins"

    refused = moderator_client.post(url, {"email": "karla@example.org", "erase": "1"})
    assert "Häkchen" in refused.content.decode()
    assert Comment.objects.count() == 3

    moderator_client.post(url, {"email": "karla@example.org", "erase": "1", "confirm": "on"})
    assert list(Comment.objects.all()) == [reply]
    # The reply stays stored, but out of context it is shown no more, as after a trashing.
    assert not Comment.objects.shown().exists()
    assert "1 Kommentar" not in Client().get(post.get_absolute_url()).content.decode()


def test_post_admin_shows_comment_counts(admin_client):
    post = PostFactory()
    CommentFactory.create_batch(2, post=post)
    CommentFactory(post=post, status="pending")

    html = admin_client.get(reverse("admin:blog_post_changelist")).content.decode()

    assert "2 (1 wartend)" in html


def test_discussion_settings_are_one_page_in_the_admin(admin_client):
    response = admin_client.get(reverse("admin:comments_discussionsettings_changelist"))

    assert response.status_code == 302
    page = admin_client.get(response["Location"]).content.decode()
    assert "Jeden Kommentar zur Freigabe zurückhalten" in page


def test_comment_page_has_moderation_buttons_that_act_on_post(moderator_client):
    comment = pending_comment()
    change = reverse("admin:comments_comment_change", args=[comment.pk])

    html = moderator_client.get(change).content.decode()
    assert 'value="Freigeben"' in html
    assert 'value="Wiederherstellen' not in html

    moderator_client.get(reverse("admin:comments_comment_moderate", args=[comment.pk, "approve"]))
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING

    moderator_client.post(reverse("admin:comments_comment_moderate", args=[comment.pk, "approve"]))
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED


def test_comment_page_offers_no_buttons_without_the_permission(author_client):
    comment = pending_comment()

    html = author_client.get(reverse("admin:comments_comment_change", args=[comment.pk]))

    assert 'value="Freigeben"' not in html.content.decode()
    url = reverse("admin:comments_comment_moderate", args=[comment.pk, "approve"])
    assert author_client.post(url).status_code == 403


def test_restore_leaves_approved_comments_alone(moderator_client):
    approved = CommentFactory()
    trashed = CommentFactory(status="trash")

    moderator_client.post(
        reverse("admin:comments_comment_changelist") + "?status=all",
        {"action": "restore", "_selected_action": [approved.pk, trashed.pk]},
    )

    approved.refresh_from_db()
    trashed.refresh_from_db()
    assert (approved.status, trashed.status) == ("approved", "pending")


def test_moderators_see_no_reply_links_they_cannot_use(moderator_client):
    CommentFactory()

    html = moderator_client.get(reverse("admin:comments_comment_changelist") + "?status=all")

    assert "/reply/" not in html.content.decode()


def test_the_admin_made_by_make_run_is_told_about_waiting_comments(
    django_capture_on_commit_callbacks,
):
    from django.core.management import call_command

    call_command("ensure_admin")
    with django_capture_on_commit_callbacks(execute=True):
        pending_comment()

    assert [m.to for m in mail.outbox] == [["admin@localhost"]]


def test_nobody_to_tell_is_logged(caplog, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pending_comment()

    assert mail.outbox == []
    assert "Nobody to tell" in caplog.text


def test_a_comment_moderated_before_the_email_goes_out_sends_none(
    moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=pending_comment())

    assert [m for m in mail.outbox if "wartet auf Freigabe" in m.subject] == []


def test_authors_who_may_not_moderate_see_no_commenter_addresses(author_client):
    comment = CommentFactory(email="geheim@example.org")

    listing = author_client.get(reverse("admin:comments_comment_changelist") + "?status=all")
    page = author_client.get(reverse("admin:comments_comment_change", args=[comment.pk]))

    assert comment.name in listing.content.decode()
    assert "geheim@example.org" not in listing.content.decode()
    assert "geheim@example.org" not in page.content.decode()
    assert reverse("admin:comments_comment_reply", args=[comment.pk]) in page.content.decode()
