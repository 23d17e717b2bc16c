"""Preview pictures of a resource's file: the first page of a PDF, or a small copy of an
image. Plain data in, plain data out: bytes and a content type, never a model.

The PDF page is drawn by PDFium (``pypdfium2``), the engine Chrome uses, in a task (never
in a request). Limits keep an odd file from holding a worker: files above ``MAX_BYTES``
are not opened, a page is drawn at most ``MAX_SIDE`` pixels on its longer side whatever
its stated size, and an image larger than the upload gate's pixel limit is not decoded.
Anything that cannot be drawn gives no preview; the file itself stays listed and
downloadable.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from PIL import Image, ImageOps

from salon.core.uploads import MAX_PIXELS

logger = logging.getLogger(__name__)

MAX_BYTES = 25 * 1024 * 1024
MAX_SIDE = 480
PDF = "application/pdf"
IMAGES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"})


@dataclass(frozen=True)
class Preview:
    data: bytes
    extension: str  # "png" or "jpg"
    width: int
    height: int


def can_preview(content_type: str) -> bool:
    return content_type == PDF or content_type in IMAGES


def make_preview(data: bytes, content_type: str, *, max_side: int = MAX_SIDE) -> Preview | None:
    """The preview of a file, or None when there is none to make (another kind of file,
    too large, or it cannot be drawn)."""
    if not can_preview(content_type) or len(data) > MAX_BYTES:
        return None
    try:
        if content_type == PDF:
            return _pdf_first_page(data, max_side)
        return _image(data, max_side)
    except Exception:
        # A damaged or hostile file: no preview, and the worker goes on.
        logger.info("No preview for a %s file of %d bytes", content_type, len(data), exc_info=True)
        return None


def _pdf_first_page(data: bytes, max_side: int) -> Preview | None:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        if len(document) == 0:
            return None
        page = document[0]
        try:
            width, height = page.get_size()  # in points
            if width <= 0 or height <= 0:
                return None
            scale = max_side / max(width, height)
            bitmap = page.render(scale=scale)
            picture = bitmap.to_pil().convert("RGB")
        finally:
            page.close()
    finally:
        document.close()
    return _encode(picture, "png")


def _image(data: bytes, max_side: int) -> Preview | None:
    with Image.open(io.BytesIO(data)) as image:
        # The header says how large the picture is; nothing is decoded beyond the limit.
        if image.width * image.height > MAX_PIXELS:
            return None
        image.draft("RGB", (max_side, max_side))  # JPEG: decode at a reduced scale
        picture = ImageOps.exif_transpose(image)
        picture.thumbnail((max_side, max_side))
        if picture.mode not in {"RGB", "L"}:
            background = Image.new("RGB", picture.size, "white")
            rgba = picture.convert("RGBA")
            background.paste(rgba, mask=rgba.getchannel("A"))
            picture = background
        return _encode(picture, "jpg")


def _encode(picture: Image.Image, extension: str) -> Preview:
    out = io.BytesIO()
    if extension == "png":
        picture.save(out, "PNG", optimize=True)
    else:
        picture.save(out, "JPEG", quality=82, optimize=True)
    return Preview(out.getvalue(), extension, picture.width, picture.height)
