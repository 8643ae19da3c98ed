import re
from pathlib import Path

import pytest

from tests.factories import StatementFactory

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

EXPECTED_POLICY = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}


def policy_of(response) -> dict[str, set[str]]:
    directives = {}
    for directive in response.headers["Content-Security-Policy"].split(";"):
        name, *sources = directive.split()
        directives[name] = set(sources)
    return directives


def permissions_of(response) -> dict[str, str]:
    features = {}
    for entry in response.headers["Permissions-Policy"].split(","):
        feature, allowlist = entry.strip().split("=")
        features[feature] = allowlist
    return features


@pytest.fixture
def statement(db):
    return StatementFactory()


def test_a_public_page_allows_only_the_sites_own_scripts_and_styles(client, statement):
    response = client.get(statement.get_absolute_url())
    assert response.status_code == 200
    assert policy_of(response) == EXPECTED_POLICY


def test_an_admin_page_carries_the_same_policy(editor_client, statement):
    response = editor_client.get(f"/admin/quotes/statement/{statement.pk}/change/")
    assert response.status_code == 200
    assert policy_of(response) == EXPECTED_POLICY


def test_the_sign_in_page_and_a_missing_page_carry_the_policy_too(client, db):
    for path, status in [("/admin/login/", 200), ("/no-such-page/", 404)]:
        response = client.get(path)
        assert response.status_code == status
        assert policy_of(response) == EXPECTED_POLICY


def test_no_directive_lets_inline_code_or_eval_run(client, statement):
    header = client.get(statement.get_absolute_url()).headers["Content-Security-Policy"]
    assert "unsafe" not in header


@pytest.mark.parametrize("path", ["/", "/admin/login/"])
def test_camera_microphone_location_payment_and_usb_are_denied(client, db, path):
    features = permissions_of(client.get(path))
    for feature in ["camera", "microphone", "geolocation", "payment", "usb", "interest-cohort"]:
        assert features[feature] == "()"


def test_referrers_and_openers_stay_on_the_site(client, db):
    response = client.get("/")
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def template_files():
    return sorted(path for path in TEMPLATES.rglob("*.html"))


INLINE_CODE = [
    # A <script> without src runs inline (a data block, type="application/…json", does not).
    (
        re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/[a-z+]*json\")[^>]*>"),
        "inline script",
    ),
    (re.compile(r"<style\b"), "inline stylesheet"),
    (re.compile(r"<[a-z][^>]*\sstyle=\"", re.IGNORECASE), "style attribute"),
    (re.compile(r"<[a-z][^>]*\son[a-z]+=", re.IGNORECASE), "event handler attribute"),
    (re.compile(r"href=\"javascript:", re.IGNORECASE), "javascript: link"),
]


@pytest.mark.parametrize("template", template_files(), ids=lambda path: path.name)
def test_no_template_carries_code_the_policy_would_refuse(template):
    text = template.read_text()
    # Template comments explain; they are not sent to the browser.
    text = re.sub(r"\{#.*?#\}", "", text)
    found = [label for pattern, label in INLINE_CODE if pattern.search(text)]
    assert not found, f"{template.relative_to(TEMPLATES)}: {', '.join(found)}"
