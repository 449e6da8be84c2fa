"""Small real PDFs, for demo content and imported catalogues."""

from dataclasses import dataclass

from fpdf import FPDF

# fpdf2's core fonts speak Latin-1: map the few typographic characters it lacks.
_LATIN1_FALLBACKS = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "–": "-",
        "—": "-",
        "œ": "oe",
        "Œ": "OE",
        "…": "...",
        "\u202f": " ",
        "€": "EUR",
    }
)


def _latin1(text):
    return text.translate(_LATIN1_FALLBACKS).encode("latin-1", "replace").decode("latin-1")


_WIDTHS = {}  # (font, size, word) -> width: a catalogue repeats the same words thousands of times


def _width(pdf, word):
    key = (pdf.font_family, pdf.font_style, pdf.font_size_pt, word)
    width = _WIDTHS.get(key)
    if width is None:
        if len(_WIDTHS) > 200_000:  # a bound on a long-lived worker's memory
            _WIDTHS.clear()
        width = _WIDTHS[key] = pdf.get_string_width(word)
    return width


def _wrap(pdf, text, width):
    """Greedy word wrap in the current font.

    fpdf2's multi_cell() re-measures the whole line for every character it adds;
    measuring each word once (and remembering it) gives the same lines many times faster.
    """
    space = _width(pdf, " ")
    lines, words, line_width = [], [], 0.0
    for word in text.split():
        word_width = _width(pdf, word)
        if words and line_width + space + word_width > width:
            lines.append(" ".join(words))
            words, line_width = [], 0.0
        line_width += (space if words else 0.0) + word_width
        words.append(word)
    if words:
        lines.append(" ".join(words))
    return lines


def make_pdf(title, paragraphs, pages=1):
    """Return the bytes of a PDF with `pages` pages: the title and text on page 1."""
    return render_pdf(title, paragraphs, pages).data


@dataclass(frozen=True)
class RenderedPdf:
    """A generated PDF, with what its maker already knows: no need to parse it again."""

    data: bytes
    pages: int
    text: str  # every line drawn, in order, whitespace-normalised: what a text extractor reads back


def render_pdf(title, paragraphs, pages=1):
    """Lay out a PDF of `pages` pages: the title on each page, the text on page 1, a footer.

    Text is laid out once and drawn with text() (no line-breaking per page):
    about 4 times faster than multi_cell() for the same pages.
    """
    pages = max(1, pages)
    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(title))
    pdf.set_author("Anap")
    pdf.set_auto_page_break(False)
    left, width = pdf.l_margin + pdf.c_margin, pdf.epw - 2 * pdf.c_margin
    pdf.set_font("Helvetica", "B", 16)
    title_lines = _wrap(pdf, _latin1(title), width)
    pdf.set_font("Helvetica", size=10)
    body = [_wrap(pdf, _latin1(paragraph), width) for paragraph in paragraphs]
    drawn = []

    def draw(x, y, line):
        pdf.text(x, y, line)
        drawn.append(line)

    for number in range(1, pages + 1):
        pdf.add_page()
        y = pdf.t_margin
        pdf.set_font("Helvetica", "B", 16)
        for line in title_lines:
            draw(left, y + 5.5, line)  # baseline of an 8 mm line
            y += 8
        pdf.set_font("Helvetica", size=10)
        if number == 1:
            for lines in body:
                y += 3
                for line in lines:
                    draw(left, y + 3.5, line)  # baseline of a 5 mm line
                    y += 5
                if y > 270:
                    break
        footer = f"Anap - page {number}/{pages}"
        draw((pdf.w - _width(pdf, footer)) / 2, pdf.h - 9, footer)
    return RenderedPdf(bytes(pdf.output()), pages, " ".join(" ".join(drawn).split()))


def render_many(arguments):
    """render_pdf() for each (title, paragraphs, pages): a worker's batch, an exception in place of a failed PDF."""
    rendered = []
    for title, paragraphs, pages in arguments:
        try:
            rendered.append(render_pdf(title, paragraphs, pages))
        except Exception as exc:  # noqa: BLE001 - reported on its line by the importer
            rendered.append(exc)
    return rendered
