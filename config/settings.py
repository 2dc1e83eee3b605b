"""Tinte's settings: safe defaults for a laptop, everything for production from the environment.

Every variable read here is listed in `.env.example`.
"""

import json
import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from django_prose_editor.config import html_tags, process_link, process_text_align
from js_asset import static_lazy

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("TINTE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def request_header_key(name: str) -> str:
    """The request.META key of a header, named either way: X-Real-IP or HTTP_X_REAL_IP."""
    key = name.strip().upper().replace("-", "_")
    return key if key == "REMOTE_ADDR" or key.startswith("HTTP_") else f"HTTP_{key}"


def local_secret_key(path: Path) -> str:
    """A random key made once for this installation and kept in var/ (never committed)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as file:
            file.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


# Off unless asked for: a production site that forgets the variable shows no debug pages.
DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or local_secret_key(VAR_DIR / "secret_key")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "taggit",
    "django_prose_editor",
    "axes",
    "blog",
    "comments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files with hashed names, compressed, cached for a year (`make serve`).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # NUL and other control characters in the address (404), a query parameter (a space)
    # or a cookie (ignored), before the session, the page cache or any view reads them.
    "blog.middleware.keep_out_control_characters",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETag and 304 Not Modified for every page and feed (feeds by ETag alone: blog.views).
    "django.middleware.http.ConditionalGetMiddleware",
    # Whole pages for visitors without a session; after ConditionalGet, so that a cached
    # page still answers 304, and before what marks pages private.
    "blog.cache.page_cache",
    # Addresses of the blog this one moved from (Blogger, WordPress): permanent redirects.
    "blog.redirects.old_addresses",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "comments.middleware.private_pages",
    # Slows password guessing at the admin login (last, as django-axes asks).
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The admin's is the only login. After it, the admin: also when `next` points off the site,
# which Django rightly ignores (it would otherwise send to /accounts/profile/, a 404).
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
# Five wrong passwords for one account from one address, and that pair waits 15 minutes;
# the owner, from another address or after the wait, still gets in. A right password
# clears the count.
AXES_FAILURE_LIMIT = env_int("TINTE_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_VERBOSE = False


ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "blog.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if not DATABASE_URL:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASE_URL = f"sqlite:///{VAR_DIR / 'tinte.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A reader and a writer must never see "database is locked": WAL lets readers go on
    # while one writer writes, IMMEDIATE takes the write lock at BEGIN (so a transaction
    # never fails half-way when it upgrades from read to write), and the timeout makes a
    # second writer wait instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Tests run on a file too: Django's default in-memory test database shares one cache
    # between threads with table locks that ignore the timeout, unlike the real thing.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language and time: German first, English available.
LANGUAGE_CODE = os.environ.get("DJANGO_LANGUAGE_CODE", "de")
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]  # before Django's own: see blog/stock_messages.py
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise looks there from the start
MEDIA_URL = os.environ.get("DJANGO_MEDIA_URL", "media/")
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
# Uploads go through Django's storage API: object storage is a matter of configuration, for
# example DJANGO_MEDIA_STORAGE=storages.backends.s3.S3Storage (pip install django-storages)
# and DJANGO_MEDIA_STORAGE_OPTIONS='{"bucket_name": "mein-blog"}'.
STORAGES = {
    "default": {
        "BACKEND": os.environ.get(
            "DJANGO_MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": json.loads(os.environ.get("DJANGO_MEDIA_STORAGE_OPTIONS") or "{}"),
    },
    # `make serve` collects static files with hashed names (TINTE_HASHED_STATIC=1), which
    # WhiteNoise then serves compressed and cached for a year.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("TINTE_HASHED_STATIC", False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Let Django itself serve uploads: for a laptop (`make run`) only; a web server does it better.
TINTE_SERVE_MEDIA = env_bool("TINTE_SERVE_MEDIA", DEBUG)

# Uploads larger than this are refused before Pillow opens them.
TINTE_MAX_IMAGE_BYTES = env_int("TINTE_MAX_IMAGE_BYTES", 10 * 1024 * 1024)
TINTE_MAX_IMAGE_PIXELS = env_int("TINTE_MAX_IMAGE_PIXELS", 40_000_000)

# The blog itself.
TINTE_BLOG_TITLE = os.environ.get("TINTE_BLOG_TITLE", "Tinte")
TINTE_BLOG_DESCRIPTION = os.environ.get("TINTE_BLOG_DESCRIPTION", "")
TINTE_POSTS_PER_PAGE = env_int("TINTE_POSTS_PER_PAGE", 5)
# "Brot" and "brot" are one label (WordPress's "Gallery" category and "gallery" tag too).
TAGGIT_CASE_INSENSITIVE = True
# The sidebar shows this many labels, the most used ones; the rest are a link away.
TINTE_SIDEBAR_LABELS = env_int("TINTE_SIDEBAR_LABELS", 30)
# Blogger shows whole posts on the home page; set to 0 for excerpts.
TINTE_FULL_POSTS_ON_LISTS = env_bool("TINTE_FULL_POSTS_ON_LISTS", True)

# Tinte's changes to the editor (static/js/editor-extensions.js), loaded beside its own
# extensions: its Link replaces the editor's, LibraryPicture places pictures from the image
# library, Alignment is the editor's TextAlign (see blog.admin.EDITOR). What they write is
# decided by blog/sanitize.py, whatever these processors say.
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("js/editor-extensions.js")],
        "extensions": {
            "Alignment": process_text_align,
            "Link": process_link,
            "LibraryPicture": html_tags(["figure", "img", "figcaption"], {"img": ["src", "alt"]}),
        },
    }
]

# Cookies only over HTTPS, except on a laptop (DEBUG, or `make run`, which sets this to 0).
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
if env_bool("DJANGO_BEHIND_HTTPS_PROXY", False):
    # Only behind a proxy that sets this header itself; otherwise any client could.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The site is served over HTTPS only: redirect plain HTTP and tell browsers (HSTS) to ask
# for HTTPS for a year. Once sent, browsers keep to it: switch on when HTTPS works.
if env_bool("DJANGO_HTTPS", False):
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    # Entering the browsers' preload list is a separate, lasting decision (hstspreload.org):
    # DJANGO_HSTS_PRELOAD=1 asks for it; until then Django's reminder stays quiet.
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
    SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Scripts and styles only from the blog's own files: no inline script, no unsafe-inline.
# (The admin's import map is allowed by its hash, see blog.admin.RichTextAdmin.)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *env_list("TINTE_CSP_IMAGE_SOURCES", [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
# No page of a blog needs the camera, the microphone, the position or payment.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone",
        "payment", "usb", "browsing-topics",
    )
}  # fmt: skip

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("DJANGO_EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "tinte@localhost")
# Emails about comments go out in a background thread, so that a slow mail server never
# keeps a reader waiting (a failure is logged; the comment is saved either way).
TINTE_SEND_MAIL_IN_BACKGROUND = env_bool("TINTE_SEND_MAIL_IN_BACKGROUND", True)

# Each process's memory by default; Redis (REDIS_URL or CACHE_URL, redis://...) when several
# processes or servers should share one cache. `pip install -e '.[redis]'`.
_CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": _CACHE_URL,
        # A Redis that stops answering costs a second, not a worker's whole timeout.
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    if _CACHE_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": env_int("TINTE_CACHE_ENTRIES", 2000)},
    }
}
# Reader pages and feeds are kept whole this long for visitors without a session (0: off);
# any change readers could see makes them out of date at once (blog.cache).
TINTE_PAGE_CACHE = "default"
TINTE_PAGE_CACHE_SECONDS = env_int("TINTE_PAGE_CACHE_SECONDS", 600)
# How long a cache in front (nginx, a CDN) may keep a page: it cannot be told of changes.
TINTE_SHARED_CACHE_SECONDS = env_int("TINTE_SHARED_CACHE_SECONDS", 2)
TINTE_UNCACHED_PATHS = ("/admin/", "/comments/moderate/", "/comments/unsubscribe/", "/preview/")

# The form posts from another site never act as a logged-in user.
SESSION_COOKIE_SAMESITE = "Lax"

# Comments.
# Where the blog is reached from outside, for the links in emails.
TINTE_SITE_URL = os.environ.get("TINTE_SITE_URL", "http://127.0.0.1:8000")
# The links in moderation emails work this many days.
TINTE_MODERATION_LINK_DAYS = env_int("TINTE_MODERATION_LINK_DAYS", 7)
# A comment form sent sooner than this after the page was made is a bot's...
TINTE_COMMENT_MIN_SECONDS = env_int("TINTE_COMMENT_MIN_SECONDS", 3)
# ... and one older than this gets a fresh form, with the text kept.
TINTE_COMMENT_MAX_AGE_HOURS = env_int("TINTE_COMMENT_MAX_AGE_HOURS", 7 * 24)
# At most this many comments from one address in one minute of the clock, counted where every
# worker and server sees the same number (Redis when configured, else the database).
TINTE_COMMENT_RATE_PER_MINUTE = env_int("TINTE_COMMENT_RATE_PER_MINUTE", 5)
# `manage.py comments_housekeeping` deletes spam and trash, and anonymises IP addresses,
# older than these numbers of days.
TINTE_COMMENT_PURGE_DAYS = env_int("TINTE_COMMENT_PURGE_DAYS", 30)
TINTE_COMMENT_IP_DAYS = env_int("TINTE_COMMENT_IP_DAYS", 14)
# The request header with the client's address behind a proxy: X-Real-IP (what the shipped
# nginx site sends) or X-Forwarded-For; REMOTE_ADDR without a proxy. Only a header that a
# proxy of this site sets: any other, the client writes itself (comments.visitors.client_ip).
TINTE_CLIENT_IP_HEADER = request_header_key(
    os.environ.get("TINTE_CLIENT_IP_HEADER") or "REMOTE_ADDR"
)
# With X-Forwarded-For: how many proxies of this site add to it (nginx: 1; a load balancer or
# CDN in front of nginx: 2). The address the farthest of them saw is the client's; whatever
# the client wrote into the header itself, to the left of it, is not believed.
TINTE_TRUSTED_PROXY_COUNT = env_int("TINTE_TRUSTED_PROXY_COUNT", 1)
if TINTE_TRUSTED_PROXY_COUNT < 1:
    raise ImproperlyConfigured("TINTE_TRUSTED_PROXY_COUNT must be 1 or more.")
# The admin login's throttle counts the same address (django-axes would need django-ipware
# to read the header itself).
AXES_CLIENT_IP_CALLABLE = "comments.visitors.client_ip"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
