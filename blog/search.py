"""Full-text search of published posts, German-aware, on PostgreSQL and on SQLite.

One interface, two engines. PostgreSQL keeps a `search_vector` column up to date with a
trigger and searches it with its German configuration and a GIN index ("ae", "oe", "ue"
are read as umlauts first, so that "Groesse" finds "Größe"). SQLite keeps an
FTS5 table of Snowball-stemmed words, filled from `index_post` when a post is saved. Both
understand the same queries: words, "phrases in quotes", -excluded words and OR. Passages
and highlights are made here in Python, the same way for both.
"""

import functools
import html
import re
import unicodedata
from dataclasses import dataclass, field

import snowballstemmer
from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import strip_tags

from blog.models import Post
from blog.text import separate_blocks

MAX_QUERY_LENGTH = 200
FTS_TABLE = "blog_post_fts"

# Snowball's German stopwords, the list PostgreSQL's German configuration drops: SQLite's
# index drops them too, so that phrases and exclusions mean the same on both.
STOPWORDS = frozenset(
    """
    aber alle allem allen aller alles als also am an ander andere anderem anderen anderer
    anderes anderm andern anderr anders auch auf aus bei bin bis bist da damit dann der den
    des dem die das daß derselbe derselben denselben desselben demselben dieselbe dieselben
    dasselbe dazu dein deine deinem deinen deiner deines denn derer dessen dich dir du dies
    diese diesem diesen dieser dieses doch dort durch ein eine einem einen einer eines einig
    einige einigem einigen einiger einiges einmal er ihn ihm es etwas euer eure eurem euren
    eurer eures für gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich mich
    mir ihr ihre ihrem ihren ihrer ihres euch im in indem ins ist jede jedem jeden jeder
    jedes jene jenem jenen jener jenes jetzt kann kein keine keinem keinen keiner keines
    können könnte machen man manche manchem manchen mancher manches mein meine meinem meinen
    meiner meines mit muss musste nach nicht nichts noch nun nur ob oder ohne sehr sein
    seine seinem seinen seiner seines selbst sich sie ihnen sind so solche solchem solchen
    solcher solches soll sollte sondern sonst über um und uns unse unsem unsen unser unses
    unter viel vom von vor während war waren warst was weg weil weiter welche welchem
    welchen welcher welches wenn werde werden wie wieder will wir wird wirst wo wollen
    wollte würde würden zu zum zur zwar zwischen
    """.split()  # noqa: SIM905 (a word list reads better as words)
)

_stemmer = snowballstemmer.stemmer("german")
_WORD = re.compile(r"[^\W_]+")
_QUERY_PART = re.compile(r'(-?)"([^"]*)"|(\S+)')


@functools.lru_cache(maxsize=100_000)  # a text repeats its words: a long post took minutes
def stem(word: str) -> str:
    """The German stem of a word: "Aufträge", "Auftraege" and "Auftrag" give "auftrag"."""
    return _stemmer.stemWord(word.lower().replace("ß", "ss"))


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@functools.lru_cache(maxsize=100_000)
def is_stopword(word: str) -> bool:
    return umlauts(word) in STOPWORDS


def index_words(text: str) -> str:
    """The stems SQLite's index holds of a text: stopwords left out."""
    found = (match[0] for match in _WORD.finditer(text))  # not a list of a long post's words
    return " ".join(stem(word) for word in found if not is_stopword(word))


def umlauts(word: str) -> str:
    """ "ae", "oe", "ue" as the umlauts they stand for (not the "ue" after a "q")."""
    word = word.lower().replace("ae", "ä").replace("oe", "ö")
    return re.sub(r"(^|[^q])ue", r"\1ü", word)


@dataclass
class Query:
    """A search as the reader typed it: groups of alternatives (OR), all required, and
    excluded words. Each alternative is a tuple of words (more than one for a phrase).
    """

    required: list[list[tuple[str, ...]]] = field(default_factory=list)
    excluded: list[tuple[str, ...]] = field(default_factory=list)
    text: str = ""
    common_words_only: bool = False  # there were words, but only ones too common to search

    @property
    def shown(self) -> str:
        """The search as a page names it, in its own quotation marks („…“): a search that is
        one "phrase" leaves its quotes out, so as not to be shown in two pairs; a phrase among
        other words gets the inner quotation marks of German (‚…‘)."""
        phrase = re.fullmatch(r'"([^"]+)"', self.text)
        if phrase:
            return phrase[1].strip()
        return re.sub(r'"([^"]*)"', "\u201a\\1\u2018", self.text)

    @property
    def stems(self) -> set[str]:
        return {
            stem(word)
            for group in self.required
            for phrase in group
            for word in phrase
            if not is_stopword(word)
        }

    def __bool__(self) -> bool:
        return bool(self.required)


def parse(text: str) -> Query:
    """Words, "phrases", -excluded, OR between alternatives; everything else is ignored."""
    text = unicodedata.normalize("NFC", text.replace("\x00", ""))
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_LENGTH:  # cut at a word's end, not in the middle of one
        text = text[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0]
    query, join_next = Query(text=text), False
    for match in _QUERY_PART.finditer(text):
        negated, phrase, plain = match.groups()
        raw = phrase if phrase is not None else plain
        if plain is not None and plain.startswith("-") and len(plain) > 1:
            negated, raw = "-", plain[1:]
        if plain is not None and plain.upper() == "OR":
            join_next = bool(query.required)
            continue
        found = tuple(word.lower() for word in words(raw))
        if all(is_stopword(word) for word in found):  # also when nothing was found
            query.common_words_only |= bool(found) and not negated
            continue
        if negated:
            query.excluded.append(found)
        elif join_next:
            query.required[-1].append(found)
        else:
            query.required.append([found])
        join_next = False
    if query.required:
        query.common_words_only = False
    return query


def search(queryset: QuerySet, query: Query) -> QuerySet:
    """`queryset` narrowed to the posts matching `query`, best first (annotated `rank`)."""
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, query)
    return _search_sqlite(queryset, query)


def _search_postgresql(queryset: QuerySet, query: Query) -> QuerySet:
    tsquery = "to_tsquery('german', %s)"
    expression = _tsquery_text(query)
    return (
        # The reader's words go in as parameters; only constant SQL is formatted in.
        queryset.annotate(rank=RawSQL(f"ts_rank(search_vector, {tsquery})", [expression]))  # nosec B610 B611
        .extra(where=[f"search_vector @@ {tsquery}"], params=[expression])
        .order_by("-rank", "-published_at")
    )


def _tsquery_text(query: Query) -> str:
    """A to_tsquery() expression; words are word characters only, so quoting them is safe."""

    def phrase(found):
        return "(" + " <-> ".join(f"'{umlauts(word)}'" for word in found) + ")"

    required = ["(" + " | ".join(phrase(p) for p in group) + ")" for group in query.required]
    excluded = [f"!{phrase(stems)}" for stems in query.excluded]
    return " & ".join(required + excluded)


def _search_sqlite(queryset: QuerySet, query: Query) -> QuerySet:
    # The full-text match must drive the query: given the published filter on the same
    # level, SQLite starts from the posts' index and runs the match once per post, which
    # takes seconds on a large blog. Behind "id IN (...)" the filter no longer tempts it.
    candidates = queryset.model.objects.filter(pk__in=queryset.values("pk"))
    return candidates.extra(  # nosec B610
        tables=[FTS_TABLE],
        where=[f"{FTS_TABLE}.rowid = blog_post.id", f"{FTS_TABLE} MATCH %s"],
        params=[_fts5_match(query)],
        # FTS5's rank column: bm25 with a title word counting five times (see migration).
        select={"rank": f"-{FTS_TABLE}.rank"},
    ).order_by("-rank", "-published_at")


def _fts5_match(query: Query) -> str:
    def phrase(found):
        return '"' + index_words(" ".join(found)) + '"'

    required = ["(" + " OR ".join(phrase(p) for p in group) + ")" for group in query.required]
    match = " AND ".join(required)
    for stems in query.excluded:
        match += f" NOT {phrase(stems)}"
    return match


def plain_text(html_text: str) -> str:
    # Soft hyphens ("Silben&shy;trennung") join, they do not separate.
    return html.unescape(strip_tags(separate_blocks(html_text))).replace("\xad", "")


def index_text(title: str, text: str, labels=()) -> tuple[str, str]:
    """What the SQLite index holds of a post: the stems of its title and labels (weighed
    as title words), and of its text.
    """
    return index_words(" ".join([title, *labels])), index_words(plain_text(text))


def index_post(post) -> None:
    """Bring the SQLite index up to date for one post (PostgreSQL's trigger does it there)."""
    if connection.vendor != "sqlite":
        return
    title, body = index_text(post.title, f"{post.excerpt} {post.body}", post.labels.names())
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [post.pk])  # nosec B608
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, title, body) VALUES (%s, %s, %s)",  # nosec B608
            [post.pk, title, body],
        )


def labels_changed(post_ids) -> None:
    """Index the posts again whose labels were added, removed or renamed."""
    posts = Post.objects.filter(pk__in=post_ids)
    if connection.vendor == "postgresql":
        posts.update(title=F("title"))  # fires the trigger, which reads the labels
        return
    # Only the title words: a post of megabytes was read and indexed anew for each label.
    for post in posts.only("pk", "title"):
        title, _body = index_text(post.title, "", post.labels.names())
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {FTS_TABLE} SET title = %s WHERE rowid = %s",  # nosec B608
                [title, post.pk],
            )
            indexed = cursor.rowcount
        if not indexed:
            index_post(Post.objects.get(pk=post.pk))


def unindex_post(post_id: int) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [post_id])  # nosec B608


def passage(post, query: Query, *, around: int = 18) -> str:
    """HTML: the part of the post where the search words are, with them in <mark>.

    Everything from the post is escaped here; only the <mark> tags are added.
    """
    text = " ".join(plain_text(f"{post.excerpt} {post.body}").split())
    tokens = re.split(r"(\w+)", text)  # words at odd positions, what is between at even
    wanted = query.stems
    hits = [i for i in range(1, len(tokens), 2) if stem(tokens[i]) in wanted]
    first = hits[0] if hits else 1
    start, end = max(0, first - 2 * around), min(len(tokens), first + 2 * around)
    parts = [
        f"<mark>{html.escape(token)}</mark>" if i % 2 and i in hits else html.escape(token)
        for i, token in enumerate(tokens[start:end], start=start)
    ]
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(tokens) else ""
    return prefix + "".join(parts).strip() + suffix


def highlight(title: str, query: Query) -> str:
    tokens = re.split(r"(\w+)", title)
    return "".join(
        f"<mark>{html.escape(t)}</mark>" if i % 2 and stem(t) in query.stems else html.escape(t)
        for i, t in enumerate(tokens)
    )
