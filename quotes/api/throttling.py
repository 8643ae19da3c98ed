"""How many API requests one client address may make: `API_RATE_LIMIT` (such as "120/min").

Counted in the shared cache by REST framework's throttle, per address as the sign-in limits
see it (`TRUSTED_PROXY_COUNT`). The cache fails open (quotes/reliability/cache.py): while Redis
is out of reach nothing is counted and nobody is refused, since the API staying up matters more
than the limit.
"""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

from quotes.reliability.sign_in_limits import client_address


class AddressRateThrottle(AnonRateThrottle):
    scope = "api"

    def get_rate(self) -> str:
        # Read at each request rather than once at import, as REST framework's rates are.
        return settings.API_RATE_LIMIT

    def get_ident(self, request) -> str:
        return client_address(request) or "unknown"
