"""Groups of staff users with the permissions of one role, made by data migrations."""

from django.contrib.auth.management import create_permissions

AUTHORS = "Autor"  # writes and publishes posts and pages


def grant_group(apps, *, group: str, app_label: str, codenames: list[str]) -> None:
    """Create `group` (if needed) and give it these permissions of `app_label`.

    For use in a data migration: permissions are normally made after all migrations have
    run, so the app's are made here first.
    """
    config = apps.get_app_config(app_label)
    models_module = getattr(config, "models_module", None)
    config.models_module = models_module or True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = models_module  # as it was: also callable with the real registry

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group_row, _ = Group.objects.get_or_create(name=group)
    group_row.permissions.add(
        *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    )
