"""Staying up when a service fails or an attacker comes: database deadlines, the 503 page, the
health check, the cache that fails open (`cache.py`), security headers, sign-in limits.
"""

from django.db import InterfaceError, OperationalError

# Errors that mean the database is out of reach or too slow, not that the code is wrong.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
