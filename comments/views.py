from django.contrib import messages
from django.core import signing
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from blog.models import Post
from comments import counters, notifications, services, visitors
from comments.forms import CommentForm
from comments.middleware import mark_private
from comments.models import Comment, DiscussionSettings


def form_page(request, form, *, status: int, problem: str = "", closed: bool = False):
    """The form again, with what went wrong at the top and everything the reader typed.

    On a post closed for comments, the text is given back to copy, without a form.
    """
    mark_private(request)
    form.renew()
    return render(
        request,
        "comments/form_page.html",
        {
            "form": form,
            "post": form.post,
            "problem": problem,
            "closed": closed,
            "reply_to": form.reply_to,
        },
        status=status,
    )


@csrf_exempt  # The signed form token and the honeypot protect this form; see CommentForm.
@require_http_methods(["GET", "HEAD", "POST"])
def comment_create(request, post_id: int):
    post = get_object_or_404(Post.objects.published(), pk=post_id)
    if request.method != "POST":
        # The address a browser shows after a refused comment: reloaded, or a tab restored
        # later, it leads back to the form under the post.
        return HttpResponseRedirect(f"{post.get_absolute_url()}#comment-form")
    form = CommentForm(request.POST, post=post)
    if not DiscussionSettings.load().comments_open(post):
        return form_page(request, form, status=403, problem=_("Comments are closed."), closed=True)
    if not form.is_valid():
        return form_page(request, form, status=400)
    ip = visitors.client_ip(request)
    # Only comments that would be saved count; correcting a mistake does not.
    if counters.too_many_comments(ip=ip):
        # Said with the address: behind a shared network address (a school, a company, a
        # mobile network), others' comments count too, and the reader can tell why.
        problem = (
            _(
                "Too many comments from your network address %(address)s. Please try again "
                "in a minute."
            )
            % {"address": ip}
            if ip
            else _("Too many comments from your address. Please try again in a minute.")
        )
        response = form_page(request, form, status=429, problem=problem)
        response["Retry-After"] = str(counters.seconds_left_in_minute())
        return response

    data = form.cleaned_data
    comment = services.comment_create(
        post=post,
        name=data["name"],
        email=data["email"],
        website=data["website"],
        body=data["body"],
        parent=data["parent"],
        ip=ip,
        notify=data["notify"],
        form_use=counters.form_token_used(post_id=post.pk, issued=form.token_issued, ip=ip),
    )
    if comment.status == Comment.Status.APPROVED:
        messages.success(request, _("Thank you! Your comment is published."), "comments")
        response = HttpResponseRedirect(comment.get_absolute_url())
    else:
        # Spam is not told it is spam: it is "received", like every held comment.
        if comment.status == Comment.Status.PENDING:
            visitors.remember_pending(request, comment)
        messages.success(
            request,
            _("Thank you! Your comment has been received and appears once it is approved."),
            "comments",
        )
        response = HttpResponseRedirect(f"{post.get_absolute_url()}#comments")
    visitors.remember_details(response, comment if data["remember"] else None)
    return response


def comment_permalink(request, pk: int):
    """A short, stable address of a comment that leads to the page of comments it is on.

    Feeds and exports link here, so that finding a comment's page costs nothing until a
    reader follows the link.
    """
    comment = get_object_or_404(
        Comment.objects.shown().filter(post__in=Post.objects.published()).select_related("post"),
        pk=pk,
    )
    return HttpResponseRedirect(comment.get_absolute_url())


class SignedLinkView(View):
    """A link from an email: GET asks for confirmation, POST acts. Never acts on GET."""

    template_name = ""

    def read_token(self, token):
        raise NotImplementedError

    def dispatch(self, request, token):
        mark_private(request)
        try:
            self.target = self.read_token(token)
        except signing.SignatureExpired:
            return self.invalid(_("This link has expired."))
        except signing.BadSignature:
            return self.invalid(_("This link is not valid. Was it copied completely?"))
        return super().dispatch(request, token)

    def invalid(self, reason: str):
        return render(self.request, "comments/link_invalid.html", {"reason": reason}, status=400)


class ModerateView(SignedLinkView):
    template_name = "comments/moderate_confirm.html"
    actions = {"approve": services.comment_approve, "spam": services.comment_mark_spam}

    def read_token(self, token):
        content = notifications.read_moderation_token(token)
        comment = Comment.objects.select_related("post").filter(pk=content["comment"]).first()
        if content["action"] not in self.actions or comment is None:
            raise signing.BadSignature("unknown comment or action")
        return {"comment": comment, "action": content["action"], "state": content["state"]}

    def used(self) -> bool:
        return notifications.moderation_state(self.target["comment"]) != self.target["state"]

    def get(self, request, token):
        if self.used():
            return self.done(already=True)
        return render(request, self.template_name, self.target)

    def post(self, request, token):
        comment = self.target["comment"]
        if self.used():
            return self.done(already=True)
        self.actions[self.target["action"]](comment=comment)
        return self.done(already=False)

    def done(self, *, already: bool):
        return render(
            self.request, "comments/moderate_done.html", {**self.target, "already": already}
        )


class UnsubscribeView(SignedLinkView):
    template_name = "comments/unsubscribe.html"

    def read_token(self, token):
        return {"email": notifications.read_unsubscribe_token(token)}

    def get(self, request, token):
        return render(request, self.template_name, {"done": False})

    def post(self, request, token):
        services.comments_unsubscribe(email=self.target["email"])
        return render(request, self.template_name, {"done": True})
