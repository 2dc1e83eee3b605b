"""The full-text index of posts: a tsvector column with a trigger and a GIN index on
PostgreSQL, an FTS5 table on SQLite (kept up to date by blog.search.index_post).
"""

from django.db import migrations

POSTGRESQL = [
    """
    CREATE FUNCTION tinte_german(text) RETURNS text AS $$
        SELECT regexp_replace(
            replace(replace(lower($1), 'ae', 'ä'), 'oe', 'ö'), '(^|[^q])ue', '\\1ü', 'g'
        )
    $$ LANGUAGE sql IMMUTABLE
    """,
    "ALTER TABLE blog_post ADD COLUMN search_vector tsvector",
    """
    CREATE FUNCTION blog_post_search_vector() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector :=
            setweight(to_tsvector('german', tinte_german(coalesce(NEW.title, ''))), 'A')
            || setweight(to_tsvector('german', tinte_german(coalesce(NEW.excerpt, ''))), 'B')
            || setweight(to_tsvector('german', tinte_german(coalesce(NEW.body, ''))), 'C');
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER blog_post_search_vector BEFORE INSERT OR UPDATE OF title, excerpt, body
    ON blog_post FOR EACH ROW EXECUTE FUNCTION blog_post_search_vector()
    """,
    "UPDATE blog_post SET title = title",
    "CREATE INDEX blog_post_search_vector ON blog_post USING GIN (search_vector)",
]

POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS blog_post_search_vector ON blog_post",
    "DROP FUNCTION IF EXISTS blog_post_search_vector()",
    "ALTER TABLE blog_post DROP COLUMN IF EXISTS search_vector",
    "DROP FUNCTION IF EXISTS tinte_german(text)",
]


def create_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        for statement in POSTGRESQL:
            schema_editor.execute(statement)
    elif connection.vendor == "sqlite":
        from blog.search import FTS_TABLE, index_text

        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(title, body, "
            "tokenize='unicode61 remove_diacritics 2')"
        )
        # A word in the title counts five times one in the text.
        schema_editor.execute(
            f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rank) VALUES ('rank', 'bm25(5.0, 1.0)')"
        )
        Post = apps.get_model("blog", "Post")
        for post in Post.objects.all():
            title, body = index_text(post.title, f"{post.excerpt} {post.body}")
            schema_editor.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, title, body) VALUES (%s, %s, %s)",
                [post.pk, title, body],
            )


def drop_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        for statement in POSTGRESQL_REVERSE:
            schema_editor.execute(statement)
    elif connection.vendor == "sqlite":
        from blog.search import FTS_TABLE

        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("blog", "0002_author_group")]

    operations = [migrations.RunPython(create_index, drop_index)]
