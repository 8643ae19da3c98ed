"""Staying up when a service is not: database deadlines, the 503 page, the health check.

The cache's own failures are handled where the cache is (`quotes/cache.py`): it fails open.
"""
