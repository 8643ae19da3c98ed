"""The JSON API, reusing the public filters.

Read-only, anonymous and JSON only, under /api/v1/: statements, leaders, sources and topics,
each as a list paged by cursor and one at a time. The lists filter through the very FilterSets
of the site's lists (`quotes.public.filters`), so a filter means the same on a page and in the
API; answers are conditional on the same scope versions as the pages (`quotes.record.versions`).
"""
