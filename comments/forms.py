import time
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from blog.sanitize import validate_website
from comments.models import Comment

TOKEN_SALT = "tinte.comments.form"  # nosec B105
BODY_LIMIT = Comment._meta.get_field("body").max_length


def form_token(post, *, age: int = 0) -> str:
    """Signed proof that the form came from this post's page, and when the page was made.

    It takes the place of a CSRF token, which would make every reader's page different.
    `age` backdates it, for a form given back to a reader who has been writing already.
    """
    return signing.dumps({"post": post.pk, "time": int(time.time()) - age}, salt=TOKEN_SALT)


class CommentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("Never shown to anyone; only the blog's moderators see it."),
    )
    # A text field, not type="url": browsers refuse "meinblog.de", which is fine here.
    website = forms.URLField(
        label=_("Website"),
        max_length=200,
        required=False,
        assume_scheme="https",
        validators=[validate_website],
        widget=forms.TextInput(attrs={"inputmode": "url"}),
    )
    # The limit is checked in clean_body, where it is said in Tinte's words; the browser
    # gets it as `maxlength`.
    body = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": BODY_LIMIT}),
    )
    parent = forms.IntegerField(
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": _("The comment you are replying to is no longer there.")},
    )
    token = forms.CharField(
        widget=forms.HiddenInput,
        error_messages={"required": _("The form could not be checked. Please send it again.")},
    )
    # A field people do not see (hidden by the stylesheet and from screen readers); bots fill it.
    homepage = forms.CharField(label=_("Leave this field empty"), required=False)
    remember = forms.BooleanField(
        label=_("Remember my name, email and website on this device"), required=False
    )
    notify = forms.BooleanField(
        label=_("Email me when my comment is approved and when someone replies"), required=False
    )

    def __init__(self, *args, post, **kwargs):
        self.post = post
        super().__init__(*args, **kwargs)
        self.fields["token"].initial = form_token(post)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["website"].widget.attrs["autocomplete"] = "url"
        self.fields["homepage"].widget.attrs.update(tabindex="-1", autocomplete="off")
        self.fields["body"].help_text = _(
            "Plain text, at most %(limit)s characters. Blank lines start a new paragraph; web "
            "addresses become links."
        ) % {"limit": number_format(BODY_LIMIT, force_grouping=True)}
        self._describe_fields()

    def full_clean(self):
        super().full_clean()
        self._describe_fields()

    def _describe_fields(self) -> None:
        """Tie help texts and errors to their fields, for screen readers. (Not hidden
        fields: HTML forbids aria-* on them; the form's summary tells their errors.)"""
        for name, field in self.fields.items():
            if field.widget.is_hidden:
                continue
            auto_id = self[name].auto_id
            described_by = [f"{auto_id}_helptext"] if field.help_text else []
            if self.is_bound and name in self.errors:
                described_by.append(f"{auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if described_by:
                field.widget.attrs["aria-describedby"] = " ".join(described_by)

    def renew(self) -> None:
        """Prepare a refused form to be sent again: a fresh token, dated back as if the page
        had been open for a while, and an empty trap field (a browser may have filled it).
        Its uses are counted like any other token's: anyone can get one by sending nonsense.
        """
        if self.is_bound:
            data = self.data.copy()
            data["token"] = form_token(self.post, age=settings.TINTE_COMMENT_MIN_SECONDS)
            data["homepage"] = ""
            if "parent" in self.errors:
                data["parent"] = ""  # what it answered is gone: send it as a comment of its own
            self.data = data

    def clean_token(self) -> str:
        token = self.cleaned_data["token"]
        try:
            content = signing.loads(token, salt=TOKEN_SALT)
        except signing.BadSignature:
            content = None
        if not isinstance(content, dict) or content.get("post") != self.post.pk:
            raise forms.ValidationError(
                _("The form could not be checked. Please send it again."), code="bad_token"
            )
        age = time.time() - content.get("time", 0)
        if age < settings.TINTE_COMMENT_MIN_SECONDS:
            raise forms.ValidationError(
                _("That was very quick. Please read your comment once more and send it again."),
                code="too_fast",
            )
        if age > settings.TINTE_COMMENT_MAX_AGE_HOURS * 3600:
            raise forms.ValidationError(
                _("The page was open for a long time. Please send your comment again."),
                code="expired",
            )
        # The page it came from: every use of it is counted (comments.counters).
        self.token_issued = int(content["time"])
        return token

    def clean_body(self) -> str:
        # Browsers send a line break as two characters but count it as one for `maxlength`:
        # counted as one here too, a text the browser took is never too long.
        body = self.cleaned_data["body"].replace("\r\n", "\n")
        if len(body) > BODY_LIMIT:
            raise forms.ValidationError(
                _(
                    "Your comment has %(length)s characters, %(over)s more than the %(limit)s "
                    "that fit. Please shorten it; your text is kept below."
                ),
                code="max_length",
                params={
                    "length": number_format(len(body), force_grouping=True),
                    "over": number_format(len(body) - BODY_LIMIT, force_grouping=True),
                    "limit": number_format(BODY_LIMIT, force_grouping=True),
                },
            )
        return body

    def clean_homepage(self) -> str:
        if self.cleaned_data["homepage"]:
            raise forms.ValidationError(
                _("This comment looks automated and was not saved."), code="honeypot"
            )
        return ""

    @property
    def reply_to(self) -> Comment | None:
        """The comment this form answers, once the form has been checked."""
        return getattr(self, "cleaned_data", {}).get("parent")

    def clean_parent(self) -> Comment | None:
        parent_id = self.cleaned_data.get("parent")
        if parent_id is None:
            return None
        parent = Comment.objects.approved().filter(post=self.post, pk=parent_id).first()
        if parent is None:
            raise forms.ValidationError(
                _("The comment you are replying to is no longer there."), code="no_parent"
            )
        return parent

    def clean(self):
        data = super().clean()
        if data.get("email") and data.get("body"):
            duplicate = (
                Comment.objects.filter(
                    post=self.post,
                    email__iexact=data["email"],
                    body=data["body"].strip(),
                    created_at__gte=timezone.now() - timedelta(days=1),
                )
                .exclude(status=Comment.Status.TRASH)
                .exists()
            )
            if duplicate:
                raise forms.ValidationError(
                    _("You have sent this comment already."),
                    code="duplicate",
                )
        return data
