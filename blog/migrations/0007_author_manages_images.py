"""Writers in the group "Autor" upload and manage the pictures of the image library."""

from django.db import migrations

from blog.groups import grant_group

CODENAMES = ["add_image", "change_image", "delete_image", "view_image"]


def grant(apps, schema_editor):
    grant_group(apps, group="Autor", app_label="blog", codenames=CODENAMES)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name="Autor"):
        group.permissions.remove(*Permission.objects.filter(codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [("blog", "0006_search_words_as_written")]

    operations = [migrations.RunPython(grant, revoke)]
