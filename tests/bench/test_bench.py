"""The benchmark must keep working: its seeding makes the blog it promises, its nginx is the
shipped configuration, and a tiny run (a second per page) prints every row without errors.
"""

import argparse
import json
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
        "non_2xx": 4,
        "socket_errors": 1,
        "timeouts": 2,
    }


# What wrk 4.2 prints when the page takes longer than the run: no error at all.
WRK_NOTHING_ANSWERED = """Running 1s test @ http://127.0.0.1:8000/
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     0.00us    0.00us   0.00us    -nan%
    Req/Sec     0.00      0.00     0.00      -nan%
  Latency Distribution
     50%    0.00us
     75%    0.00us
     90%    0.00us
     99%    0.00us
  0 requests in 1.00s, 0.00B read
Requests/sec:      0.00
Transfer/sec:       0.00B
"""


def test_requests_never_answered_in_the_run_are_timeouts_not_blanks():
    result = bench.parse_wrk(WRK_NOTHING_ANSWERED)
    run = bench.run_of("post", "uncached", result, connections=4, seconds=1, cpu=2.5)

    assert (run.rps, run.p50_ms, run.p99_ms, run.cpu_ms) == (0, None, None, None)
    assert run.errors == run.timeouts == 4
    assert run.why() == "4 not answered within 1 s"


def test_a_run_answered_only_after_the_timeout_has_no_latencies():
    late = WRK_OUTPUT.replace("980 requests", "2 requests")

    assert bench.parse_wrk(late) | {"rps": None} == {
        "requests": 2,
        "rps": None,
        "p50": None,
        "p99": None,
        "non_2xx": 4,
        "socket_errors": 1,
        "timeouts": 2,
    }


def test_connections_left_without_any_answer_count_as_timeouts():
    result = bench.parse_wrk(WRK_OUTPUT.replace("980 requests", "1 requests"))
    run = bench.run_of("post", "uncached", result, connections=16, seconds=10, cpu=0.1)

    # 16 connections, 1 answer, 1 socket error: 14 connections waited the whole run.
    assert run.timeouts == 2 + 14
    assert run.errors == 4 + 1 + 16
    assert run.why() == (
        "16 not answered within 2 s, 1 socket errors, 4 answers other than 2xx/3xx"
    )
    assert bench.timeout_of(10) == 2


@pytest.mark.django_db
def test_the_table_shows_a_row_that_got_no_answer_as_errors(capsys):
    args = argparse.Namespace(
        posts=20, comments=250, labels=5, seconds=1, connections=4, plans_only=False
    )
    nothing = bench.parse_wrk(WRK_NOTHING_ANSWERED)
    static = bench.run_of("post page, static copy", "nginx, static file", nothing, **LOAD)
    fine = bench.parse_wrk(WRK_OUTPUT.replace(", timeout 2", ", timeout 0"))
    runs = [
        bench.run_of("home", "uncached", fine, **LOAD),
        bench.run_of("post, 200 comments", "new to the cache", nothing, **LOAD),
    ]

    text = bench.report(args, [bench.Page("home", "/")], runs, static)

    rows = {line.split("  ")[1]: line.split() for line in text.splitlines() if "  " in line}
    assert rows["post, 200 comments"][-6:] == ["0", "-", "-", "-", "-", "4"]
    assert text.split("Errors:\n")[1].splitlines() == [
        "  post page, static copy, nginx, static file: 4 not answered within 1 s",
        "  home, uncached: 1 socket errors, 4 answers other than 2xx/3xx",
        "  post, 200 comments, new to the cache: 4 not answered within 1 s",
    ]


LOAD = {"connections": 4, "seconds": 1, "cpu": 1.0}


def bench_database_url() -> str:
    """On PostgreSQL the run uses a database of its own beside the test database (named
    after it, so that runs against different databases do not share one).
    """
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        return ""
    import psycopg

    name = f"{db['NAME']}_bench_smoke"
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
        # A guard against a hang, not a measure of speed: two and a half minutes on a busy
        # two-core machine, six with two more busy loops on each core.
        timeout=1800,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    table = result.stdout.split("Under load (")[1]
    runs = json.loads((Path(bench.ROOT) / "var/bench/results.json").read_text())["runs"]
    ways = {}
    for run in runs:
        ways.setdefault(run["way"], []).append(run["page"])
        assert f"  {run['page']:<28} {run['way']:<18}" in table
    # The static copy; 7 pages uncached and through nginx; 6 new to the cache and as cache
    # hits (a POST is never cached).
    pages = ways["uncached"]
    assert len(pages) == len(set(pages)) == 7, table
    assert ways == {
        "nginx, static file": ["post page, static copy"],
        "uncached": pages,
        "new to the cache": pages[:-1],
        "app cache hit": pages[:-1],
        "through nginx": pages,
    }, table
    # How fast is the machine's business: on a busy one a page may get no answer in a second.
    # But such a row says so (as errors, not blank figures), and no page answers an error.
    for run in runs:
        assert run["p50_ms"] is not None or run["errors"] >= 4, table
        assert run["non_2xx"] == 0, table
    written = re.search(r"Written to (\S+)\.", result.stdout)[1]
    assert (Path(bench.ROOT) / written).read_text() in result.stdout


def test_the_picture_benchmark_measures_each_picture_in_a_process_of_its_own(tmp_path):
    runs = pictures.run([("kleines Foto", "foto.jpg", (900, 600))], folder=tmp_path)

    (run,) = runs
    assert run.file_bytes == (tmp_path / "900x600-foto.jpg").stat().st_size
    assert run.check_s >= 0 and run.process_s > 0
    assert 0 <= run.growth_mib < run.peak_mib
    assert "kleines Foto" in "\n".join(pictures.report(runs))
