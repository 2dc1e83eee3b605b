"""The "Moderator" group moderates comments and does nothing else; "Autor" may also reply
and change the discussion settings. Also the one row of discussion settings.
"""

from django.db import migrations

from blog.groups import grant_group

GROUPS = {
    "Moderator": ["view_comment", "moderate_comment"],
    "Autor": ["view_comment", "add_comment", "view_discussionsettings", "change_discussionsettings"],
}


def create_groups(apps, schema_editor):
    for group, codenames in GROUPS.items():
        grant_group(apps, group=group, app_label="comments", codenames=codenames)
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
