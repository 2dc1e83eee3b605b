"""Author profiles: the name readers see (never the login name) and the badge on replies.

Staff accounts and the authors of posts get one with the name they have in the admin (first and last name), if any;
authors in the group "Autor" may edit their own.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from blog.groups import grant_group

CODENAMES = ["change_authorprofile", "view_authorprofile"]


def profiles_for_staff(apps, schema_editor):
    grant_group(apps, group="Autor", app_label="blog", codenames=CODENAMES)
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    AuthorProfile = apps.get_model("blog", "AuthorProfile")
    AuthorProfile.objects.bulk_create(
        AuthorProfile(
            user=user, display_name=f"{user.first_name} {user.last_name}".strip()[:100]
        )
        for user in User.objects.filter(
            models.Q(is_staff=True) | models.Q(posts__isnull=False), author_profile__isnull=True
        ).distinct()
    )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name="Autor"):
        group.permissions.remove(*Permission.objects.filter(codename__in=CODENAMES))


class Migration(migrations.Migration):

    dependencies = [
        ('blog', '0012_image_imported_from'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AuthorProfile',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('display_name', models.CharField(blank=True, help_text='Shown under posts, on replies to comments, in feeds and to search engines. Posts are published only under a name; the login name is never shown.', max_length=100, verbose_name='name shown to readers')),
                ('badge', models.CharField(choices=[('woman', 'Author (woman)'), ('man', 'Author (man)'), ('own', 'A word of my own (below)')], default='own', help_text="Marks your replies to comments as the blog's own.", max_length=10, verbose_name='word beside your replies')),
                ('badge_word', models.CharField(blank=True, help_text='With “A word of my own”, for example “Team” or “Gastgeberin”. Empty: “Blog”.', max_length=30, verbose_name='your own word')),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='author_profile', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'author profile',
                'verbose_name_plural': 'author profiles',
            },
        ),
        migrations.RunPython(profiles_for_staff, revoke),
    ]
