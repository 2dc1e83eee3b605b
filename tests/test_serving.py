"""How `make run` and `make serve` serve the blog: its address in links, the uploads, and
what `make serve` says at start.
"""

import os
import shutil
import subprocess

import pytest
from django.conf import settings

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def make_dry_run(*arguments: str, **environment: str) -> list[str]:
    """The commands `make -n` would run, without those of a surrounding make (`make test
    PORT=...` must not leak into the make under test).
    """
    inherited = ("TINTE_SITE_URL", "HOST", "PORT", "MAKEFLAGS", "MAKELEVEL", "MFLAGS")
    env = {k: v for k, v in os.environ.items() if k not in inherited} | environment
    result = subprocess.run(
        ["make", "-n", *arguments],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.replace("\\\n", " ").splitlines()


def command_of(lines: list[str], program: str) -> str:
    [line] = [line for line in lines if program in line]
    return line


def test_make_run_links_to_the_port_it_serves_on():
    lines = make_dry_run("run", "PORT=8100")
    runserver = command_of(lines, "runserver")

    assert "TINTE_SITE_URL='http://127.0.0.1:8100' " in runserver
    # The demo's comments are mailed about before the server starts: the same address.
    assert "TINTE_SITE_URL='http://127.0.0.1:8100' " in command_of(lines, "demo_comments")
    assert runserver.endswith("runserver --insecure 127.0.0.1:8100")


@pytest.mark.parametrize("where", ["environment", "command line"])
def test_make_run_keeps_a_site_url_that_is_set(where):
    url = "TINTE_SITE_URL=https://blog.example.de"
    if where == "environment":
        lines = make_dry_run("run", "PORT=8100", TINTE_SITE_URL="https://blog.example.de")
    else:
        lines = make_dry_run("run", "PORT=8100", url)

    assert "TINTE_SITE_URL='https://blog.example.de' " in command_of(lines, "runserver")


def test_make_serve_does_not_take_gunicorns_address_for_the_blogs_and_warns_first():
    lines = make_dry_run("serve", "PORT=8100")

    assert not any("TINTE_SITE_URL" in line for line in lines)
    check = lines.index(command_of(lines, "check --deploy --tag tinte"))
    assert check < lines.index(command_of(lines, "gunicorn"))


@pytest.mark.django_db
@pytest.mark.parametrize("serve_media", [False, True])
def test_uploads_are_served_by_django_only_when_asked(client, settings, serve_media):
    settings.TINTE_SERVE_MEDIA = serve_media
    settings.MEDIA_ROOT.mkdir(parents=True)
    (settings.MEDIA_ROOT / "bild.txt").write_text("Bild")

    response = client.get(f"{settings.MEDIA_URL}bild.txt")

    assert response.status_code == (200 if serve_media else 404)
