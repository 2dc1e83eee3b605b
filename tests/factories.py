import io
from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from blog.models import AuthorProfile, Page, Post, Status
from blog.models import Image as LibraryImage


class AuthorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuthorProfile
        django_get_or_create = ["user"]

    display_name = factory.LazyAttribute(lambda profile: profile.user.get_full_name())


class UserFactory(factory.django.DjangoModelFactory):
    """A user with a name for readers; `author_profile=None` makes one without a profile."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Erika"
    last_name = factory.Sequence(lambda n: f"Mustermann{n}")
    password = factory.django.Password("ein-gutes-passwort")
    author_profile = factory.RelatedFactory(AuthorProfileFactory, factory_related_name="user")


class PostFactory(factory.django.DjangoModelFactory):
    """A published post from the past; `labels=["a", "b"]` labels it."""

    class Meta:
        model = Post
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Post Nummer {n}")
    slug = factory.Sequence(lambda n: f"post-nummer-{n}")
    author = factory.SubFactory(UserFactory)
    body = "<p>Ein Absatz mit <strong>Inhalt</strong>.</p>"
    status = Status.PUBLISHED
    published_at = factory.Sequence(lambda n: timezone.now() - timedelta(days=1, minutes=n))

    class Params:
        draft = factory.Trait(status=Status.DRAFT, published_at=None)
        scheduled = factory.Trait(
            published_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
        )

    @factory.post_generation
    def labels(self, create, extracted, **kwargs):
        if create and extracted:
            self.labels.set(list(extracted))


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    title = factory.Sequence(lambda n: f"Seite {n}")
    slug = factory.Sequence(lambda n: f"seite-{n}")
    body = "<p>Seiteninhalt.</p>"
    status = Status.PUBLISHED
    position = factory.Sequence(lambda n: n)


class CommentFactory(factory.django.DjangoModelFactory):
    """An approved top-level comment; use `comments.services` for comments with rules."""

    class Meta:
        model = "comments.Comment"
        skip_postgeneration_save = True

    post = factory.SubFactory(PostFactory)
    name = factory.Sequence(lambda n: f"Leserin {n}")
    email = factory.Sequence(lambda n: f"leserin{n}@example.org")
    body = "Ein freundlicher Kommentar."
    body_html = "<p>Ein freundlicher Kommentar.</p>"
    status = "approved"
    thread = factory.LazyAttribute(lambda comment: None)

    @factory.post_generation
    def _thread(self, create, extracted, **kwargs):
        if create and self.thread_id is None:
            self.thread = self.parent.thread if self.parent else self
            self.depth = self.parent.depth + 1 if self.parent else 0
            self.save(update_fields=["thread", "depth"])


def staff_in_group(group: str, **fields):
    """A staff user set up as the blog's author ("Autor") or moderator ("Moderator") is."""
    user = UserFactory(is_staff=True, **fields)
    user.groups.add(Group.objects.get(name=group))
    return user


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def picture_upload(
    fmt: str = "JPEG", size=(2000, 1000), name: str | None = None, exif=None
) -> SimpleUploadedFile:
    """A real photo-like picture (noise, so that it does not compress to nothing)."""
    buffer = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    Image.effect_noise(size, 40).convert("RGB").save(buffer, fmt, **options)
    name = name or f"foto.{'jpg' if fmt == 'JPEG' else fmt.lower()}"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


class ImageFactory(factory.django.DjangoModelFactory):
    """A picture in the image library."""

    class Meta:
        model = LibraryImage

    file = factory.LazyFunction(lambda: picture_upload(size=(1200, 800)))
    alt = "Ein Apfelbaum im Herbst"
    caption = ""


def png_upload(name: str = "bild.png") -> SimpleUploadedFile:
    """A small real PNG, as a browser uploads it."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 200)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
