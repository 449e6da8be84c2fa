"""Small real PDFs, for demo content and imported catalogues."""

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


def _wrap(pdf, text, width):
    """Greedy word wrap in the current font.

    fpdf2's multi_cell() re-measures the whole line for every character it adds;
    measuring each word once gives the same lines many times faster.
    """
    space = pdf.get_string_width(" ")
    lines, words, line_width = [], [], 0.0
    for word in text.split():
        word_width = pdf.get_string_width(word)
        if words and line_width + space + word_width > width:
            lines.append(" ".join(words))
            words, line_width = [], 0.0
        line_width += (space if words else 0.0) + word_width
        words.append(word)
    if words:
        lines.append(" ".join(words))
    return lines


def make_pdf(title, paragraphs, pages=1):
    """Return the bytes of a PDF with `pages` pages: the title and text on page 1.

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
    for number in range(1, pages + 1):
        pdf.add_page()
        y = pdf.t_margin
        pdf.set_font("Helvetica", "B", 16)
        for line in title_lines:
            pdf.text(left, y + 5.5, line)  # baseline of an 8 mm line
            y += 8
        pdf.set_font("Helvetica", size=10)
        if number == 1:
            for lines in body:
                y += 3
                for line in lines:
                    pdf.text(left, y + 3.5, line)  # baseline of a 5 mm line
                    y += 5
                if y > 270:
                    break
        footer = f"Anap - page {number}/{pages}"
        pdf.text((pdf.w - pdf.get_string_width(footer)) / 2, pdf.h - 9, footer)
    return bytes(pdf.output())
