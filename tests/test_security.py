"""Headers, cookies and the admin login throttle a security reviewer checks."""

import base64
import hashlib
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from comments.forms import form_token
from comments.visitors import client_ip
from config.settings import request_header_key
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_pages_send_a_strict_content_security_policy_and_the_other_headers(client):
    response = client.get(PostFactory().get_absolute_url())

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_the_editors_import_map_is_the_one_inline_script_allowed_by_its_hash(admin_client):
    response = admin_client.get(reverse("admin:blog_post_add"))

    html = response.content.decode()
    importmap = re.search(r'<script type="importmap"[^>]*>(.*?)</script>', html, re.DOTALL)[1]
    digest = base64.b64encode(hashlib.sha256(importmap.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in response["Content-Security-Policy"]
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", html)
    assert inline == ['<script type="importmap">']


def test_cookies_are_http_only_same_site_and_secure_off_the_laptop():
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.CSRF_COOKIE_SECURE == settings.SESSION_COOKIE_SECURE


def check_deploy(tmp_path, **variables: str | None) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "DJANGO_SECRET_KEY": "x" * 60 + "production-secret-key-for-the-check",
        "DJANGO_ALLOWED_HOSTS": "blog.example.de",
        "DJANGO_HTTPS": "1",
        "DJANGO_DEBUG": "0",
        "TINTE_VAR_DIR": str(tmp_path),
        **variables,
    }
    for laptop_only in ("DJANGO_SECURE_COOKIES", "DJANGO_ALLOW_ASYNC_UNSAFE"):  # the latter: e2e
        environment.pop(laptop_only, None)
    environment = {name: value for name, value in environment.items() if value is not None}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = check_deploy(tmp_path, TINTE_SITE_URL="https://blog.example.de")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_reports_a_site_url_left_unset(tmp_path):
    result = check_deploy(tmp_path, TINTE_SITE_URL=None)

    assert result.returncode != 0
    assert "(tinte.W001) TINTE_SITE_URL is not set" in result.stderr


PASSWORD = "ein-gutes-passwort"


def login(client, password, address="192.0.2.1", header="REMOTE_ADDR"):
    return client.post(
        reverse("admin:login"),
        {"username": "owner", "password": password},
        **{header: address},
    )


def test_password_guessing_at_the_admin_login_is_slowed_not_the_owner_locked_out(client):
    UserFactory(username="owner", is_staff=True, password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "falsch").status_code == 200
    assert login(client, "falsch").status_code == 429  # the last one allowed

    guessed = login(client, PASSWORD)

    assert guessed.status_code == 429
    assert "Zu viele falsche Passwörter" in guessed.content.decode()
    assert "<title>Zu viele falsche Passwörter | Tinte</title>" in guessed.content.decode()
    # The owner, from another address, still gets in.
    assert login(client, PASSWORD, address="198.51.100.7").status_code == 302


def test_behind_a_proxy_the_throttle_counts_the_visitors_address_not_the_proxys(client, settings):
    """nginx passes the visitor's address in X-Real-IP; everyone else comes from 127.0.0.1.
    Counting that would let anyone lock the owner out from everywhere."""
    settings.TINTE_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    UserFactory(username="owner", is_staff=True, password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "falsch", address="203.0.113.9", header="HTTP_X_REAL_IP")

    assert (
        login(client, PASSWORD, address="203.0.113.9", header="HTTP_X_REAL_IP").status_code == 429
    )
    assert (
        login(client, PASSWORD, address="198.51.100.7", header="HTTP_X_REAL_IP").status_code == 302
    )


# The client's address (comments.visitors.client_ip): what the nearest proxy saw, not what the
# client wrote. "1.2.3.4" and the like are what a client forges; nginx appends the real one.
@pytest.mark.parametrize(
    ("proxies", "forwarded", "address"),
    [
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "1.2.3.4, 203.0.113.9", "203.0.113.9"),
        (1, "1.2.3.4,10.0.0.1,  203.0.113.9", "203.0.113.9"),
        (1, "1.2.3.4, 203.0.113.9:51234", "203.0.113.9"),
        (1, "1.2.3.4, [2001:DB8::9]:443", "2001:db8::9"),
        (1, "::ffff:203.0.113.9", "203.0.113.9"),
        # A load balancer in front of nginx: it appends the client, nginx the balancer.
        (2, "1.2.3.4, 203.0.113.9, 192.0.2.50", "203.0.113.9"),
        (2, "203.0.113.9, 192.0.2.50", "203.0.113.9"),
        (2, "192.0.2.50", "192.0.2.50"),  # fewer entries than proxies: each is theirs
    ],
)
def test_the_client_address_is_the_one_the_nearest_trusted_proxy_saw(
    settings, rf, proxies, forwarded, address
):
    settings.TINTE_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.TINTE_TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="127.0.0.1")

    assert client_ip(request) == address


GARBAGE = ["", "unknown", "1.2.3.4, garbage", "1.2.3.4,", "999.1.1.1", "\x00", ",,,", "[::1", "a:b"]


@pytest.mark.parametrize("header", ["HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP"])
@pytest.mark.parametrize("value", GARBAGE)
def test_a_header_without_an_address_falls_back_to_the_connections(settings, rf, header, value):
    settings.TINTE_CLIENT_IP_HEADER = header

    assert client_ip(rf.get("/", **{header: value}, REMOTE_ADDR="192.0.2.1")) == "192.0.2.1"
    assert client_ip(rf.get("/", **{header: value}, REMOTE_ADDR="")) is None


@pytest.mark.parametrize("value", GARBAGE)
def test_a_garbage_address_header_never_gives_a_server_error(client, settings, value):
    settings.TINTE_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.TINTE_COMMENT_MIN_SECONDS = 0
    post = PostFactory()
    comment = {"name": "K", "email": "k@example.org", "body": "Hallo", "token": form_token(post)}

    commented = client.post(
        reverse("comments:create", kwargs={"post_id": post.pk}),
        comment,
        HTTP_X_FORWARDED_FOR=value,
    )
    logged_in = login(client, "falsch", address=value, header="HTTP_X_FORWARDED_FOR")

    assert commented.status_code == 302
    assert logged_in.status_code == 200


def test_a_forged_x_forwarded_for_prefix_does_not_escape_the_login_throttle(client, settings):
    settings.TINTE_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    UserFactory(username="owner", is_staff=True, password=PASSWORD)
    for number in range(settings.AXES_FAILURE_LIMIT):
        # A new made-up address each time; nginx appends the one it really saw.
        login(
            client, "falsch", address=f"10.9.8.{number}, 203.0.113.9", header="HTTP_X_FORWARDED_FOR"
        )

    guessed = login(
        client, PASSWORD, address="10.9.8.99, 203.0.113.9", header="HTTP_X_FORWARDED_FOR"
    )
    # Writing the locked-out address into the header locks nobody else out either.
    owner = login(
        client, PASSWORD, address="203.0.113.9, 198.51.100.7", header="HTTP_X_FORWARDED_FOR"
    )

    assert guessed.status_code == 429
    assert owner.status_code == 302


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("X-Forwarded-For", "HTTP_X_FORWARDED_FOR"),
        ("x-real-ip", "HTTP_X_REAL_IP"),
        ("HTTP_X_REAL_IP", "HTTP_X_REAL_IP"),
        ("REMOTE_ADDR", "REMOTE_ADDR"),
    ],
)
def test_the_address_header_may_be_named_as_it_is_sent(name, key):
    assert request_header_key(name) == key
