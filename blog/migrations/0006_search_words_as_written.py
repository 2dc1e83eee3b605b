"""Search finds what readers see: entities stored as characters, and on PostgreSQL words
joined by dots, slashes or "@" ("node.js", "example.org") indexed as separate words, as on
SQLite, instead of as one host name or address token.
"""

from django.db import migrations

TINTE_GERMAN = r"""
CREATE OR REPLACE FUNCTION tinte_german(text) RETURNS text AS $$
    SELECT regexp_replace(
        regexp_replace(
            replace(replace(
                lower(replace(regexp_replace($1, '<[^>]*>', ' ', 'g'), chr(173), '')),
                'ae', 'ä'), 'oe', 'ö'),
            '(^|[^q])ue', '\1ü', 'g'
        ),
        '([[:alnum:]])[./@:]+(?=[[:alnum:]])', '\1 ', 'g'
    )
$$ LANGUAGE sql IMMUTABLE
"""

TINTE_GERMAN_BEFORE = r"""
CREATE OR REPLACE FUNCTION tinte_german(text) RETURNS text AS $$
    SELECT regexp_replace(
        replace(replace(lower($1), 'ae', 'ä'), 'oe', 'ö'), '(^|[^q])ue', '\1ü', 'g'
    )
$$ LANGUAGE sql IMMUTABLE
"""


def entities_as_characters(apps, schema_editor):
    from blog.sanitize import clean_html

    for name in ("Post", "Page"):
        model = apps.get_model("blog", name)
        for pk, body in model.objects.values_list("pk", "body"):
            if "&" in body and (cleaned := clean_html(body)) != body:
                model.objects.filter(pk=pk).update(body=cleaned)


def reindex(function):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(function)
            schema_editor.execute("UPDATE blog_post SET title = title")

    return run


class Migration(migrations.Migration):
    dependencies = [("blog", "0005_image_library")]

    operations = [
        migrations.RunPython(entities_as_characters, migrations.RunPython.noop),
        migrations.RunPython(reindex(TINTE_GERMAN), reindex(TINTE_GERMAN_BEFORE)),
    ]
