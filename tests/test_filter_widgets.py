from django import forms
from django.test.html import parse_html

from quotes.public.filters import QuickSelect

CHOICES = [("", "Any"), ("AF", "Afghanistan"), ("x<y", "Tom & Jerry <b>"), ("3", "Three")]


def test_quick_select_writes_what_django_select_writes():
    for value in (None, "", "AF", "x<y", "unknown"):
        attrs = {"id": "id_country", "aria-describedby": "help"}
        expected = forms.Select(choices=CHOICES).render("country", value, attrs)
        written = QuickSelect(choices=CHOICES).render("country", value, attrs)
        assert parse_html(written) == parse_html(expected), value  # attribute order aside


def test_quick_select_escapes_values_and_labels():
    html = QuickSelect(choices=CHOICES).render("publisher", "x<y")
    assert '<option value="x&lt;y" selected>Tom &amp; Jerry &lt;b&gt;</option>' in html
    assert "<b>" not in html


def test_quick_select_leaves_option_groups_to_django():
    grouped = [("Europe", [("FR", "France")]), ("", "Any")]
    html = QuickSelect(choices=grouped).render("country", "FR")
    assert '<optgroup label="Europe">' in html
    assert "selected" in html
