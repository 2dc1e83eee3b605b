"""`make bench BENCH_ARGS=--import`: how long, and how much memory, importing a WordPress
export with one very large post takes on this machine.

Writes a WXR file (var/bench/import-<N>mb.xml) whose one large post holds N megabytes of
the HTML WordPress stores (paragraphs by blank lines and by <p>, links, lists, pictures,
headings, a table, block-editor comments), beside a few ordinary posts with comments; then
imports it twice into an empty SQLite database with `manage.py import_wordpress`, each in a
process of its own, and prints the wall time, the CPU time and the peak memory (RSS) of each
import. The second import finds everything unchanged, which also sanitises every body.
"""

import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "bench"

WORDS = [
    "Garten",
    "Tomaten",
    "Sonne",
    "Regen",
    "Beet",
    "Erde",
    "gießen",
    "Kompost",
    "Schnecken",
    "Blüte",
    "Frühling",
    "Ernte",
    "Gurken",
    "Kürbis",
    "Rosen",
    "Hecke",
    "Zaun",
    "Nachbarin",
    "Apfelbaum",
    "Birnen",
    "Quitten",
    "Größe",
    "Wärme",
    "Mühe",
    "und",
    "oder",
    "aber",
    "mit",
    "ohne",
    "für",
    "über",
    "unter",
    "nach",
    "vor",
    "bei",
    "seit",
    "immer",
    "wieder",
    "selten",
    "morgens",
    "abends",
    "schön",
    "groß",
    "klein",
    "grün",
    "rot",
    "früh",
    "spät",
    "heute",
    "gestern",
    "lange",
    "kurz",
]

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Bench</title><link>https://bench.example</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://bench.example</wp:base_site_url>
<wp:base_blog_url>https://bench.example</wp:base_blog_url>
<wp:author><wp:author_login>gerda</wp:author_login>
<wp:author_email>gerda@bench.example</wp:author_email>
<wp:author_display_name>Gerda Grün</wp:author_display_name></wp:author>
"""

ITEM = """<item><title>{title}</title><link>https://bench.example/{slug}/</link>
<dc:creator>gerda</dc:creator>
<content:encoded><![CDATA[{body}]]></content:encoded>
<wp:post_id>{number}</wp:post_id>
<wp:post_date_gmt>2024-01-{day:02d} 08:00:00</wp:post_date_gmt>
<wp:post_name>{slug}</wp:post_name><wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type>
<category domain="category" nicename="garten"><![CDATA[Garten]]></category>
<category domain="post_tag" nicename="garten-2"><![CDATA[garten]]></category>
{comments}</item>
"""

COMMENT = """<wp:comment><wp:comment_id>{number}</wp:comment_id>
<wp:comment_author>Leser {number}</wp:comment_author>
<wp:comment_author_email>leser{number}@example.org</wp:comment_author_email>
<wp:comment_date_gmt>2024-02-01 10:{minute:02d}:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[Danke für den Text!

Siehe https://example.org/{number}]]></wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>{parent}</wp:comment_parent>
</wp:comment>
"""


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 18))]
    if rng.random() < 0.3:
        at = rng.randrange(len(words))
        words[at] = f'<a href="https://example.org/{words[at].lower()}/">{words[at]}</a>'
    if rng.random() < 0.2:
        at = rng.randrange(len(words))
        words[at] = f"<strong>{words[at]}</strong>"
    return " ".join(words).capitalize() + "."


def block(rng: random.Random, number: int) -> str:
    """One piece of a post, as WordPress's classic and block editors store them."""
    kind = rng.random()
    if kind < 0.45:  # classic editor: no <p>, a blank line between paragraphs
        return " ".join(sentence(rng) for _ in range(rng.randint(2, 5))) + "\n\n"
    if kind < 0.65:  # block editor
        text = " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))
        return f"<!-- wp:paragraph -->\n<p>{text}</p>\n<!-- /wp:paragraph -->\n\n"
    if kind < 0.75:
        items = "".join(f"<li>{sentence(rng)}</li>\n" for _ in range(rng.randint(2, 6)))
        return f"<ul>\n{items}</ul>\n\n"
    if kind < 0.85:
        return (
            f'<img class="aligncenter size-large wp-image-{number}" '
            f'src="https://bench.example/wp-content/uploads/2024/01/bild-{number}.jpg" '
            f'alt="Bild {number}" width="1024" height="683" />\n\n'
        )
    if kind < 0.95:
        return f"<h2>{rng.choice(WORDS)} {rng.choice(WORDS)}</h2>\n\n"
    rows = "".join(
        f"<tr><td>{rng.choice(WORDS)}</td><td>{rng.randint(1, 99)}</td></tr>\n" for _ in range(4)
    )
    return f"<table>\n<tbody>\n{rows}</tbody>\n</table>\n\n"


def large_body(megabytes: float, seed: int = 14) -> str:
    rng = random.Random(seed)
    parts, size, number = [], 0, 0
    while size < megabytes * 1_000_000:
        number += 1
        part = block(rng, number)
        parts.append(part)
        size += len(part.encode())
    return "".join(parts)


def write_export(path: Path, megabytes: float) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        out.write(
            ITEM.format(
                title="Ein sehr langer Post",
                slug="sehr-lang",
                body=large_body(megabytes),
                number=1,
                day=1,
                comments="",
            )
        )
        for number in range(2, 12):
            comments = "".join(
                COMMENT.format(
                    number=number * 100 + each,
                    minute=each,
                    parent=number * 100 + each - 1 if each % 3 else 0,
                )
                for each in range(1, 6)
            )
            out.write(
                ITEM.format(
                    title=f"Post {number}",
                    slug=f"post-{number}",
                    body=large_body(0.005, seed=number),
                    number=number,
                    day=number,
                    comments=comments,
                )
            )
        out.write("</channel></rss>\n")


def timed(command: list[str], env: dict) -> dict:
    """Run `command`; its wall time, CPU time and peak RSS (of that process alone)."""
    started = time.monotonic()
    process = subprocess.Popen(  # noqa: S603 (our own manage.py)
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{output}")
    return {
        "seconds": time.monotonic() - started,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_mb": usage.ru_maxrss / 1024,  # kilobytes on Linux
        "output": output,
    }


def main(args) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    megabytes = args.import_megabytes
    export = OUT / f"import-{megabytes:g}mb.xml"
    if not export.exists():
        print(f"Writing {export.relative_to(ROOT)} ...", flush=True)
        write_export(export, megabytes)
    database = OUT / f"import-{os.getpid()}.sqlite3"  # a run of its own
    database.unlink(missing_ok=True)
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_DEBUG": "0",
        "DJANGO_LOG_LEVEL": "ERROR",
        "TINTE_SITE_URL": "http://127.0.0.1",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603
    idle = timed([*manage, "check"], env)
    rows = [
        ("first import", timed([*manage, "import_wordpress", str(export)], env)),
        ("second import (unchanged)", timed([*manage, "import_wordpress", str(export)], env)),
    ]
    size = export.stat().st_size / 1_000_000
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    lines = [
        f"Import of {export.relative_to(ROOT)} ({size:.1f} MB; one post of {megabytes:g} MB "
        "of HTML, 10 small posts, 50 comments), each in a process of its own, SQLite:",
        "",
        f"  {'':<28} {'seconds':>8} {'CPU s':>8} {'peak RSS MB':>12}",
    ]
    for name, figures in rows:
        lines.append(
            f"  {name:<28} {figures['seconds']:>8.1f} {figures['cpu']:>8.1f} "
            f"{figures['rss_mb']:>12.0f}"
        )
    lines += [
        f"  {'(manage.py check, for scale)':<28} {idle['seconds']:>8.1f} {idle['cpu']:>8.1f} "
        f"{idle['rss_mb']:>12.0f}",
        "",
        f"{os.cpu_count()} CPUs; load average at the end {load} (seconds grow with the load,",
        "CPU seconds hardly).",
        "",
        "Summary of the second import:",
        *(f"  {line}" for line in rows[1][1]["output"].strip().splitlines()[:8]),
    ]
    text = "\n".join(lines) + "\n"
    print("\n" + text)
    result = OUT / f"import-results-{time.strftime('%Y%m%d-%H%M%S')}.txt"
    result.write_text(text)
    print(f"Written to {result.relative_to(ROOT)}.")
    database.unlink(missing_ok=True)
    return 0
