"""The "Autor" group: writes posts and pages, manages labels, and nothing else (no users)."""

from django.db import migrations

from blog.groups import grant_group

GROUP_NAME = "Autor"
PERMISSIONS = {
    "post": ["add", "change", "delete", "view"],
    "page": ["add", "change", "delete", "view"],
    "label": ["add", "change", "delete", "view"],
    "labelledpost": ["add", "change", "delete", "view"],
}


def create_author_group(apps, schema_editor):
    codenames = [
        f"{action}_{model}" for model, actions in PERMISSIONS.items() for action in actions
    ]
    grant_group(apps, group=GROUP_NAME, app_label="blog", codenames=codenames)


def remove_author_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("blog", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_author_group, remove_author_group)]
