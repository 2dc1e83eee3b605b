"""Labels are searched as if they were words of the title."""

from django.db import migrations

LABELS = """
    (SELECT {concat}(label.name, ' ') FROM blog_labelledpost labelled
     JOIN blog_label label ON label.id = labelled.tag_id
     WHERE labelled.content_object_id = {post})
"""


def function(with_labels: bool) -> str:
    labels = (
        "|| setweight(to_tsvector('german', tinte_german(coalesce("
        + LABELS.format(concat="string_agg", post="NEW.id")
        + ", ''))), 'A')"
        if with_labels
        else ""
    )
    return f"""
    CREATE OR REPLACE FUNCTION blog_post_search_vector() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector :=
            setweight(to_tsvector('german', tinte_german(coalesce(NEW.title, ''))), 'A')
            {labels}
            || setweight(to_tsvector('german', tinte_german(coalesce(NEW.excerpt, ''))), 'B')
            || setweight(to_tsvector('german', tinte_german(coalesce(NEW.body, ''))), 'C');
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """


def reindex(with_labels: bool):
    def run(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor == "postgresql":
            schema_editor.execute(function(with_labels))
            schema_editor.execute("UPDATE blog_post SET title = title")
        elif connection.vendor == "sqlite":
            from blog.search import FTS_TABLE, index_text

            labels = LABELS.format(concat="group_concat", post="post.id") if with_labels else "''"
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT post.id, post.title, post.excerpt, post.body, {labels} "
                    "FROM blog_post post"
                )
                rows = cursor.fetchall()
            for pk, title, excerpt, body, names in rows:
                title, body = index_text(title, f"{excerpt} {body}", (names or "").split())
                schema_editor.execute(
                    f"UPDATE {FTS_TABLE} SET title = %s, body = %s WHERE rowid = %s",
                    [title, body, pk],
                )

    return run


class Migration(migrations.Migration):
    dependencies = [("blog", "0003_search")]

    operations = [migrations.RunPython(reindex(True), reindex(False))]
