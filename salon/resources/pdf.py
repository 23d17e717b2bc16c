"""A minimal PDF writer: pages of plain text in Helvetica, nothing else.

The demo seed and the tests need real PDFs whose words pypdf can read back. A layout
library (WeasyPrint, reportlab) would be a large dependency for that; the format itself
needs only five kinds of object (catalog, page tree, pages, their content streams and one
standard font), written here with a correct cross-reference table.
"""

from __future__ import annotations

import textwrap

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN, LEADING, FONT_SIZE = 56, 15, 11
LINES_PER_PAGE = (PAGE_HEIGHT - 2 * MARGIN) // LEADING
WRAP = 90


def _escape(line: str) -> str:
    # Helvetica's standard encoding covers Latin-1; anything else becomes "?".
    line = line.encode("latin-1", errors="replace").decode("latin-1")
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _lines(title: str, paragraphs: list[str]) -> list[tuple[str, int]]:
    lines: list[tuple[str, int]] = [(title, 16), ("", FONT_SIZE)]
    for paragraph in paragraphs:
        for line in textwrap.wrap(paragraph, WRAP) or [""]:
            lines.append((line, FONT_SIZE))
        lines.append(("", FONT_SIZE))
    return lines


def text_pdf(title: str, paragraphs: list[str]) -> bytes:
    """A PDF of ``title`` followed by ``paragraphs``, wrapped and paged."""
    lines = _lines(title, paragraphs)
    pages = [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)]
    objects: list[bytes] = []  # object n is objects[n - 1]
    font_id, pages_id = 3, 2
    page_ids = []
    body: list[bytes] = []
    for page in pages:
        stream = ["BT", f"{MARGIN} {PAGE_HEIGHT - MARGIN} Td", f"{LEADING} TL"]
        for text, size in page:
            stream.append(f"/F1 {size} Tf ({_escape(text)}) Tj T*")
        stream.append("ET")
        body.append("\n".join(stream).encode("latin-1"))
    next_id = 4
    for content in body:
        page_id, content_id = next_id, next_id + 1
        next_id += 2
        page_ids.append(page_id)
        objects.append(
            f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> /Contents {content_id} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    kids = " ".join(f"{n} 0 R" for n in page_ids)
    head = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    objects = head + objects
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)
