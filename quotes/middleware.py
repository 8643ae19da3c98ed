"""Two of the stack's middleware, doing the same for every request at a fraction of the cost
for the commonest one: an anonymous reader's GET of a public page, most often served whole from
the page cache (`quotes.public.freshness`), which needs neither of them.

- `LazyMessageMiddleware`: Django's message framework, with the storage (a cookie signer and a
  session reader) made the first time a message is added or read. A request that never touches
  it has nothing to store, exactly as Django's storage would have stored nothing (it stores
  only messages added or read).
- `HistoryRequestMiddleware`: django-simple-history's, which lends the request to the history
  records written during it so that each names its author, the request's user when signed in.
  A GET or HEAD without a session cookie has no signed-in user (a sign-in is a POST), so every
  record it might write names no author with or without the request: it is not lent.
"""

from django.conf import settings
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.messages.storage import default_storage
from django.utils.functional import SimpleLazyObject, empty
from simple_history.models import HistoricalRecords

SAFE_METHODS = ("GET", "HEAD")


def _never_made(lazy) -> bool:
    return isinstance(lazy, SimpleLazyObject) and lazy._wrapped is empty


class LazyMessageMiddleware(MessageMiddleware):
    def process_request(self, request):
        request._messages = SimpleLazyObject(lambda: default_storage(request))

    def process_response(self, request, response):
        if _never_made(getattr(request, "_messages", None)):
            return response  # never made: nothing added, nothing read
        return super().process_response(request, response)


class HistoryRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in SAFE_METHODS and settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)
        HistoricalRecords.context.request = request
        try:
            return self.get_response(request)
        finally:
            try:
                del HistoricalRecords.context.request
            except AttributeError:
                pass
