import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError, call_command
from django.urls import reverse


class Command(BaseCommand):
    help = (
        "Make sure an admin account exists and say how to log in. Creates one with a random "
        "password, shown once, unless DJANGO_SUPERUSER_PASSWORD is set (then it is used, as "
        "by `createsuperuser --noinput`)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")

    def handle(self, *args, username, base_url, **options):
        User = get_user_model()
        login_url = base_url.rstrip("/") + reverse("admin:index")
        existing = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if existing is not None:
            self.stdout.write(
                f"Admin: log in at {login_url} as {existing.get_username()!r}. "
                f"Forgot the password? python manage.py changepassword {existing.get_username()}"
            )
            return

        if os.environ.get("DJANGO_SUPERUSER_PASSWORD"):
            username = os.environ.get("DJANGO_SUPERUSER_USERNAME", username)
            call_command("createsuperuser", interactive=False, username=username, verbosity=0)
            user = User.objects.get_by_natural_key(username)
            self.stdout.write(
                f"Admin: log in at {login_url} as {user.get_username()!r} with the password "
                "from DJANGO_SUPERUSER_PASSWORD."
            )
            return

        if User.objects.filter(**{User.USERNAME_FIELD: username}).exists():
            raise CommandError(
                f"A user {username!r} exists but is no active superuser. Make it one in the "
                f"shell, or choose another name: manage.py ensure_admin --username NAME"
            )
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created the admin account. Log in at {login_url}\n"
                f"    user:     {username}\n"
                f"    password: {password}\n"
                "This password is shown only now; change it in the admin."
            )
        )
