"""Each published statement's share image: a 1200×630 PNG for link previews (Open Graph).

Drawn with Pillow in DejaVu Sans, shipped under static/quotes/fonts/ (its licence beside it) so
that every server draws the same image: the words, wrapped and ended with an ellipsis when they
do not fit, the speaker, the date, and "Verbatim"; a disputed or misattributed statement says
so above the words, since the image travels without the page that explains it.

Words in any script are drawn without failing: right-to-left words are set from the right, with
Pillow's libraqm layout when present (which also joins Arabic letters); letters DejaVu lacks
(Chinese, most emoji) are drawn as empty boxes. The words are cut to `LONGEST_WORDS` characters
before any layout, and a word wider than a line is broken, so that no statement, however long,
takes longer to draw than a short one does.

An image is drawn once for what it shows: it is kept in the cache under a digest of its words,
speaker, date and labels (and of `LAYOUT`, to move on when the drawing changes).
"""

import hashlib
import io
import re
import threading
import unicodedata

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from PIL import Image, ImageDraw, ImageFont

from quotes.models import Statement, as_record_id
from quotes.public.freshness import public_page
from quotes.public.views import statement_scopes
from quotes.record.corrections import withdrawal_of
from quotes.record.text import without_invisible_controls

WIDTH, HEIGHT = 1200, 630
LAYOUT = "1"  # change to draw every image again after changing how they look
FONTS = settings.BASE_DIR / "static" / "quotes" / "fonts"
REGULAR_FONT = FONTS / "DejaVuSans.ttf"
BOLD_FONT = FONTS / "DejaVuSans-Bold.ttf"
IMAGE_CACHE_SECONDS = 24 * 60 * 60

PAPER = "#fbfaf7"
INK = "#1c1f23"
INK_SOFT = "#4a515b"
ACCENT = "#1a4c96"
LINE = "#d9d5cc"
DANGER = "#8a1c1c"

MARGIN = 80
WORDS_TOP = 150
WORDS_BOTTOM = 480
# Word sizes tried from the largest down; the smallest that still overflows gets an ellipsis.
WORD_SIZES = (56, 48, 42, 36, 31)
LINE_SPACING = 1.3
# More than the smallest size can show (about 8 lines of 60 letters): cut before any layout.
LONGEST_WORDS = 600
ELLIPSIS = "…"
PALETTE_COLOURS = 64

# Control characters (line breaks included) stand between words; whitespace runs are one space.
CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
WHITESPACE = re.compile(r"\s+")


# Each thread of a worker loads its own: a FreeType face is not to be used by two threads at once.
_loaded_fonts = threading.local()


def font(path, size: int) -> ImageFont.FreeTypeFont:
    loaded = _loaded_fonts.__dict__.setdefault("by_path_and_size", {})
    if (path, size) not in loaded:
        loaded[(path, size)] = ImageFont.truetype(str(path), size)
    return loaded[(path, size)]


def has_complex_layout() -> bool:
    """Whether Pillow lays text out with libraqm (bidirectional text, joined Arabic letters)."""
    return font(REGULAR_FONT, WORD_SIZES[0]).layout_engine == ImageFont.Layout.RAQM


def plain_text(text: str, limit: int) -> str:
    """`text` on one line, without control characters, at most about `limit` characters."""
    # Cut before cleaning too: a megabyte of words is not worth reading through.
    text = CONTROLS.sub(" ", without_invisible_controls((text or "")[: limit * 2]))
    text = WHITESPACE.sub(" ", text).strip()
    if len(text) > limit:
        text = text[:limit].rstrip() + ELLIPSIS
    return text


def is_right_to_left(text: str) -> bool:
    """Whether the text's first letter with a direction is written right to left."""
    for character in text:
        direction = unicodedata.bidirectional(character)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


def text_options(right_to_left: bool) -> dict:
    # Without libraqm Pillow cannot be told a direction (and would refuse to be).
    return {"direction": "rtl"} if right_to_left and has_complex_layout() else {}


def width_of(text: str, face: ImageFont.FreeTypeFont, options: dict) -> float:
    return face.getlength(text, **options)


def longest_fitting_prefix(word: str, face, width: float, options: dict) -> int:
    """How many of the word's first characters fit in `width` (at least one)."""
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if width_of(word[:middle], face, options) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def wrap(text: str, face, width: float, max_lines: int, options: dict) -> tuple[list[str], bool]:
    """The lines `text` takes at `width`, at most `max_lines`, and whether some were left out.

    Lines break between words; a word wider than a line (a long address, words in a script
    without spaces) is broken where the line ends.
    """
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if width_of(candidate, face, options) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while width_of(current, face, options) > width and len(lines) <= max_lines:
            cut = longest_fitting_prefix(current, face, width, options)
            lines.append(current[:cut])
            current = current[cut:]
        if len(lines) > max_lines:
            break
    if current:
        lines.append(current)
    return lines[:max_lines], len(lines) > max_lines


def with_ellipsis(line: str, face, width: float, options: dict) -> str:
    """The line ended with an ellipsis, shortened (at a space when it can be) to fit."""
    line = line.rstrip(" ,;:.")
    while line and width_of(line + ELLIPSIS, face, options) > width:
        shorter = line.rsplit(" ", 1)[0] if " " in line else line[:-1]
        line = shorter.rstrip(" ,;:.")
    return line + ELLIPSIS


def fitted(text: str, face, width: float, options: dict) -> str:
    """`text` on one line, shortened with an ellipsis when wider than `width`."""
    if width_of(text, face, options) <= width:
        return text
    cut = longest_fitting_prefix(text, face, width, options)
    return with_ellipsis(text[:cut], face, width, options)


def lay_out_words(text: str, options: dict):
    """The largest size at which the words fit their box, and their lines at that size; at the
    smallest size, as many lines as fit, the last ending with an ellipsis."""
    width = WIDTH - 2 * MARGIN
    for size in WORD_SIZES:
        face = font(REGULAR_FONT, size)
        line_height = round(size * LINE_SPACING)
        max_lines = (WORDS_BOTTOM - WORDS_TOP) // line_height
        lines, cut_short = wrap(text, face, width, max_lines, options)
        if not cut_short:
            return face, line_height, lines
    lines[-1] = with_ellipsis(lines[-1], face, width, options)
    return face, line_height, lines


def contested_label(statement: Statement) -> str:
    if statement.verification == Statement.Verification.MISATTRIBUTED:
        return f"MISATTRIBUTED: no good evidence {statement.speaker.name} said this"
    if statement.verification == Statement.Verification.DISPUTED:
        return "DISPUTED: whether or how this was said is contested"
    return ""


def what_it_shows(statement: Statement) -> dict:
    """Everything the image shows, already cleaned and cut to length."""
    words = plain_text(statement.text, LONGEST_WORDS)
    if statement.kind != Statement.Kind.PARAPHRASE:
        words = f"“{words}”"
    return {
        "words": words,
        "speaker": plain_text(statement.speaker.name, 200),
        "date": statement.date_said_display,
        "kind": statement.get_kind_display().upper(),
        "warning": plain_text(contested_label(statement), 200),
    }


def draw_image(shown: dict) -> bytes:
    """The PNG of a statement's share image, from `what_it_shows()`."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 16, HEIGHT), fill=ACCENT)
    inner = WIDTH - 2 * MARGIN

    # Above the words: how they were said, or that they may not have been.
    label_face = font(BOLD_FONT, 26)
    if shown["warning"]:
        label = fitted(shown["warning"], label_face, inner, {})
        draw.text((MARGIN, 70), label, font=label_face, fill=DANGER)
    else:
        draw.text((MARGIN, 70), shown["kind"], font=label_face, fill=ACCENT)

    right_to_left = is_right_to_left(shown["words"])
    options = text_options(right_to_left)
    face, line_height, lines = lay_out_words(shown["words"], options)
    top = WORDS_TOP
    for line in lines:
        left = MARGIN
        if right_to_left:
            left = WIDTH - MARGIN - width_of(line, face, options)
        draw.text((left, top), line, font=face, fill=INK, **options)
        top += line_height

    draw.line((MARGIN, 500, WIDTH - MARGIN, 500), fill=LINE, width=2)
    brand_face = font(BOLD_FONT, 34)
    brand_width = width_of("Verbatim", brand_face, {})
    draw.text((WIDTH - MARGIN - brand_width, 540), "Verbatim", font=brand_face, fill=ACCENT)
    footer_width = inner - brand_width - 40
    speaker_face = font(BOLD_FONT, 34)
    speaker_options = text_options(is_right_to_left(shown["speaker"]))
    speaker = fitted(shown["speaker"], speaker_face, footer_width, speaker_options)
    draw.text((MARGIN, 520), speaker, font=speaker_face, fill=INK, **speaker_options)
    date_face = font(REGULAR_FONT, 26)
    draw.text((MARGIN, 568), shown["date"], font=date_face, fill=INK_SOFT)

    # A few inks on one paper: 64 colours keep every edge smooth, and the PNG is a third of the
    # size and quicker to write than in full colour.
    image = image.quantize(colors=PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE)
    output = io.BytesIO()
    image.save(output, "PNG")
    return output.getvalue()


def share_image_png(statement: Statement) -> bytes:
    """The statement's share image, drawn once for what it shows and then taken from the cache."""
    shown = what_it_shows(statement)
    state = "\x00".join([LAYOUT, *(shown[name] for name in sorted(shown))])
    key = f"share-image:{statement.pk}:{hashlib.sha256(state.encode()).hexdigest()[:32]}"
    png = cache.get(key)
    if png is None:
        png = draw_image(shown)
        cache.set(key, png, IMAGE_CACHE_SECONDS)
    return png


@public_page(scopes=statement_scopes)
def statement_share_image(request, pk):
    statement = None
    if as_record_id(pk) is not None:
        statement = Statement.objects.published().for_cards().filter(pk=pk).first()
    if statement is None:
        if as_record_id(pk) is not None and withdrawal_of(pk) is not None:
            return HttpResponse(
                "This statement was withdrawn.", status=410, content_type="text/plain"
            )
        raise Http404("No published statement has this number.")
    return HttpResponse(share_image_png(statement), content_type="image/png")
