"""A large blog for the benchmark, made quickly with bulk inserts (no signals, so the search
index is brought up to date by hand) and the same every time (a seeded random generator).

Two posts are the benchmark's own: the newest but one carries exactly 200 approved comments
(50 threads with 150 replies, all on the first page of comments), and the newest one takes
the comments the benchmark posts, which are deleted before every run.
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from blog import search
from blog.models import Label, LabelledPost, Post, SiteState, Status
from blog.sanitize import comment_html
from blog.text import slugify_de
from comments.models import Comment

BUSY_POST = "bench-zweihundert-kommentare"
COMMENTED_POST = "bench-hier-wird-kommentiert"
BUSY_POST_THREADS, BUSY_POST_REPLIES = 50, 150

WORD_LIST = """Apfel Baum Brot Dach Eimer Fenster Garten Hafen Insel Jacke Kaffee Lampe Mauer Nebel
Ofen Papier Quelle Regen Sommer Tasche Ufer Vogel Wald Zucker Abend Berg Brücke Dorf Ernte
Feld Fluss Gras Herbst Himmel Honig Karte Kirche Kuchen Licht Markt Meer Mond Morgen Nacht
Pause Rad Reise Sand Schnee Sonne Stadt Stein Straße Strand Stunde Tee Turm Wasser Weg Wein
Wind Winter Wolke Zeit Zug Buch Brief Feder Tinte Seite Wort Satz Lied Bild Freund Nachbar
Kind Mutter Vater Schule Arbeit Küche Tisch Stuhl Tür Treppe Keller Garage Fahrrad Bahnhof
Hafenkran Leuchtturm Möwe Krabbe Düne Deich Schleuse Kanal Brunnen Marktplatz Rathaus
Bäckerei Werkstatt Bibliothek Museum Theater Konzert Geige Klavier Trommel Gitarre Chor
schreiben lesen wandern kochen backen pflanzen ernten reisen fahren laufen schwimmen denken
erzählen erinnern fotografieren zeichnen reparieren bauen sammeln singen träumen warten
schön still warm kalt alt neu klein groß hell dunkel leise laut früh spät nah fern weit
grün blau rot gelb grau golden müde froh ruhig wild"""
WORDS = WORD_LIST.split()


def sentence(rng: random.Random, length: int) -> str:
    words = rng.choices(WORDS, k=length)
    return " ".join(words).capitalize() + "."


# A hundred place names, each in about one post in a hundred: what a search looks for.
PLACES = [
    prefix + suffix
    for prefix in ("Nord", "Süd", "Ost", "West", "Alt", "Neu", "Ober", "Unter", "Groß", "Klein")
    for suffix in ("hafen", "feld", "dorf", "berg", "bach", "heim", "stadt", "wald", "au", "burg")
]
SEARCHED_PLACE = "Nordhafen"


def body(rng: random.Random) -> str:
    paragraphs = [
        " ".join(sentence(rng, rng.randint(6, 14)) for _ in range(rng.randint(3, 6)))
        for _ in range(rng.randint(3, 7))
    ]
    paragraphs[0] += f" Heute in {rng.choice(PLACES)}."
    paragraphs.insert(2, "<h2>" + sentence(rng, 4)[:-1] + "</h2>")
    return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


def is_seeded(posts: int, comments: int, labels: int) -> bool:
    busy = Post.objects.filter(slug=BUSY_POST).first()
    return (
        busy is not None
        and Post.objects.count() == posts
        and Label.objects.count() == labels
        and Comment.objects.exclude(post__slug=COMMENTED_POST).count() == comments
        and busy.comments.approved().count() == BUSY_POST_THREADS + BUSY_POST_REPLIES
    )


def forget_posted_comments() -> None:
    """Remove what an earlier run posted, so that every run starts from the same blog."""
    Comment.objects.filter(post__slug=COMMENTED_POST).delete()


def seed(*, posts: int, comments: int, labels: int, log=print) -> None:
    """Make the database hold exactly this blog (emptying it first unless it already does)."""
    call_command("migrate", verbosity=0)
    forget_posted_comments()
    if is_seeded(posts, comments, labels):
        log(f"Using the blog seeded before ({posts} posts, {comments} comments).")
        return
    if posts < 2 or comments < BUSY_POST_THREADS + BUSY_POST_REPLIES:
        raise ValueError("The benchmark needs at least 2 posts and 200 comments.")
    log(f"Seeding {posts} posts, {comments} comments, {labels} labels ...")
    call_command("flush", interactive=False, verbosity=0)
    rng = random.Random(2026)  # noqa: S311 (not for security)
    with transaction.atomic():
        authors = _authors()
        label_ids = _labels(rng, labels)
        post_ids = _posts(rng, posts, authors)
        _label_posts(rng, post_ids, label_ids)
        _comments(rng, post_ids, comments)
        SiteState.objects.update_or_create(pk=1)
    log("Bringing the search index up to date ...")
    _index(post_ids)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # plans as a database that has lived with this data


def _authors():
    users = get_user_model().objects
    return [
        users.create(
            username=username, first_name=first, last_name=last, email=f"{username}@example.org"
        )
        for username, first, last in [
            ("johanna", "Johanna", "Winter"),
            ("karl", "Karl", "Sommer"),
            ("mia", "Mia", "Herbst"),
        ]
    ]


def _labels(rng: random.Random, count: int) -> list[int]:
    names = set()
    while len(names) < count:
        names.add(" ".join(rng.sample(WORDS, k=rng.choice((1, 2)))).capitalize())
    made = Label.objects.bulk_create(
        Label(name=name, slug=f"{slugify_de(name)}-{number}")
        for number, name in enumerate(sorted(names))
    )
    return [label.pk for label in made]


def _posts(rng: random.Random, count: int, authors) -> list[int]:
    """Ten years of posts, evenly apart, newest first; the first two are the benchmark's own."""
    now = timezone.now()
    apart = timedelta(days=3652) / count
    made = []
    for start in range(0, count, 2000):
        batch = []
        for number in range(start, min(start + 2000, count)):
            title = sentence(rng, rng.randint(2, 6))[:-1]
            slug = {0: COMMENTED_POST, 1: BUSY_POST}.get(number, f"{slugify_de(title)}-{number}")
            batch.append(
                Post(
                    title=title,
                    slug=slug[:200],
                    author=rng.choice(authors),
                    body=body(rng),
                    status=Status.PUBLISHED,
                    published_at=now - timedelta(hours=1) - number * apart,
                )
            )
        made += Post.objects.bulk_create(batch)
    return [post.pk for post in made]


def _label_posts(rng: random.Random, post_ids: list[int], label_ids: list[int]) -> None:
    """One to four labels a post; a few labels are on many posts, as on a real blog."""
    weights = [1 / (rank + 1) for rank in range(len(label_ids))]
    rows = []
    for post_id in post_ids:
        chosen = set(rng.choices(label_ids, weights=weights, k=rng.randint(1, 4)))
        rows += [LabelledPost(content_object_id=post_id, tag_id=tag_id) for tag_id in chosen]
    LabelledPost.objects.bulk_create(rows, batch_size=5000)


def _texts(rng: random.Random) -> list[tuple[str, str]]:
    """Comment texts and their HTML, made once: rendering a million would take minutes."""
    texts = [
        " ".join(sentence(rng, rng.randint(4, 16)) for _ in range(rng.randint(1, 4)))
        for _ in range(5000)
    ]
    return [(text, comment_html(text)) for text in texts]


def _comment(rng: random.Random, texts, post_id: int, when, **fields) -> Comment:
    text, html = rng.choice(texts)
    name = rng.choice(("Anna", "Ben", "Clara", "David", "Emil", "Frieda", "Greta", "Hans"))
    fields.setdefault("status", Comment.Status.APPROVED)
    return Comment(
        post_id=post_id,
        name=name,
        email=f"{name.lower()}{rng.randint(1, 500)}@example.org",
        body=text,
        body_html=html,
        created_at=when,
        status_changed_at=when,
        **fields,
    )


def _comments(rng: random.Random, post_ids: list[int], count: int) -> None:
    """Threads first (their `thread` is themselves), then replies to them."""
    published = dict(Post.objects.values_list("pk", "published_at"))
    busy_id, others = post_ids[1], post_ids[2:] or post_ids[:1]
    texts = _texts(rng)
    statuses = list(Comment.Status)
    status_weights = [5, 90, 4, 1]  # pending, approved, spam, trash

    def when(post_id):
        return published[post_id] + timedelta(minutes=rng.randint(1, 600))

    rest = count - BUSY_POST_THREADS - BUSY_POST_REPLIES
    root_posts = [busy_id] * BUSY_POST_THREADS + rng.choices(others, k=rest * 7 // 10)
    roots = Comment.objects.bulk_create(
        (
            _comment(rng, texts, post_id, when(post_id))
            if number < BUSY_POST_THREADS
            else _comment(
                rng,
                texts,
                post_id,
                when(post_id),
                status=rng.choices(statuses, weights=status_weights)[0],
            )
            for number, post_id in enumerate(root_posts)
        ),
        batch_size=5000,
    )
    Comment.objects.filter(depth=0).update(thread=F("pk"))
    busy_roots = roots[:BUSY_POST_THREADS]
    replies = [
        _comment(
            rng,
            texts,
            busy_id,
            root.created_at + timedelta(minutes=1),
            parent=root,
            replied_to=root,
            thread=root,
            depth=1,
        )
        for root in rng.choices(busy_roots, k=BUSY_POST_REPLIES * 2 // 3)
    ]
    other_roots = roots[BUSY_POST_THREADS:] or busy_roots
    replies += [
        _comment(
            rng,
            texts,
            root.post_id,
            root.created_at + timedelta(minutes=5),
            parent=root,
            replied_to=root,
            thread=root,
            depth=1,
            status=rng.choices(statuses, weights=status_weights)[0],
        )
        for root in rng.choices(other_roots, k=count - len(roots) - BUSY_POST_REPLIES)
    ]
    made = Comment.objects.bulk_create(replies, batch_size=5000)
    # Replies to replies (the second level the discussion settings allow) on the busy post.
    deeper = [
        _comment(
            rng,
            texts,
            busy_id,
            reply.created_at + timedelta(minutes=1),
            parent=reply,
            replied_to=reply,
            thread=reply.thread,
            depth=2,
        )
        for reply in rng.choices(made[: BUSY_POST_REPLIES * 2 // 3], k=BUSY_POST_REPLIES // 3)
    ]
    Comment.objects.bulk_create(deeper)


def _index(post_ids: list[int]) -> None:
    if connection.vendor == "postgresql":
        Post.objects.update(title=F("title"))  # the trigger reads the labels added since
        return
    for start in range(0, len(post_ids), 1000):
        with transaction.atomic():
            for post in Post.objects.filter(pk__in=post_ids[start : start + 1000]).prefetch_related(
                "labels"
            ):
                search.index_post(post)
