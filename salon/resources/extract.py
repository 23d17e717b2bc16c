"""The words inside PDF, Word and PowerPoint files, for search. Plain data in, plain data
out: bytes and a content type, never a model.

Limits keep one odd file from holding a worker: files above ``MAX_BYTES`` are not opened,
at most ``MAX_PAGES`` pages (or slides) are read, reading stops once ``MAX_CHARS``
characters are collected, and the clock is looked at between pages, paragraphs and slides,
so a file stops being read after about ``time_budget`` seconds. Whatever cannot be read is
"unreadable": the file is still listed, only its contents are not searchable.
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass

logger = logging.getLogger(__name__)

MAX_BYTES = 25 * 1024 * 1024
MAX_PAGES = 300
MAX_CHARS = 200_000
TIME_BUDGET = 20.0

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
READABLE = frozenset({PDF, DOCX, PPTX, "text/plain", "text/markdown", "text/csv"})


@dataclass(frozen=True)
class Extracted:
    status: str  # "read", "unreadable", "too_large" or "no_text" (see models.TextStatus)
    text: str = ""


class _OutOfTime(Exception):
    pass


def extract_text(
    data: bytes,
    content_type: str,
    *,
    max_chars: int = MAX_CHARS,
    time_budget: float = TIME_BUDGET,
) -> Extracted:
    if content_type not in READABLE:
        return Extracted("no_text")
    if len(data) > MAX_BYTES:
        return Extracted("too_large")
    deadline = time.monotonic() + time_budget
    parts: list[str] = []
    size = 0
    try:
        for piece in _pieces(data, content_type):
            piece = " ".join(piece.split())
            if piece:
                parts.append(piece)
                size += len(piece) + 1
            if size >= max_chars:
                break
            if time.monotonic() > deadline:
                raise _OutOfTime
    except _OutOfTime:
        logger.info("Stopped reading a %s after %.0f s", content_type, time_budget)
    except Exception:  # a damaged or hostile file: listed, not searchable
        logger.info("Could not read the text of a %s", content_type, exc_info=True)
        if not parts:
            return Extracted("unreadable")
    text = "\n".join(parts)[:max_chars]
    return Extracted("read", text) if text.strip() else Extracted("no_text")


def _pieces(data: bytes, content_type: str) -> Iterator[str]:
    if content_type == PDF:
        yield from _pdf(data)
    elif content_type == DOCX:
        yield from _docx(data)
    elif content_type == PPTX:
        yield from _pptx(data)
    else:
        yield data.decode("utf-8", errors="replace")


def _pdf(data: bytes) -> Iterator[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        reader.decrypt("")  # many "protected" PDFs only restrict printing; others fail here
    for number, page in enumerate(reader.pages):
        if number >= MAX_PAGES:
            break
        yield page.extract_text() or ""


def _docx(data: bytes) -> Iterator[str]:
    from docx import Document

    document = Document(io.BytesIO(data))
    for paragraph in document.paragraphs:
        yield paragraph.text
    for table in document.tables:
        for row in table.rows:
            yield " ".join(cell.text for cell in row.cells)


def _pptx(data: bytes) -> Iterator[str]:
    from pptx import Presentation

    presentation = Presentation(io.BytesIO(data))
    for number, slide in enumerate(presentation.slides):
        if number >= MAX_PAGES:
            break
        texts = [
            shape.text_frame.text
            for shape in slide.shapes
            if getattr(shape, "has_text_frame", False) and shape.has_text_frame
        ]
        if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
            texts.append(slide.notes_slide.notes_text_frame.text)
        yield " ".join(texts)
