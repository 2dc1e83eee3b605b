"""The "Autor" group: writes posts and pages, manages labels, and nothing else (no users)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Autor"
PERMISSIONS = {
    "post": ["add", "change", "delete", "view"],
    "page": ["add", "change", "delete", "view"],
    "label": ["add", "change", "delete", "view"],
    "labelledpost": ["add", "change", "delete", "view"],
}


def create_author_group(apps, schema_editor):
    # Permissions are normally created after all migrations have run; make sure the
    # blog's exist now so the group can be given them on a fresh database.
    blog_config = apps.get_app_config("blog")
    blog_config.models_module = True
    create_permissions(blog_config, apps=apps, verbosity=0)
    blog_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    codenames = [
        f"{action}_{model}" for model, actions in PERMISSIONS.items() for action in actions
    ]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="blog", codename__in=codenames)
    )


def remove_author_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("blog", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_author_group, remove_author_group)]
