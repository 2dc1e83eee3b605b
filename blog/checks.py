"""System checks for a site going public (`manage.py check --deploy`; `make serve` runs
Tinte's own at start with `--tag tinte`): what works on a laptop but not on a server.
"""

from django.conf import settings
from django.core.checks import Warning, register

# What TINTE_SITE_URL is when nobody set it (config/settings.py): runserver's address.
LAPTOP_SITE_URL = "http://127.0.0.1:8000"


@register("tinte", deploy=True)
def site_url_is_set(app_configs, **kwargs) -> list[Warning]:
    """Emails and feed entry ids carry the blog's address; the server cannot guess it (behind
    nginx, HOST and PORT are gunicorn's, not the readers').
    """
    if settings.DEBUG or settings.TINTE_SITE_URL.rstrip("/") != LAPTOP_SITE_URL:
        return []
    return [
        Warning(
            f"TINTE_SITE_URL is not set: links in emails and the ids of feed entries point to "
            f"{LAPTOP_SITE_URL}/, not to where readers reach the blog.",
            hint="Set TINTE_SITE_URL to the blog's public address, e.g. https://blog.example.de.",
            id="tinte.W001",
        )
    ]


@register("tinte", deploy=True)
def front_server_is_configured(app_configs, **kwargs) -> list[Warning]:
    """Without a web server in front (nginx, see config/nginx/tinte.conf) nobody serves the
    uploads, and over plain HTTP the browser never sends back the HTTPS-only login cookie:
    pictures break and the admin login does not stick, with no error anywhere.
    """
    front_server = (
        getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
        or getattr(settings, "SECURE_SSL_REDIRECT", False)
        or settings.TINTE_CLIENT_IP_HEADER != "REMOTE_ADDR"
    )
    storage = settings.STORAGES["default"]["BACKEND"]
    problems = []
    if not settings.TINTE_SERVE_MEDIA and storage.endswith(".FileSystemStorage"):
        problems.append("uploaded pictures are not served (404)")
    if settings.SESSION_COOKIE_SECURE:
        problems.append("the login cookie needs HTTPS")
    if settings.DEBUG or front_server or not problems:
        return []
    return [
        Warning(
            f"No web server in front is configured (DJANGO_HTTPS, DJANGO_BEHIND_HTTPS_PROXY): "
            f"{' and '.join(problems)}. For plain HTTP without nginx, set TINTE_SERVE_MEDIA=1 "
            f"and DJANGO_SECURE_COOKIES=0.",
            id="tinte.W002",
        )
    ]
