from datetime import timedelta

from django.core.management import BaseCommand
from django.utils import timezone

from blog import images


class Command(BaseCommand):
    help = (
        "Find uploaded pictures and renditions that no post, page or library image refers "
        "to any more, and delete them. Files younger than --min-age minutes are left alone: "
        "they may belong to an upload still being saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only list them.")
        parser.add_argument("--min-age", type=int, default=60, metavar="MINUTES")

    def handle(self, *args, dry_run, min_age, **options):
        referenced, storages = set(), {}
        for model, field in images.image_fields():
            names = model._default_manager.exclude(**{field.name: ""}).values_list(
                field.name, flat=True
            )
            referenced.update(names)
            folder = str(field.upload_to).split("/%", 1)[0].rstrip("/")
            storages.setdefault(field.storage, set()).add(folder)
        cutoff = timezone.now() - timedelta(minutes=min_age)
        count = 0
        for storage, folders in storages.items():
            for name in images.orphans(storage, referenced, sorted(folders)):
                if storage.get_modified_time(name) > cutoff:
                    continue
                count += 1
                self.stdout.write(name)
                if not dry_run:
                    storage.delete(name)
        verb = "would be deleted" if dry_run else "deleted"
        self.stdout.write(self.style.SUCCESS(f"{count} orphaned files {verb}."))
