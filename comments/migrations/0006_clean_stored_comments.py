"""Comments rendered before the one URL rule (issue 13) may link an address it refuses
(`data:`, `ftp:`): render them once more from their text, as a new comment is."""

from django.db import migrations


def render_stored_comments(apps, schema_editor):
    from blog.sanitize import comment_html  # today's rules, on purpose

    Comment = apps.get_model("comments", "Comment")
    for pk, body, body_html in Comment.objects.values_list("pk", "body", "body_html").iterator():
        rendered = comment_html(body)
        if rendered != body_html:
            Comment.objects.filter(pk=pk).update(body_html=rendered)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0005_comment_website_http_only"),
    ]

    operations = [
        migrations.RunPython(render_stored_comments, migrations.RunPython.noop, elidable=True),
    ]
