"""The benchmark must keep working: its seeding makes the blog it promises, its nginx is the
shipped configuration, and a tiny run (a second per page) prints every row without errors.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from blog.models import Label, Post
from comments.models import Comment
from tests.bench import __main__ as bench
from tests.bench import pictures
from tests.bench.seed import BUSY_POST, is_seeded, seed


def unavailable(reason: str):
    """Skip, saying why; under TINTE_REQUIRE_BENCH=1 (CI, which installs wrk and nginx),
    fail instead.
    """
    if os.environ.get("TINTE_REQUIRE_BENCH") == "1":
        pytest.fail(f"{reason} (TINTE_REQUIRE_BENCH=1 turns this skip into a failure)")
    pytest.skip(reason)


@pytest.mark.django_db
def test_seed_makes_the_blog_it_promises(client):
    seed(posts=30, comments=400, labels=12, log=lambda message: None)

    assert is_seeded(30, 400, 12)
    assert Post.objects.published().count() == 30
    assert Label.objects.count() == 12
    busy = Post.objects.get(slug=BUSY_POST)
    assert Comment.objects.shown().filter(post=busy).count() == 200
    page = client.get(busy.get_absolute_url()).content.decode()
    assert page.count('class="comment-body"') == 200


def test_nginx_config_is_the_shipped_one_on_a_loopback_port(tmp_path):
    shipped = bench.NGINX_CONFIG.read_text()
    config = bench.nginx_config(
        shipped, workdir=tmp_path, port=18080, app_port=18000, copy_port=18081, copy_dir=tmp_path
    )

    assert "listen 127.0.0.1:18080;" in config
    assert "server 127.0.0.1:18000;" in config
    assert "ssl" not in config and "443" not in config and "/srv/tinte" not in config
    for directive in ("proxy_cache tinte;", "proxy_cache_bypass", "location /static/"):
        assert directive in config
    if bench.nginx_program() is None:
        return
    (tmp_path / "nginx.conf").write_text(config)
    checked = subprocess.run(
        [bench.nginx_program(), "-t", "-p", tmp_path, "-c", tmp_path / "nginx.conf"],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr


WRK_OUTPUT = """Running 1s test @ http://127.0.0.1:8000/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    15.90ms    3.01ms  40.12ms   80.00%
    Req/Sec   490.10     40.22   555.00     70.00%
  Latency Distribution
     50%  950.00us
     75%   17.00ms
     90%   19.00ms
     99%    1.20s
  980 requests in 1.00s, 5.53MB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 4
Requests/sec:    978.50
Transfer/sec:      5.52MB
"""


def test_wrk_output_is_read_with_its_units():
    assert bench.parse_wrk(WRK_OUTPUT) == {
        "requests": 980,
        "rps": 978.5,
        "p50": pytest.approx(0.95),
        "p99": 1200.0,
        "errors": 7,
    }


def bench_database_url() -> str:
    """On PostgreSQL the run uses a database of its own beside the test database."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        return ""
    import psycopg

    name = "tinte_bench_smoke"
    server = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"]}
    with psycopg.connect(
        **server, password=db["PASSWORD"], dbname=db["NAME"], autocommit=True
    ) as pg:
        if not pg.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            pg.execute(f"CREATE DATABASE {name}")
    user = server["user"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{user}@{server['host']}:{server['port']}/{name}"


def test_a_tiny_benchmark_measures_every_page_every_way():
    missing = [
        tool
        for tool in ("wrk", "nginx")
        if not shutil.which(tool, path="/usr/sbin:" + os.environ["PATH"])
    ]
    if missing:
        unavailable(f"{' and '.join(missing)} not installed: apt install wrk nginx-light")
    url = bench_database_url()
    result = subprocess.run(
        [sys.executable, "-m", "tests.bench", "--posts", "20", "--comments", "250"]
        + ["--labels", "5", "--seconds", "1", "--connections", "4", "--database-url", url],
        cwd=bench.ROOT,
        capture_output=True,
        text=True,
        env=os.environ | {"BENCH_DATABASE_URL": ""},
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    table = result.stdout.split("Under load (")[1]
    rows = [line.split() for line in table.splitlines() if re.search(r"\d+\.\d\d\s+\d+$", line)]
    # The static copy; 7 pages uncached and through nginx; 6 new to the cache and as cache
    # hits (a POST is never cached).
    assert len(rows) == 1 + 7 + 6 + 6 + 7, table
    assert all(row[-1] == "0" for row in rows), table  # no errors
    written = re.search(r"Written to (\S+)\.", result.stdout)[1]
    assert (Path(bench.ROOT) / written).read_text() in result.stdout


def test_the_picture_benchmark_measures_each_picture_in_a_process_of_its_own(tmp_path):
    runs = pictures.run([("kleines Foto", "foto.jpg", (900, 600))], folder=tmp_path)

    (run,) = runs
    assert run.file_bytes == (tmp_path / "900x600-foto.jpg").stat().st_size
    assert run.check_s >= 0 and run.process_s > 0
    assert 0 <= run.growth_mib < run.peak_mib
    assert "kleines Foto" in "\n".join(pictures.report(runs))
