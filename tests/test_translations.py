"""Every user-facing string has a German translation."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django import forms
from django.core.management import call_command
from django.core.validators import MaxLengthValidator
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.skipif(
    shutil.which("msgfmt") is None, reason="GNU gettext (msgfmt) is not installed"
)

SOURCES = ["blog", "comments", "config", "templates", "static", "locale"]


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_german_catalogue_translates_every_string(tmp_path, settings, monkeypatch, domain):
    # makemessages writes into the catalogue beside the code it reads, so it reads a copy.
    project = Path(settings.BASE_DIR)
    for name in SOURCES:
        shutil.copytree(project / name, tmp_path / name)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)

    call_command("makemessages", locale=["de"], domain=domain, no_obsolete=True, verbosity=0)

    catalogue = tmp_path / "locale" / "de" / "LC_MESSAGES" / f"{domain}.po"
    statistics = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(catalogue)],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    assert "untranslated" not in statistics, statistics
    assert "fuzzy" not in statistics, statistics


@pytest.mark.django_db
def test_readers_and_authors_meet_tintes_plain_german_not_djangos_stiff_one(client):
    """Django's stock messages, said anew in locale/de (blog/stock_messages.py keeps them)."""
    with translation.override("de"):
        required = str(forms.CharField().error_messages["required"])
        too_long = MaxLengthValidator(100).message % {"limit_value": 100, "show_value": 120}
    login = client.post(reverse("admin:login"), {"username": "wer", "password": "falsch"})

    assert required == "Bitte füllen Sie dieses Feld aus."
    assert too_long == "Höchstens 100 Zeichen sind möglich, hier sind es 120."
    assert "Staff-Account" not in login.content.decode()
    assert "Achten Sie auf Groß- und Kleinschreibung" in login.content.decode()


def test_makemessages_keeps_the_overridden_django_messages(tmp_path, settings, monkeypatch):
    """`make translations` drops what Tinte's source does not say: the overrides are said in
    blog/stock_messages.py, so their translations stay."""
    project = Path(settings.BASE_DIR)
    for name in SOURCES:
        shutil.copytree(project / name, tmp_path / name)
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)

    call_command("makemessages", locale=["de"], domain="django", no_obsolete=True, verbosity=0)

    catalogue = (tmp_path / "locale" / "de" / "LC_MESSAGES" / "django.po").read_text()
    assert 'msgid "This field is required."\nmsgstr "Bitte füllen Sie dieses Feld aus."' in (
        catalogue
    )
    assert "for a staff account" in catalogue
