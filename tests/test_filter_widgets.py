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


def test_quick_select_marks_only_this_renders_choice_though_its_options_are_remembered():
    first = QuickSelect(choices=CHOICES).render("country", "AF")
    second = QuickSelect(choices=CHOICES).render("country", "3")
    assert '<option value="AF" selected>' in first and '<option value="3">' in first
    assert '<option value="3" selected>' in second and '<option value="AF">' in second


def test_quick_select_marks_every_chosen_value_of_a_multiple_select():
    for value in (["AF", "x<y"], ["3"], [], ["unknown", "AF"]):
        expected = forms.SelectMultiple(choices=CHOICES).render("country", value)
        written = QuickSelect(choices=CHOICES, attrs={"multiple": True})
        written.allow_multiple_selected = True
        assert parse_html(written.render("country", value)) == parse_html(expected), value


def test_quick_select_never_marks_a_label_that_looks_like_an_option():
    choices = [("a", '<option value="b">'), ("b", "Bee")]
    html = QuickSelect(choices=choices).render("publisher", "b")
    assert html.count(" selected") == 1
    assert '<option value="b" selected>Bee</option>' in html
