from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from salon.goals.models import Competency
from salon.resources.pdf import text_pdf
from salon.resources.services.library import ResourcePlan, resource_create


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    """Uploaded files land in a fresh folder for each test."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def competency(community: Any) -> Competency:
    return Competency.objects.get_or_create(community=community, name="Strategic thinking")[0]


def pdf_upload(title: str, *paragraphs: str, name: str = "case.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text_pdf(title, list(paragraphs)), "application/pdf")


def docx_bytes(*paragraphs: str) -> bytes:
    from docx import Document

    document = Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pptx_bytes(*slides: str) -> bytes:
    from pptx import Presentation

    presentation = Presentation()
    for text in slides:
        slide = presentation.slides.add_slide(presentation.slide_layouts[1])
        slide.shapes.title.text = text
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def publish(director: Any, community: Any) -> Any:
    """``publish(title=..., kind=..., upload=..., **plan)`` as the director; the text of a
    file is read at once (tasks run inline in tests, after commit)."""

    def make(*, title: str = "Case: entering Japan", kind: str = "case_study", **extra: Any) -> Any:
        upload = extra.pop("upload", None)
        actor = extra.pop("actor", director)
        with TestCase.captureOnCommitCallbacks(execute=True):
            resource = resource_create(
                actor=actor,
                community=community,
                plan=ResourcePlan(kind=kind, title=title, **extra),
                upload=upload,
            )
        resource.refresh_from_db()
        return resource

    return make
