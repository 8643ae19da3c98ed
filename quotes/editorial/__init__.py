"""The editors' side: the review workflow, corrections, safe concurrent edits, history views."""
