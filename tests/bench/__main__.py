"""`make bench`: how fast Tinte serves a large blog, on this machine, in figures.

Seeds a large blog (tests/bench/seed.py; kept between runs), then for each page (home, a post
with 200 comments, a label, a month, a search, the Atom feed, the comment POST):

- in this process: SQL queries (uncached and as a cache hit), HTML bytes and gzipped bytes,
  and each query's plan (PostgreSQL: EXPLAIN ANALYZE; SQLite: EXPLAIN QUERY PLAN), naming
  every full scan of a table that grows with the blog;
- against the production server (gunicorn, config/gunicorn.py) on 127.0.0.1, driven by wrk
  for a bounded time: requests per second, p50 and p99 latency, server CPU per request,
  uncached, as a cache hit of the app server, and through the shipped nginx configuration
  (config/nginx/tinte.conf, with plain HTTP on a loopback port instead of its certificates);
- a static copy of the post page served by the same nginx, as the yardstick: every rate is
  also given as a share of it, so figures from different machines can be compared;
- what processing an uploaded picture costs, a camera's photo and a PNG: CPU seconds and peak
  memory (tests/bench/pictures.py; --pictures-only for that alone).

The table goes to the terminal and to var/bench/results-<time>.txt. Options: --help.
"""

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from tests.bench import pictures

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "bench"
NGINX_CONFIG = ROOT / "config" / "nginx" / "tinte.conf"
REQUESTS_SCRIPT = Path(__file__).with_name("requests.lua")
# Tables that grow with the blog: a full scan of one of them is a missing index.
GROWING_TABLES = {"blog_post", "blog_labelledpost", "comments_comment", "blog_post_search"}


def arguments():
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=200_000)
    parser.add_argument("--labels", type=int, default=500)
    parser.add_argument("--seconds", type=int, default=10, help="per page and way (default 10)")
    parser.add_argument("--connections", type=int, default=16, help="open at once (default 16)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", ""),
        help="a database the benchmark may empty, e.g. postgres://postgres@127.0.0.1/bench "
        "(its name must contain 'bench'); default: a SQLite file in var/bench/",
    )
    parser.add_argument(
        "--plans-only", action="store_true", help="seed, count queries and check plans; no load"
    )
    parser.add_argument(
        "--pictures-only",
        action="store_true",
        help="only what processing an uploaded picture costs (tests/bench/pictures.py)",
    )
    parser.add_argument(
        "--import",
        dest="import_",
        action="store_true",
        help="instead: time a WordPress import with one very large post (tests/bench/imports.py)",
    )
    parser.add_argument(
        "--import-megabytes", type=float, default=10, help="of that post's HTML (default 10)"
    )
    return parser.parse_args()


def environment(args) -> dict:
    """What both this process and the servers run with: production settings, the bench
    database, comments accepted as fast as wrk sends them, mail thrown away.
    """
    database = args.database_url or (
        f"sqlite:///{OUT / f'blog-{args.posts}-{args.comments}-{args.labels}.sqlite3'}"
    )
    if args.database_url and "bench" not in urllib.parse.urlsplit(database).path:
        sys.exit("The benchmark empties its database: give one whose name contains 'bench'.")
    return {
        "DATABASE_URL": database,
        "DJANGO_DEBUG": "0",
        "TINTE_HASHED_STATIC": "1",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_LOG_LEVEL": "ERROR",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "TINTE_COMMENT_MIN_SECONDS": "0",
        "TINTE_COMMENT_RATE_PER_MINUTE": "1000000000",
        "TINTE_SITE_URL": "http://127.0.0.1",
    }


@dataclass
class Page:
    name: str
    path: str
    method: str = "GET"
    queries: int = 0  # uncached: the page cache off
    queries_new: int | None = None  # a page the cache has not seen (parts remembered)
    queries_hit: int | None = None
    html_bytes: int = 0
    gzip_bytes: int = 0
    sql_ms: float | None = None  # PostgreSQL only: the sum of the queries' execution times
    sql_ms_new: float | None = None
    slowest_ms: float | None = None
    full_scans: list = field(default_factory=list)  # on every page the cache has not seen
    full_scans_after_change: list = field(default_factory=list)  # ... only after a change


@dataclass
class Run:
    page: str
    way: str
    rps: float
    p50_ms: float | None  # None: not one request was answered
    p99_ms: float | None
    cpu_ms: float | None
    timeout: int = 2  # seconds: a later answer, or none, is an error
    non_2xx: int = 0  # answers other than 2xx/3xx
    socket_errors: int = 0  # connect, read and write errors
    timeouts: int = 0  # answered after the timeout (counted by wrk) or not at all (by us)

    @property
    def errors(self) -> int:
        return self.non_2xx + self.socket_errors + self.timeouts

    def why(self) -> str:
        """What the errors were, in words: a row of zeros must not hide why."""
        parts = [
            (self.timeouts, f"not answered within {self.timeout} s"),
            (self.socket_errors, "socket errors"),
            (self.non_2xx, "answers other than 2xx/3xx"),
        ]
        return ", ".join(f"{count} {what}" for count, what in parts if count)


# Pages, and what this process measures of them.


def pages() -> list[Page]:
    from django.urls import reverse
    from django.utils.timezone import localtime

    from blog.models import Label, Post
    from tests.bench.seed import BUSY_POST, COMMENTED_POST, SEARCHED_PLACE

    busy = Post.objects.get(slug=BUSY_POST)
    label = Label.objects.with_published_post_counts().order_by("-post_count").first()
    # A month in the middle of the blog's life: a whole one, on a large blog.
    published = Post.objects.published().order_by("-published_at")
    month = localtime(published[published.count() // 2].published_at)
    commented = Post.objects.get(slug=COMMENTED_POST)
    return [
        Page("home", "/"),
        Page("post, 200 comments", busy.get_absolute_url()),
        Page(f"label ({label.post_count} posts)", label.get_absolute_url()),
        Page(
            "archive month",
            reverse("blog:archive-month", kwargs={"year": month.year, "month": month.month}),
        ),
        Page("search", f"{reverse('blog:search')}?q={urllib.parse.quote(SEARCHED_PLACE)}"),
        Page("Atom feed", reverse("blog:feed")),
        Page("comment POST", reverse("comments:create", args=[commented.pk]), method="POST"),
    ]


def form_token(page_path: str) -> str:
    from django.test import Client

    html = Client(HTTP_HOST="127.0.0.1").get(page_path).content.decode()
    return re.search(r'name="token" value="([^"]+)"', html)[1]


def comment_data(token: str, number: int) -> dict:
    return {
        "name": "Bench",
        "email": "bench@example.org",
        "body": f"Kommentar {number} aus diesem Lauf",
        "token": token,
    }


def measure_in_process(page: Page, commented_path: str) -> None:
    from django.test import Client, override_settings

    if page.method == "POST":
        data = comment_data(form_token(commented_path), 0)
        response, queries = sql_of(lambda: Client(HTTP_HOST="127.0.0.1").post(page.path, data))
        assert response.status_code in (302, 303), f"comment POST: {response.status_code}"
        page.queries = len(queries)
        return
    with override_settings(TINTE_PAGE_CACHE_SECONDS=0):
        client = Client(HTTP_HOST="127.0.0.1")
        client.get(page.path)  # a worker's first request fills its caches: count the next
        response, uncached = sql_of(lambda: client.get(page.path))
    assert response.status_code == 200, f"{page.path}: {response.status_code}"
    page.html_bytes = len(response.content)
    page.gzip_bytes = len(gzip.compress(response.content, compresslevel=6))
    with override_settings(TINTE_PAGE_CACHE_SECONDS=600):
        client = Client(HTTP_HOST="127.0.0.1")
        client.get(page.path)
        response, hit = sql_of(lambda: client.get(page.path))
        assert response["X-Tinte-Cache"] == "hit"
        # The same page under another address: what a page new to the cache costs.
        another = page.path + ("&" if "?" in page.path else "?") + "n=bench"
        response, new = sql_of(lambda: client.get(another))
        assert response["X-Tinte-Cache"] == "miss"
    page.queries, page.queries_new, page.queries_hit = len(uncached), len(new), len(hit)
    page.sql_ms, _, scans_uncached = explain(uncached)
    page.sql_ms_new, page.slowest_ms, page.full_scans = explain(new)
    page.full_scans_after_change = [scan for scan in scans_uncached if scan not in page.full_scans]


def sql_of(request) -> tuple:
    """The response to `request()`, and the SQL it ran (kept: the next request empties
    Django's own list).
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = request()
    return response, [query["sql"] for query in queries.captured_queries]


def explain(statements: list[str]) -> tuple[float | None, float | None, list[str]]:
    """The queries' total and slowest execution time (PostgreSQL: EXPLAIN ANALYZE), and the
    full scans of growing tables among their plans.
    """
    from django.db import connection

    selects = [sql for sql in statements if sql.lstrip().upper().startswith(("SELECT", "WITH"))]
    times, scans = [], []
    with connection.cursor() as cursor:
        for sql in selects:
            # Without the moment of the request in it, a query reads the same every time.
            shown = re.sub(r"'\d{4}-\d\d-\d\d[^']*'", "'...'", sql)[:110]
            if connection.vendor == "postgresql":
                cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
                plan = cursor.fetchone()[0][0]
                times.append(plan["Execution Time"])
                scans += [
                    f"{node['Relation Name']} ({node['Actual Rows']} rows kept): {shown}"
                    for node in plan_nodes(plan["Plan"])
                    if node["Node Type"] == "Seq Scan" and node["Relation Name"] in GROWING_TABLES
                ]
            else:
                cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
                scans += [
                    f"{detail}: {shown}"
                    for *_, detail in cursor.fetchall()
                    if re.match(rf"SCAN ({'|'.join(GROWING_TABLES)})\b", detail)
                    and "USING" not in detail
                ]
    if not times:
        return None, None, scans
    return sum(times), max(times), scans


def plan_nodes(node: dict):
    yield node
    for child in node.get("Plans", ()):
        yield from plan_nodes(child)


# Servers.


class Servers:
    """gunicorn and nginx on loopback ports, stopped whatever happens."""

    def __init__(self, env: dict):
        self.env = env
        self.processes = []
        self.workdir = Path(tempfile.mkdtemp(prefix="tinte-bench-"))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def gunicorn(self, port: int, *, page_cache_seconds: int) -> subprocess.Popen:
        env = os.environ | self.env
        env |= {
            "TINTE_BIND": f"127.0.0.1:{port}",
            "TINTE_PAGE_CACHE_SECONDS": str(page_cache_seconds),
            "TINTE_ACCESS_LOG": str(OUT / "gunicorn-access.log"),
        }
        gunicorn = Path(sys.executable).with_name("gunicorn")
        process = subprocess.Popen(  # noqa: S603 (our own program)
            [gunicorn, "-c", "config/gunicorn.py"], cwd=ROOT, env=env
        )
        self.processes.append(process)
        wait_for(f"http://127.0.0.1:{port}/robots.txt")
        return process

    def nginx(self, *, port: int, app_port: int, copy_port: int, copy_dir: Path):
        config = self.workdir / "nginx.conf"
        config.write_text(
            nginx_config(
                NGINX_CONFIG.read_text(),
                workdir=self.workdir,
                port=port,
                app_port=app_port,
                copy_port=copy_port,
                copy_dir=copy_dir,
            )
        )
        process = subprocess.Popen(  # noqa: S603
            [nginx_program(), "-p", self.workdir, "-c", config, "-g", "daemon off;"],
            stderr=subprocess.DEVNULL,
        )
        self.processes.append(process)
        wait_for(f"http://127.0.0.1:{copy_port}/")
        return process


def nginx_program() -> str | None:
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


def nginx_config(shipped: str, *, workdir, port, app_port, copy_port, copy_dir) -> str:
    """The shipped site as it is, but on plain HTTP at a loopback port, with this checkout's
    files and a throwaway cache; and a second site serving the static copy.
    """

    def replace(text, old, new, *, regex=False):
        result, count = re.subn(old if regex else re.escape(old), new, text, flags=re.S)
        assert count, f"config/nginx/tinte.conf changed: {old!r} not found; update the bench"
        return result

    site = replace(shipped, r"server \{\s*listen 80;.*?\n\}\n", "", regex=True)
    site = replace(site, r"listen 443 ssl[^;]*;[^\n]*", f"listen 127.0.0.1:{port};", regex=True)
    site = replace(site, r"\s*ssl_certificate(_key)?\s[^;]*;", "", regex=True)
    site = replace(site, "/var/lib/nginx/tinte", str(workdir / "cache"))
    site = replace(site, "/srv/tinte", str(ROOT))
    site = replace(site, "server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};")
    gzip_types = re.search(r"gzip_types[^;]*;", site)[0]
    user = "user root;" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {kind}_temp_path {workdir / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{user}
worker_processes auto;
pid {workdir / "nginx.pid"};
error_log {workdir / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {workdir / "access.log"};
    sendfile on;  # as Debian's nginx.conf
    tcp_nopush on;
{temp}
{site}
    server {{
        listen 127.0.0.1:{copy_port};
        root {copy_dir};
        index post.html;
        gzip on;
        {gzip_types}
    }}
}}
"""


def wait_for(url: str, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 (loopback)
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def cpu_seconds(pid: int) -> float:
    """CPU time of a process and its children (gunicorn's or nginx's workers) so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    children = Path(f"/proc/{pid}/task/{pid}/children")
    for each in [pid, *map(int, children.read_text().split())]:
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


# Load.


def timeout_of(seconds: int) -> int:
    """wrk's own timeout (2 s), or the run's length when shorter: wrk counts an answer that
    came later as a timeout, and `load` counts one that never came within the run.
    """
    return min(2, seconds)


def wrk(url: str, *, seconds: int, connections: int, script: tuple = ()) -> dict:
    """Load `url` for `seconds`; `script`: the arguments of requests.lua, if any."""
    command = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        f"--timeout={timeout_of(seconds)}s",
        "--latency",
        "-H",
        "Accept-Encoding: gzip",
    ]
    if script:
        command += ["-s", str(REQUESTS_SCRIPT), url, "--", *script]
    else:
        command.append(url)
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    return parse_wrk(output)


UNITS = {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}


def parse_wrk(output: str) -> dict:
    """wrk's figures; latencies are None when no request was answered within the timeout
    (wrk leaves late answers out of its latencies, and prints 0.00us when none is left).
    """

    def latency(percent):
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M).groups()
        return float(value) * UNITS[unit] if requests > timeout else None

    requests = int(re.search(r"(\d+) requests in", output)[1])
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    connect, read, write, timeout = map(int, socket.groups()) if socket else (0, 0, 0, 0)
    return {
        "requests": requests,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "p50": latency(50),
        "p99": latency(99),
        "non_2xx": int(non_2xx[1]) if non_2xx else 0,
        "socket_errors": connect + read + write,
        "timeouts": timeout,
    }


def run_of(page: str, way: str, result: dict, *, connections: int, seconds: int, cpu: float):
    """The row of the table for one wrk run.

    wrk counts a request as timed out only when its answer comes, late; one that never comes
    before the run ends is not counted at all (a page that takes longer than the run gives
    "0 requests" and no error). Each connection waits for its answer before it asks again, so
    when fewer answers came than there were connections, at least that many connections
    waited the whole run, longer than the timeout, in vain: those are counted as timeouts.
    """
    unanswered = max(0, connections - result["requests"] - result["socket_errors"])
    return Run(
        page,
        way,
        result["rps"],
        result["p50"],
        result["p99"],
        1000 * cpu / result["requests"] if result["requests"] else None,
        timeout=timeout_of(seconds),
        non_2xx=result["non_2xx"],
        socket_errors=result["socket_errors"],
        timeouts=result["timeouts"] + unanswered,
    )


def load(page, base, way, *, args, pids, script=()) -> Run:
    url = base + page.path
    if page.method == "GET":  # warm up: every worker has the page (and its code) in memory
        wrk(url, seconds=1, connections=args.connections)
    before = sum(cpu_seconds(pid) for pid in pids)
    result = wrk(url, seconds=args.seconds, connections=args.connections, script=script)
    cpu = sum(cpu_seconds(pid) for pid in pids) - before
    return run_of(
        page.name, way, result, connections=args.connections, seconds=args.seconds, cpu=cpu
    )


def load_all(pages_, args, env, commented_path) -> tuple[list[Run], Run]:
    from tests.bench.seed import forget_posted_comments

    def comments():
        return ("comment", urllib.parse.quote(form_token(commented_path), safe=""))

    runs = []
    ports = free_ports(4)
    with Servers(env) as servers:
        app = servers.gunicorn(ports[0], page_cache_seconds=0)
        base = f"http://127.0.0.1:{ports[0]}"
        for page in pages_:
            script = comments() if page.method == "POST" else ()
            runs.append(load(page, base, "uncached", args=args, pids=[app.pid], script=script))
            print_run(runs[-1])
        forget_posted_comments()
    with Servers(env) as servers:
        app = servers.gunicorn(ports[0], page_cache_seconds=600)
        copy_dir = servers.workdir / "copy"
        copy_dir.mkdir()
        post_page = next(page for page in pages_ if page.name.startswith("post"))
        with urllib.request.urlopen(f"http://127.0.0.1:{ports[0]}{post_page.path}") as response:  # noqa: S310
            (copy_dir / "post.html").write_bytes(response.read())
        nginx = servers.nginx(
            port=ports[1], app_port=ports[0], copy_port=ports[2], copy_dir=copy_dir
        )
        static = load(
            Page("post page, static copy", "/"),
            f"http://127.0.0.1:{ports[2]}",
            "nginx, static file",
            args=args,
            pids=[nginx.pid],
        )
        print_run(static)
        app_base, nginx_base = (f"http://127.0.0.1:{port}" for port in ports[:2])
        for way, base, pids, script in [
            ("new to the cache", app_base, [app.pid], ("new-page",)),
            ("app cache hit", app_base, [app.pid], ()),
            ("through nginx", nginx_base, [app.pid, nginx.pid], ()),
        ]:
            for page in pages_:
                if page.method == "POST":
                    if way != "through nginx":
                        continue  # a POST is never cached: measured uncached and through nginx
                    script = comments()
                runs.append(load(page, base, way, args=args, pids=pids, script=script))
                print_run(runs[-1])
        forget_posted_comments()
    return runs, static


def free_ports(count: int) -> list[int]:
    import socket

    sockets = [socket.socket() for _ in range(count)]
    for each in sockets:
        each.bind(("127.0.0.1", 0))
    ports = [each.getsockname()[1] for each in sockets]
    for each in sockets:
        each.close()
    return ports


# Report.


def print_run(run: Run) -> None:
    errors = f"  errors: {run.why()}" if run.errors else ""
    print(f"  {run.page:<28} {run.way:<18} {run.rps:>9.0f}/s{errors}", flush=True)


def machine(args) -> list[str]:
    from django.db import connection

    cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
    memory = re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()"
        )
        database = cursor.fetchone()[0].split(",")[0]
    nginx = subprocess.run([nginx_program() or "true", "-v"], capture_output=True, text=True)
    return [
        f"Tinte benchmark, {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"Machine: {cpu[1] if cpu else platform.processor()}, {os.cpu_count()} CPUs, "
        f"{int(memory[1]) // 1024**2} GiB; {platform.platform()}",
        f"Python {platform.python_version()}, {connection.vendor} {database}, "
        f"{nginx.stderr.strip().removeprefix('nginx version: ')}, "
        f"gunicorn workers: {os.environ.get('WEB_CONCURRENCY') or 2 * os.cpu_count() + 1}",
        f"Blog: {args.posts} posts, {args.comments} comments, {args.labels} labels. "
        + (
            "No load (--plans-only)."
            if args.plans_only
            else f"Load: wrk, {args.connections} connections, {args.seconds} s per page and "
            "way, on the same machine as the servers."
        ),
    ]


def report(args, pages_: list[Page], runs: list[Run], static: Run | None) -> str:
    timed = pages_[0].sql_ms is not None
    lines = machine(args) + [
        "",
        "Per page, in-process. Queries: with the page cache off / on a page the cache has not",
        "seen (what every page repeats is remembered) / on a cache hit."
        + (" SQL ms: the queries' execution time (EXPLAIN ANALYZE) off / new." if timed else ""),
        "",
        f"  {'page':<28} {'queries':>10} {'HTML':>9} {'gzipped':>8}"
        + (f" {'SQL ms':>13} {'slowest':>7}" if timed else ""),
    ]
    for page in pages_:
        queries = "/".join(
            fmt(count, "d") for count in (page.queries, page.queries_new, page.queries_hit)
        )
        row = (
            f"  {page.name:<28} {queries:>10} "
            f"{fmt(page.html_bytes or None, ',d'):>9} {fmt(page.gzip_bytes or None, ',d'):>8}"
        )
        if timed and page.sql_ms is not None:
            row += f" {page.sql_ms:>6.1f}/{page.sql_ms_new:<6.1f} {page.slowest_ms:>7.1f}"
        lines.append(row)
    for title, attribute in [
        ("Full scans of tables that grow with the blog, on a page new to the cache:", "full_scans"),
        ("... and only after a change (then remembered):", "full_scans_after_change"),
    ]:
        scans = [f"  {page.name}: {scan}" for page in pages_ for scan in getattr(page, attribute)]
        lines += ["", title, *(scans or ["  none"])]
    if runs:
        lines += [
            "",
            f"Under load (share: of the static copy's {static.rps:,.0f} requests/s "
            f"at {fmt(static.cpu_ms, '.2f')} ms CPU each):",
            "",
            f"  {'page':<28} {'way':<18} {'req/s':>8} {'share':>6} {'p50 ms':>7} "
            f"{'p99 ms':>7} {'CPU ms':>7} {'errors':>6}",
        ]
        for run in [static, *runs]:
            share = fmt(run.rps / static.rps if static.rps else None, ".1%")
            lines.append(
                f"  {run.page:<28} {run.way:<18} {run.rps:>8,.0f} {share:>6} "
                f"{fmt(run.p50_ms, '.2f'):>7} {fmt(run.p99_ms, '.2f'):>7} "
                f"{fmt(run.cpu_ms, '.2f'):>7} {run.errors:>6}"
            )
        failed = [f"  {run.page}, {run.way}: {run.why()}" for run in [static, *runs] if run.errors]
        lines += [
            "",
            "new to the cache: every request another address (?n=...), so each is a page",
            "the cache has not seen, made with what every page repeats remembered.",
            "CPU ms: server CPU time per request (gunicorn's workers; through nginx, nginx's",
            "too; not the database server's). The comment POST is never cached.",
            f"errors: answers other than 2xx/3xx, socket errors, and requests not answered "
            f"within {static.timeout} s",
            "(late, or not before the run ended; then p50 and p99 are '-').",
            "",
            "Errors:",
            *(failed or ["  none"]),
        ]
    return "\n".join(lines) + "\n"


def fmt(value, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def main() -> int:
    args = arguments()
    if args.pictures_only:
        print("\n".join(pictures.report(pictures.run())))
        return 0
    if args.import_:
        from tests.bench import imports

        return imports.main(args)
    missing = [
        tool
        for tool, found in [("wrk", shutil.which("wrk")), ("nginx", nginx_program())]
        if not found
    ]
    if missing and not args.plans_only:
        sys.exit(
            f"The benchmark needs {' and '.join(missing)} (Debian: apt-get install wrk "
            "nginx-light; `make bench` installs them when it runs as root)."
        )
    OUT.mkdir(parents=True, exist_ok=True)
    env = environment(args)
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import OperationalError

    from blog.models import Post
    from tests.bench.seed import COMMENTED_POST, forget_posted_comments, seed

    try:
        seed(posts=args.posts, comments=args.comments, labels=args.labels)
    except OperationalError as error:
        sys.exit(
            f"The benchmark's database cannot be used ({str(error).strip()}). Is the server "
            "running, and does the database exist (createdb -h 127.0.0.1 -U postgres <name>)?"
        )
    call_command("collectstatic", interactive=False, verbosity=0)
    pages_ = pages()
    commented_path = Post.objects.get(slug=COMMENTED_POST).get_absolute_url()
    print("Counting queries and checking plans ...", flush=True)
    for page in pages_:
        measure_in_process(page, commented_path)
    forget_posted_comments()
    runs, static = [], None
    if not args.plans_only:
        print("Under load ...", flush=True)
        runs, static = load_all(pages_, args, env, commented_path)
    print("Processing pictures ...", flush=True)
    picture_runs = pictures.run()
    text = (
        report(args, pages_, runs, static) + "\n" + "\n".join(pictures.report(picture_runs)) + "\n"
    )
    result = OUT / f"results-{datetime.now():%Y%m%d-%H%M%S}.txt"
    result.write_text(text)
    (OUT / "results.json").write_text(
        json.dumps(
            {
                "pages": [vars(page) for page in pages_],
                "runs": [
                    vars(run) | {"errors": run.errors} for run in filter(None, [static, *runs])
                ],
                "pictures": [vars(run) for run in picture_runs],
            }
        )
    )
    print("\n" + text + f"\nWritten to {result.relative_to(ROOT)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
