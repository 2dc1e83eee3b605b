"""Bodies stored before the one URL rule (issue 13) may hold a `javascript:123` link that the
sanitiser of the time let through: clean them once with today's rules, as a save would."""

from django.db import migrations


def clean_stored_bodies(apps, schema_editor):
    from blog.models import SanitizedHTMLField  # today's rules, on purpose

    for name in ("Post", "Page"):
        model = apps.get_model("blog", name)
        for pk, body in model.objects.values_list("pk", "body").iterator():
            cleaned = SanitizedHTMLField.as_stored(body)
            if cleaned != body:
                model.objects.filter(pk=pk).update(body=str(cleaned))


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0013_author_profile"),
    ]

    operations = [
        migrations.RunPython(clean_stored_bodies, migrations.RunPython.noop, elidable=True),
    ]
