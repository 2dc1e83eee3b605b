from django.utils.cache import patch_cache_control, patch_vary_headers


def private_pages(get_response):
    """Responses made for one visitor (their pending comment, their form) are never shared.

    Views and template tags call `mark_private(request)` when they put such things on a page;
    a page that showed a message ("Thank you for your comment") is private too.
    """

    def middleware(request):
        response = get_response(request)
        messages = getattr(request, "_messages", None)
        if getattr(request, "tinte_private", False) or getattr(messages, "used", False):
            patch_cache_control(response, private=True, no_cache=True, no_store=True)
            patch_vary_headers(response, ["Cookie"])
        return response

    return middleware


def mark_private(request) -> None:
    request.tinte_private = True
