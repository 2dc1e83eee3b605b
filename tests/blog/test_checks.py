"""`manage.py check --deploy` (and `make serve` at start) say what works on a laptop but not
on a public site.
"""

import pytest
from django.core.checks import run_checks


def tinte_warnings() -> dict[str, str]:
    return {
        warning.id: warning.msg
        for warning in run_checks(include_deployment_checks=True, tags=["tinte"])
    }


@pytest.fixture
def public_site(settings):
    """A site as the README asks for it: nginx with HTTPS in front, its own address."""
    settings.DEBUG = False
    settings.TINTE_SITE_URL = "https://blog.example.de"
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SESSION_COOKIE_SECURE = True
    settings.TINTE_SERVE_MEDIA = False
    return settings


def test_a_site_set_up_as_the_readme_says_gets_no_warning(public_site):
    assert tinte_warnings() == {}


@pytest.mark.parametrize("site_url", ["http://127.0.0.1:8000", "http://127.0.0.1:8000/"])
def test_a_site_url_left_unset_is_reported(public_site, site_url):
    public_site.TINTE_SITE_URL = site_url

    assert "TINTE_SITE_URL is not set" in tinte_warnings()["tinte.W001"]


def test_an_unset_site_url_is_fine_while_debugging(public_site):
    public_site.TINTE_SITE_URL = "http://127.0.0.1:8000"
    public_site.DEBUG = True

    assert tinte_warnings() == {}


def test_without_a_front_server_it_says_how_to_serve_over_plain_http(public_site):
    public_site.SECURE_SSL_REDIRECT = False
    del public_site.SECURE_PROXY_SSL_HEADER

    message = tinte_warnings()["tinte.W002"]

    assert "uploaded pictures are not served" in message
    assert "the login cookie needs HTTPS" in message
    assert "TINTE_SERVE_MEDIA=1 and DJANGO_SECURE_COOKIES=0" in message
    assert "\n" not in message


def test_a_laptop_serving_its_own_uploads_over_plain_http_gets_no_front_server_warning(
    public_site,
):
    public_site.SECURE_SSL_REDIRECT = False
    del public_site.SECURE_PROXY_SSL_HEADER
    public_site.TINTE_SERVE_MEDIA = True
    public_site.SESSION_COOKIE_SECURE = False

    assert "tinte.W002" not in tinte_warnings()


def test_a_front_server_known_by_the_client_address_header_is_enough(public_site):
    public_site.SECURE_SSL_REDIRECT = False
    del public_site.SECURE_PROXY_SSL_HEADER
    public_site.TINTE_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"

    assert tinte_warnings() == {}
