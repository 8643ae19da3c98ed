"""Each statement's share image: a 1200×630 PNG, drawn once per version of what it shows."""

import datetime
import io
import re
from html import unescape

import pytest
from PIL import Image

from quotes.editorial.workflow import unpublish
from quotes.models import Leader, Statement
from quotes.public import share_images
from tests.factories import CitationFactory, LeaderFactory, StatementFactory

pytestmark = pytest.mark.django_db

SITE = "https://verbatim.example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def statement():
    return StatementFactory(
        speaker=LeaderFactory(name="Vladimir Putin", slug="vladimir-putin"),
        text="We will respond to the attack on our airfields.",
        date_said=datetime.date(2025, 6, 4),
    )


@pytest.fixture
def drawings(monkeypatch):
    """What each drawing of an image showed, in order."""
    shown = []
    draw = share_images.draw_image

    def counted(what):
        shown.append(what)
        return draw(what)

    monkeypatch.setattr(share_images, "draw_image", counted)
    return shown


def image_path(statement) -> str:
    return f"/quotes/{statement.pk}/share.png"


def as_image(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    return image


def test_the_share_image_is_a_1200_by_630_png(client, statement):
    response = client.get(image_path(statement))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = as_image(response.content)
    assert (image.format, image.size) == ("PNG", (1200, 630))


def test_the_image_shows_the_statement(statement):
    shown = share_images.what_it_shows(statement)
    assert shown == {
        "words": "“We will respond to the attack on our airfields.”",
        "speaker": "Vladimir Putin",
        "date": "4 June 2025",
        "kind": "DIRECT QUOTE",
        "warning": "",
    }


def test_a_paraphrase_is_not_put_in_quote_marks(statement):
    statement.kind = Statement.Kind.PARAPHRASE
    shown = share_images.what_it_shows(statement)
    assert shown["words"] == "We will respond to the attack on our airfields."
    assert shown["kind"] == "PARAPHRASE"


def test_a_misattributed_statement_says_so_on_its_image(statement):
    statement.verification = Statement.Verification.MISATTRIBUTED
    shown = share_images.what_it_shows(statement)
    assert shown["warning"] == "MISATTRIBUTED: no good evidence Vladimir Putin said this"
    plain = share_images.what_it_shows(StatementFactory())
    assert as_image(share_images.draw_image(shown)) != as_image(share_images.draw_image(plain))


def test_the_image_answers_conditional_requests(client, statement):
    etag = client.get(image_path(statement))["ETag"]
    assert client.get(image_path(statement), HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_the_image_is_drawn_once_per_version_of_what_it_shows(
    client, statement, page_cache, drawings
):
    first = client.get(image_path(statement))
    assert client.get(image_path(statement))["X-Cache"] == "hit"
    # Another statement by the same speaker moves the page's scope on, not the image.
    StatementFactory(speaker=statement.speaker, date_said=datetime.date(2025, 6, 5))
    again = client.get(image_path(statement))
    assert again["X-Cache"] == "miss"
    assert again.content == first.content
    assert len(drawings) == 1

    statement.text = "We will respond at a time of our choosing."
    statement.save()
    changed = client.get(image_path(statement))
    assert len(drawings) == 2
    assert drawings[-1]["words"] == "“We will respond at a time of our choosing.”"
    assert changed.content != first.content


def test_a_draft_or_unknown_statement_has_no_image(client):
    draft = StatementFactory(status=Statement.Status.DRAFT)
    beyond_any_id = "/quotes/" + "9" * 30 + "/share.png"
    for path in [image_path(draft), "/quotes/999999/share.png", beyond_any_id]:
        response = client.get(path)
        assert response.status_code == 404
        assert response["Content-Type"] != "image/png"


def test_a_withdrawn_statement_image_is_gone(client, statement, reviewer):
    unpublish(statement, reviewer, note="Misquoted.")
    assert client.get(image_path(statement)).status_code == 410


def meta_content(html: str, attribute: str, name: str) -> str:
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    assert found, f"no {name}"
    return unescape(found.group(1))


def test_the_statement_page_offers_the_image_to_link_previews(client, statement):
    html = client.get(statement.get_absolute_url()).content.decode()
    assert meta_content(html, "property", "og:image") == f"{SITE}{image_path(statement)}"
    assert meta_content(html, "property", "og:image:width") == "1200"
    assert meta_content(html, "property", "og:image:height") == "630"
    assert meta_content(html, "property", "og:image:alt") == (
        "Vladimir Putin, 4 June 2025: “We will respond to the attack on our airfields.”"
    )
    assert meta_content(html, "name", "twitter:card") == "summary_large_image"


# --- words in any script, of any length -------------------------------------------------------

WORDS_BOX = (share_images.WORDS_TOP, share_images.WORDS_BOTTOM)


def inked_columns(png: bytes) -> tuple[int, int]:
    """The leftmost and rightmost columns drawn on in the words' box (right of the bar)."""
    image = as_image(png).convert("L")
    top, bottom = WORDS_BOX
    box = image.crop((20, top, share_images.WIDTH, bottom))
    ink = box.point(lambda value: 255 if value < 128 else 0)
    left, _, right, _ = ink.getbbox()
    return left + 20, right + 20


def drawn(words: str, speaker: str = "Speaker") -> bytes:
    """The image of a paraphrase (no quote marks added) of `words` by `speaker`, as the site
    draws it, words and name unsaved so that nothing cleans them first."""
    statement = Statement(
        speaker=Leader(name=speaker),
        text=words,
        kind=Statement.Kind.PARAPHRASE,
        date_said=datetime.date(2025, 6, 4),
    )
    return share_images.draw_image(share_images.what_it_shows(statement))


@pytest.mark.parametrize(
    "words",
    [
        "لن نتخلى عن حقوقنا المشروعة في الدفاع عن أرضنا",  # Arabic
        "我们坚持和平发展道路，决不放弃正当权益。",  # Chinese, without spaces
        "We ❤️ peace 🕊️ 👨‍👩‍👧 🇺🇦 and 𝕌𝕟𝕚𝕔𝕠𝕕𝕖",  # emoji and astral letters
        "Bell\x07 null\x00 escape\x1b[31m delete\x7f C1\x85 \u202eoverride\u202c tab\there",
        "עברית mixed with English and ١٢٣ digits",
        "e\u0301\u0301\u0301\u0301 combining marks",
        "",
    ],
)
def test_any_script_is_drawn_without_failing(words):
    image = as_image(drawn(words, speaker=words[:40] or "Speaker"))
    assert image.size == (1200, 630)


def test_right_to_left_words_are_set_from_the_right():
    left, right = inked_columns(drawn("لن نتخلى عن حقوقنا"))
    assert right >= share_images.WIDTH - share_images.MARGIN - 12
    assert left > share_images.WIDTH / 2

    left, right = inked_columns(drawn("Peace."))
    assert left <= share_images.MARGIN + 12
    assert right < share_images.WIDTH / 2


def test_control_characters_are_not_drawn():
    # Those XML forbids and the bidirectional overrides go; line breaks and tabs are spaces.
    assert share_images.plain_text("a\x00b\x07c\nd\u202ee\tf", 100) == "abc de f"


def test_words_too_long_for_the_image_end_with_an_ellipsis():
    face = share_images.font(share_images.REGULAR_FONT, share_images.WORD_SIZES[-1])
    words = share_images.plain_text(" ".join(["Sanctions will not stop us."] * 200), 600)
    _, _, lines = share_images.lay_out_words(words, {})
    assert lines[-1].endswith("…")
    width = share_images.WIDTH - 2 * share_images.MARGIN
    assert all(share_images.width_of(line, face, {}) <= width for line in lines)
    line_height = round(share_images.WORD_SIZES[-1] * share_images.LINE_SPACING)
    assert len(lines) * line_height <= share_images.WORDS_BOTTOM - share_images.WORDS_TOP


def test_short_words_are_drawn_large_and_whole():
    face, _, lines = share_images.lay_out_words("“Peace.”", {})
    assert face.size == share_images.WORD_SIZES[0]
    assert lines == ["“Peace.”"]


def test_a_word_wider_than_a_line_is_broken_across_lines():
    face = share_images.font(share_images.REGULAR_FONT, 40)
    lines, cut_short = share_images.wrap("https://" + "x" * 150, face, 500, 10, {})
    assert not cut_short
    assert len(lines) > 1
    assert "".join(lines) == "https://" + "x" * 150
    assert all(share_images.width_of(line, face, {}) <= 500 for line in lines)


def test_a_huge_statement_is_cut_before_any_text_is_measured(monkeypatch):
    measured = []
    width_of = share_images.width_of

    def spy(text, face, options):
        measured.append(len(text))
        return width_of(text, face, options)

    monkeypatch.setattr(share_images, "width_of", spy)
    png = drawn("x" * 1_000_000 + " and words " * 100_000, speaker="N" * 10_000)
    assert as_image(png).size == (1200, 630)
    assert max(measured) <= share_images.LONGEST_WORDS + 1


def test_the_share_image_of_a_statement_with_an_original_script_name(client):
    leader = LeaderFactory(name="عبد الفتاح السيسي", slug="sisi")
    statement = StatementFactory(speaker=leader, text="我们坚持和平 🕊️ لن نتخلى", cited=False)
    CitationFactory(statement=statement)
    response = client.get(image_path(statement))
    assert response.status_code == 200
    assert as_image(response.content).size == (1200, 630)
