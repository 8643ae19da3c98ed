"""Date formats of the site (Django's `FORMAT_MODULE_PATH`): one unambiguous form for editors."""

# What a date field says when given a date in any other form than ISO 8601.
ISO_DATE_ONLY = "Write the date as YYYY-MM-DD, for example 2025-06-04."
