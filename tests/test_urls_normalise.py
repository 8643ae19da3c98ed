import pytest

from quotes.record.urls_normalise import normalise_url


@pytest.mark.parametrize(
    ("given", "canonical"),
    [
        ("HTTPS://News.Example.COM/world/story/", "https://news.example.com/world/story"),
        ("https://news.example.com:443/a", "https://news.example.com/a"),
        ("http://news.example.com:8080/a", "http://news.example.com:8080/a"),
        ("https://news.example.com", "https://news.example.com/"),
        ("https://news.example.com/a#comments", "https://news.example.com/a"),
        (
            "https://news.example.com/a?utm_source=x&UTM_Medium=y&id=7&fbclid=z",
            "https://news.example.com/a?id=7",
        ),
        ("https://news.example.com/a?b=2&a=1", "https://news.example.com/a?a=1&b=2"),
        ("  https://news.example.com/a  ", "https://news.example.com/a"),
    ],
)
def test_it_gives_one_form_to_links_that_differ_only_in_what_readers_never_see(given, canonical):
    assert normalise_url(given) == canonical


def test_it_keeps_the_path_case_because_servers_may_care():
    assert normalise_url("https://example.com/World/Story") == "https://example.com/World/Story"


def test_it_leaves_non_web_addresses_for_the_validator_to_reject():
    assert normalise_url("ftp://example.com/file") == "ftp://example.com/file"
