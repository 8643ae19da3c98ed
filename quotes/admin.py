"""Django looks for the admin here; it lives with the rest of the editors' work in
`quotes/editorial/admin.py`."""

from quotes.editorial import admin  # noqa: F401
