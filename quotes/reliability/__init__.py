"""Staying up when a service is not: database deadlines, the 503 page, the health check.

The cache's own failures are handled where the cache is (`quotes/cache.py`): it fails open.
"""

from django.db import InterfaceError, OperationalError

# Errors that mean the database is out of reach or too slow, not that the code is wrong.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
