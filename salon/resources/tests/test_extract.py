"""The words inside PDF, Word and PowerPoint files, read for search with limits."""

from __future__ import annotations

from salon.resources.extract import DOCX, PDF, PPTX, extract_text
from salon.resources.pdf import text_pdf
from salon.resources.tests.conftest import docx_bytes, pptx_bytes


def test_it_reads_the_words_of_a_pdf_made_here() -> None:
    data = text_pdf("Negotiating in Osaka", ["Silence is part of the offer (really)."] * 80)

    result = extract_text(data, PDF)

    assert result.status == "read"
    assert "Negotiating in Osaka" in result.text
    assert "Silence is part of the offer (really)." in result.text


def test_it_reads_word_and_powerpoint_files() -> None:
    word = extract_text(docx_bytes("Quarterly board template", "Risks and mitigations"), DOCX)
    slides = extract_text(pptx_bytes("Market entry in Brazil", "Pricing in Vietnam"), PPTX)

    assert word.status == "read"
    assert "Risks and mitigations" in word.text
    assert slides.status == "read"
    assert "Pricing in Vietnam" in slides.text


def test_a_damaged_file_is_unreadable_not_an_error() -> None:
    assert extract_text(b"%PDF-1.4 this is not really a pdf", PDF).status == "unreadable"
    assert extract_text(b"PK\x03\x04broken", DOCX).status == "unreadable"


def test_it_stops_at_the_character_limit_and_reads_no_images() -> None:
    data = text_pdf("Long", ["word " * 200] * 40)

    assert len(extract_text(data, PDF, max_chars=500).text) <= 500
    assert extract_text(b"\x89PNG", "image/png").status == "no_text"


def test_it_stops_when_its_time_is_up() -> None:
    data = text_pdf("Slow", ["page text"] * 400)

    result = extract_text(data, PDF, time_budget=0)

    # The first page is read, then the clock says stop: what was read is kept.
    assert result.status == "read"
    assert result.text.count("page text") < 400
