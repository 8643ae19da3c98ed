"""The editors' side: the admin, the import assistant and its fetcher, the review workflow,
safe concurrent edits, history views."""
