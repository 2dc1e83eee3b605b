"""Control characters in a request are dealt with before anything reads it.

They have no place in an address, a query or a cookie of the blog, and what reads them can
fail: PostgreSQL refuses a NUL byte in any text it is asked to compare (the old-address
look-up of every 404, a label, a session key), which would turn the page into an error 500.
One place decides, for every page, feed and the admin:

- an address (path) with one names no page: 404, as any unknown address;
- in a query parameter, each one is read as a space: a reader may paste a tab into the
  search box, and nobody is refused for what they cannot see ("Kuchen\\tBrot" looks for
  both words; "br\\x00ot" is no label, as "br ot" is not);
- a cookie with one was not set by the blog: it is ignored, as if the browser had not sent
  it (refusing would lock the browser out until its cookies are cleared).

Form fields are the forms' to check: Django refuses NUL in every text field, and a comment
loses other control characters on its way into the database (`comments.services`).
"""

from urllib.parse import urlencode

from django.http import Http404, QueryDict

from blog.text import CONTROL_CHARACTERS


def _has_control_characters(*texts: str) -> bool:
    return any(CONTROL_CHARACTERS.search(text) for text in texts)


def _spaced(text: str) -> str:
    return CONTROL_CHARACTERS.sub(" ", text)


def keep_out_control_characters(get_response):
    def middleware(request):
        if any(_has_control_characters(*cookie) for cookie in request.COOKIES.items()):
            request.COOKIES = {
                name: value
                for name, value in request.COOKIES.items()
                if not _has_control_characters(name, value)
            }
        # Reading the parameters here also refuses too many of them (400), before any view.
        if any(_has_control_characters(name, *values) for name, values in request.GET.lists()):
            query = urlencode(
                [
                    (_spaced(name), _spaced(value))
                    for name, values in request.GET.lists()
                    for value in values
                ]
            )
            # The same query for everything that reads it, parsed or whole (redirects).
            request.META["QUERY_STRING"] = query
            request.GET = QueryDict(query, encoding=request.encoding)
        # Last: the 404 page shows the search box, with the (now clean) query in it.
        if _has_control_characters(request.path):
            raise Http404
        return get_response(request)

    return middleware
