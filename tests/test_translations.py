"""Every user-facing string has a German translation."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

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
