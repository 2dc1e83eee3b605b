"""`make bench BENCH_ARGS=--import` must keep working: its export is a WordPress file that
imports whole, with the HTML it promises, and a tiny run prints every figure.
"""

import io
import re
import subprocess
import sys

import pytest
from django.core.management import call_command

from blog.models import Post
from comments.models import Comment
from tests.bench import imports


@pytest.mark.django_db
def test_the_bench_export_imports_whole(tmp_path):
    path = tmp_path / "bench.xml"
    imports.write_export(path, 0.05)

    out = io.StringIO()
    call_command("import_wordpress", str(path), stdout=out, stderr=io.StringIO())

    long = Post.objects.get(slug="sehr-lang")
    for made in ("<p>", "<a href=", "<li>", "<img ", "<h2>", "<td>"):
        assert made in long.body, made
    assert Post.objects.count() == 11 and Comment.objects.count() == 50
    assert "0 Warnungen" in out.getvalue()


def test_a_tiny_import_bench_prints_its_figures(tmp_path):
    run = subprocess.run(  # noqa: S603 (our own benchmark)
        [sys.executable, "-m", "tests.bench", "--import", "--import-megabytes", "0.02"],
        capture_output=True,
        text=True,
        cwd=imports.ROOT,
        timeout=600,
    )

    assert run.returncode == 0, run.stderr
    for row in ("first import", "second import (unchanged)"):
        assert re.search(rf"{re.escape(row)}\s+[\d.]+\s+[\d.]+\s+\d+", run.stdout), run.stdout
    assert "Posts: 0 neu, 0 aktualisiert, 11 unverändert" in run.stdout
