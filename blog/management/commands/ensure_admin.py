import os
import secrets
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError
from django.urls import reverse

from blog.models import AuthorProfile


class Command(BaseCommand):
    help = (
        "Make sure an admin account exists and say how to log in. The account is named by "
        "DJANGO_SUPERUSER_USERNAME (default: admin) and gets DJANGO_SUPERUSER_PASSWORD and "
        "DJANGO_SUPERUSER_EMAIL, the variables of `createsuperuser --noinput`; without a "
        "password, a random one is made and shown once. An account without a name for "
        "readers gets its first and last name, or else the blog's title (never the login name)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")

    def handle(self, *args, base_url, **options):
        User = get_user_model()
        login_url = base_url.rstrip("/") + reverse("admin:index")
        existing = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if existing is not None:
            python = (
                os.path.relpath(sys.executable)
                if Path(sys.executable).is_relative_to(Path.cwd())
                else sys.executable
            )
            self.stdout.write(
                f"Admin: log in at {login_url} as {existing.get_username()!r}. Forgot the "
                f"password? {python} manage.py changepassword {existing.get_username()}"
            )
            self.name_for_readers(existing, base_url)
            return

        username = os.environ.get("DJANGO_SUPERUSER_USERNAME") or "admin"
        if User.objects.filter(**{User.USERNAME_FIELD: username}).exists():
            raise CommandError(
                f"A user {username!r} exists but is no active superuser. Choose another name "
                "with DJANGO_SUPERUSER_USERNAME, or make that user a superuser in the admin."
            )
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        if password:
            shown = "the password from DJANGO_SUPERUSER_PASSWORD"
        else:
            password = secrets.token_urlsafe(12)
            shown = f"{password}\nThis password is shown only now; change it in the admin."
        # An address, so that the admin is told about comments waiting for approval
        # (printed to the console until an email backend is configured).
        email = os.environ.get("DJANGO_SUPERUSER_EMAIL") or f"{username}@localhost"
        user = User.objects.create_superuser(username, email=email, password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created the admin account. Log in at {login_url}\n"
                f"    user:     {username}\n"
                f"    password: {shown}"
            )
        )
        self.name_for_readers(user, base_url)

    def name_for_readers(self, user, base_url: str) -> None:
        """Posts are published under a name for readers, and the login name is never one."""
        profile, _created = AuthorProfile.objects.get_or_create(user=user)
        if not profile.has_name:
            profile.display_name = user.get_full_name() or settings.TINTE_BLOG_TITLE
            profile.save(update_fields=["display_name"])
        profile_url = base_url.rstrip("/") + reverse("admin:blog_authorprofile_mine")
        self.stdout.write(
            f"Readers see this account as {profile.display_name!r}; "
            f"set your own name at {profile_url}"
        )
