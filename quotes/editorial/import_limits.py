"""How much the import assistant takes at once, and what its review page may post.

Plain Python, without Django, so that `settings.py` can size Django's request limits from it:
the review page posts every quotation of an article in one form, with the article itself,
which is far more fields and bytes than Django's defaults (1,000 fields, 2.5 MB) allow.
`tests/test_import_admin.py` checks these figures against the forms themselves.
"""

# The longest article taken, in characters, pasted or fetched.
MAX_TEXT_CHARS = 300_000
# The most quotations one review shows; an article holding more is split by the editor.
MAX_CANDIDATES = 300
# The most leaders a quotation is proposed as mentioning (each one a field of the form).
MAX_PROPOSED_MENTIONS = 20

# One quotation's form: its single-valued fields, and one value per leader it mentions.
CANDIDATE_SINGLE_FIELDS = 15
CANDIDATE_FIELDS = CANDIDATE_SINGLE_FIELDS + MAX_PROPOSED_MENTIONS
# The article's details, the formset's management form, the CSRF token, the button pressed.
PAGE_FIELDS = 15
# Room for what an editor adds (more mentions than proposed), so that a full review still fits.
FIELDS_MARGIN = 500
REVIEW_MAX_FIELDS = MAX_CANDIDATES * CANDIDATE_FIELDS + PAGE_FIELDS + FIELDS_MARGIN

# The review form is sent as multipart/form-data, so each value counts its UTF-8 bytes (at most
# 4 a character; a line break the browser sends as 2) with its field name, no escaping.
UTF8_MAX = 4
# The article's details at their longest: URL, title, outlet, author, date and kind.
PAGE_DETAIL_CHARS = 2000 + 500 + 200 + 200 + 100
# A quotation's free text at its longest: reason, name as written, new leader's name, channel
# detail, relay and context (the words themselves are counted with the article below).
CANDIDATE_TEXT_CHARS = 500 + 200 + 200 + 200 + 200 + 1000
# Its other values and the field names, all ASCII: "candidates-299-channel_detail", offsets of up
# to 20 parts, ids, choices, a date.
CANDIDATE_ASCII_BYTES = 2500
REVIEW_MAX_BYTES = (
    # The article is carried once whole and once more in pieces, as its quotations' words.
    2 * MAX_TEXT_CHARS * UTF8_MAX
    + PAGE_DETAIL_CHARS * UTF8_MAX
    + MAX_CANDIDATES * (CANDIDATE_TEXT_CHARS * UTF8_MAX + CANDIDATE_ASCII_BYTES)
    + 64 * 1024
)
