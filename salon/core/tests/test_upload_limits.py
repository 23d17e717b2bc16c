"""What an upload may cost to decode, and text that is really markup."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from salon.core.uploads import MAX_PIXELS, Kind, accept_upload, reencode_image


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/octet-stream")


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` × ``height`` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def _jpeg_claiming(width: int, height: int) -> bytes:
    """A small real JPEG whose frame header is rewritten to claim ``width`` × ``height``."""
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "teal").save(buffer, format="JPEG")
    data = bytearray(buffer.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def test_a_small_file_of_many_pixels_is_refused_before_it_is_decoded() -> None:
    # 6000 × 6000 flat colour is a 116 KB PNG that took 275 MiB to decode.
    buffer = io.BytesIO()
    Image.new("RGB", (6000, 6000), "teal").save(buffer, format="PNG")
    assert len(buffer.getvalue()) < 200_000

    with pytest.raises(ValidationError) as refused:
        accept_upload(_upload("flat.png", buffer.getvalue()))

    assert refused.value.messages == [
        "That image is 6000 × 6000 pixels; choose one of at most 16 megapixels."
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "huge.jpg",
            _jpeg_claiming(8000, 6000),
            "That image is 8000 × 6000 pixels; choose one of at most 40 megapixels.",
        ),
        (
            "bomb.png",
            _png_claiming(20000, 20000),
            "That image has too many pixels; choose one of at most 40 megapixels.",
        ),
    ],
)
def test_headers_that_claim_too_many_pixels_are_refused_with_a_reason(
    name: str, content: bytes, message: str
) -> None:
    with pytest.raises(ValidationError) as as_attachment:
        accept_upload(_upload(name, content))
    with pytest.raises(ValidationError) as as_photo:
        reencode_image(_upload(name, content))

    assert as_attachment.value.messages == [message]
    assert as_photo.value.messages == [message]


def test_pillow_itself_refuses_what_salon_would() -> None:
    assert Image.MAX_IMAGE_PIXELS == MAX_PIXELS


def test_a_large_photo_is_still_taken_and_made_small() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (4000, 3000), "orange").save(buffer, format="JPEG")

    accepted = accept_upload(_upload("photo.jpg", buffer.getvalue()))

    assert accepted.kind is Kind.IMAGE
    with Image.open(accepted.file) as image:
        assert max(image.size) == 2000


@pytest.mark.parametrize(
    "content",
    [
        b"<!-- saved page --><html><script>alert(1)</script></html>",
        b"\xef\xbb\xbf<!-- a -->\n  <!-- b -->\r\n<!DOCTYPE html><p>hi",
        b"<!---->\n<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
        b"<!-- x -->\t<?xml version='1.0'?><svg/>",
        b"  <!-- an unfinished comment " + b"x" * 70_000 + b" --><html>",
        b"<!-- hi -->\n<SCRIPT>alert(1)</SCRIPT>",
        b"<div onclick='alert(1)'>click</div>",
        b"\xef\xbb\xbf\xef\xbb\xbf<iframe src=x>",
    ],
)
def test_markup_dressed_as_text_is_refused(content: bytes) -> None:
    with pytest.raises(ValidationError):
        accept_upload(_upload("notes.txt", content))


@pytest.mark.parametrize(
    "content",
    [
        b"<!-- draft -->\n# Board notes\n\nRevenue < costs, for now.",
        b"a < b, and I <3 this",
        b"Plain notes",
    ],
)
def test_text_that_merely_mentions_angle_brackets_is_taken(content: bytes) -> None:
    assert accept_upload(_upload("notes.md", content)).kind is Kind.TEXT
