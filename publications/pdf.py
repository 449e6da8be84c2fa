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


def make_pdf(title, paragraphs, pages=1):
    """Return the bytes of a PDF with `pages` pages: the title and text on page 1."""
    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(title))
    pdf.set_author("Anap")
    pdf.set_auto_page_break(False)
    for number in range(1, max(1, pages) + 1):
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 16)
        pdf.multi_cell(0, 8, _latin1(title))
        pdf.set_font("Helvetica", size=10)
        if number == 1:
            for paragraph in paragraphs:
                pdf.ln(3)
                pdf.multi_cell(0, 5, _latin1(paragraph))
                if pdf.get_y() > 270:
                    break
        pdf.set_y(-15)
        pdf.cell(0, 10, f"Anap - page {number}/{pages}", align="C")
    return bytes(pdf.output())
