"""The rules that decide whether a new comment appears, waits for a moderator, or is spam."""

import ipaddress
import re
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from comments.counters import FormUse
from comments.models import Comment, DiscussionSettings

_LINK = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


# How much one comment form may be used before its comments wait for a moderator. Every
# reader of a cached page shares its token, so honest readers of a popular post use one
# token many times, from many addresses, spread over the minutes they read and write;
# a bot that replays one sends many at once. Chosen by simulating honest crowds
# (tests/bench/crowd.py; the figures are in the README, "Spam defence").
FORM_BURST = 5  # comments at once...
FORM_PER_MINUTE = 5  # ... and this many more for every minute since its first comment...
FORM_MOST = 100  # ... but never more than this in all;
FORM_AGAIN_SECONDS = 60  # and the same address sending another within this time.


@dataclass(frozen=True)
class Verdict:
    status: str
    reason: str = ""


def _lines(text: str) -> list[str]:
    return [line.strip().lower() for line in text.splitlines() if line.strip()]


def _first_word_in(words: list[str], text: str) -> str | None:
    lowered = text.lower()
    return next((word for word in words if word in lowered), None)


def _ip_listed(ip: str | None, listed: list[str]) -> bool:
    if not ip:
        return False
    address = ipaddress.ip_address(ip)
    for entry in listed:
        try:
            if address in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def form_used_too_much(
    use: FormUse,
    *,
    burst: int = FORM_BURST,
    per_minute: float = FORM_PER_MINUTE,
    most: int = FORM_MOST,
    again_seconds: float = FORM_AGAIN_SECONDS,
) -> bool:
    """Whether a comment's form token has been used more than honest readers use one."""
    if use.again_after is not None and use.again_after < again_seconds:
        return True
    return use.uses > min(most, burst + per_minute * use.seconds / 60)


def judge(
    *,
    rules: DiscussionSettings,
    post,
    name: str,
    email: str,
    website: str,
    body: str,
    ip: str | None,
    form_use: FormUse | None = None,
) -> Verdict:
    """What happens to a new comment: approved, pending (with the reason) or spam.

    `form_use`: what the count of the comment's form token said, if it came with one.
    """
    text = "\n".join([name, email, website, body])
    email = email.lower()

    if word := _first_word_in(_lines(rules.spam_words), text):
        return Verdict(Comment.Status.SPAM, _("Spam word: %(word)s") % {"word": word})
    for listed in _lines(rules.spam_emails):
        if email == listed or (listed.startswith("@") and email.endswith(listed)):
            return Verdict(Comment.Status.SPAM, _("Spam address: %(email)s") % {"email": listed})
    if _ip_listed(ip, _lines(rules.spam_ips)):
        return Verdict(Comment.Status.SPAM, _("Spam IP address"))

    # Held, never refused: the token of a cached page is public, and refusing would let
    # anyone who replays it shut every reader of that page out.
    if form_use is not None and form_used_too_much(form_use):
        return Verdict(Comment.Status.PENDING, _("Form used several times"))
    # The website field is not counted: giving one is normal, not a sign of spam.
    links = len(_LINK.findall(body))
    if rules.hold_links and links >= rules.hold_links:
        reason = ngettext("%(count)d link", "%(count)d links", links) % {"count": links}
        return Verdict(Comment.Status.PENDING, reason)
    if word := _first_word_in(_lines(rules.hold_words), text):
        return Verdict(
            Comment.Status.PENDING, _("Word on the hold list: %(word)s") % {"word": word}
        )
    # Anybody can type the address of the blog's author: such a comment always waits.
    if get_user_model().objects.filter(email__iexact=email, is_staff=True).exists():
        return Verdict(Comment.Status.PENDING, _("Address of a member of the blog's staff"))
    known = Comment.objects.approved().filter(email__iexact=email, is_author_reply=False)
    if rules.trust_known_commenters and known.exists():
        return Verdict(Comment.Status.APPROVED)
    if rules.hold_all:
        return Verdict(Comment.Status.PENDING, _("Every comment is held"))
    days = rules.hold_on_posts_older_than_days
    if days is not None and post.published_at < timezone.now() - timedelta(days=days):
        return Verdict(Comment.Status.PENDING, _("Post older than %(days)d days") % {"days": days})
    return Verdict(Comment.Status.APPROVED)
