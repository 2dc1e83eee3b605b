"""The "Moderator" group moderates comments and does nothing else; "Autor" may also reply.

Also the one row of discussion settings, with its defaults.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = {
    "Moderator": ["view_comment", "moderate_comment"],
    "Autor": ["view_comment", "add_comment", "view_discussionsettings", "change_discussionsettings"],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations have run.
    config = apps.get_app_config("comments")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="comments", codename__in=codenames)
        )


    apps.get_model("comments", "DiscussionSettings").objects.get_or_create(pk=1)


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name="Moderator").delete()
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Autor"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="comments"))


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("blog", "0002_author_group"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
