from django.conf import settings


def site(request) -> dict:
    """The blog's name and description, for every template."""
    return {
        "blog_title": settings.TINTE_BLOG_TITLE,
        "blog_description": settings.TINTE_BLOG_DESCRIPTION,
    }
