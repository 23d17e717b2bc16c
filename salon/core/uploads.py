"""Every uploaded file goes through here: checked by content, size-limited, images rebuilt.

- ``accept_upload(upload, allowed=..., max_bytes=...)`` is the one gate for files people
  attach (event materials, posts, …). It sniffs the type from the bytes (never the name
  or the browser's claim), refuses anything not on the allow-list, re-encodes images,
  and returns an ``AcceptedUpload`` ready to be saved (see ``salon.core.attachments``).
- ``reencode_image(upload, max_side=..., name=...)`` is the older, narrower gate for
  profile photos and community covers: always a fresh JPEG.

The allow-list: JPEG, PNG, WebP and GIF images (rebuilt by Pillow: resized, EXIF and
other metadata dropped, animation reduced to the first frame); PDF; Word, Excel and
PowerPoint files (docx, xlsx, pptx, recognised by the ``[Content_Types].xml`` inside the
zip, so macro-enabled files are refused); UTF-8 text (plain, CSV, Markdown). Markup that
a browser would run (HTML, SVG, XML) is refused even though it is text.
"""

from __future__ import annotations

import codecs
import enum
import hashlib
import io
import re
import struct
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_IMAGE_BYTES = 5 * 1024 * 1024  # the default of SALON_UPLOAD_MAX_IMAGE_BYTES
# What decoding an image may cost is bounded by its pixel count, read from its header
# before anything is decoded: a JPEG is decoded at a reduced scale, so it may have more;
# other formats are decoded whole.
MAX_PIXELS = 40_000_000
MAX_LOSSLESS_PIXELS = 4096 * 4096
# Pillow's own guard, for any image opened anywhere in the process: it warns above this
# and refuses twice this.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
# Modes that resize well as they are; others (palette, 1-bit, CMYK…) are converted first.
RESIZABLE_MODES = {"RGB", "RGBA", "L", "LA"}
ORIENTATION_TAG = 0x0112
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
ATTACHMENT_IMAGE_SIDE = 2000
MAX_NAME_LENGTH = 120
_CHUNK = 64 * 1024


class Kind(enum.StrEnum):
    IMAGE = "image"
    PDF = "pdf"
    OFFICE = "office"
    TEXT = "text"


KINDS: frozenset[Kind] = frozenset(Kind)
IMAGES: frozenset[Kind] = frozenset({Kind.IMAGE})
DOCUMENTS: frozenset[Kind] = frozenset({Kind.PDF, Kind.OFFICE, Kind.TEXT})

# The main part each Office format declares in [Content_Types].xml, with its MIME type
# and extension. Macro-enabled variants (docm, xlsm, pptm) declare other parts: refused.
_OFFICE_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".xlsx",
    ),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ".pptx",
    ),
}
_TEXT_TYPES = {
    ".csv": "text/csv",
    ".tsv": "text/tab-separated-values",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
}
_TEXT_EXTENSIONS = {".txt", ".text", ".csv", ".tsv", ".md", ".markdown", ".log"}
# Text that a browser would treat as a page or a script, whatever it is served as: after a
# byte-order mark, whitespace and comments, a tag ("<html", "<svg", "<!DOCTYPE", "<?xml"…).
_TAG = re.compile(rb"<[a-z!?/]", re.I)
_BOM = b"\xef\xbb\xbf"
# How far to look past leading comments; a comment still open there counts as markup.
_MARKUP_SCAN = 64 * 1024
_ZIP_MAGIC = b"PK\x03\x04"
_UNSAFE_NAME_CHARS = set('<>:"|?*')


@dataclass(frozen=True)
class AcceptedUpload:
    """A checked file: ``file`` holds the bytes to store (rebuilt for images)."""

    file: File
    name: str  # sanitised, with the extension of what the content really is
    content_type: str
    size: int
    sha256: str
    kind: Kind


def max_upload_bytes() -> int:
    return int(getattr(settings, "SALON_UPLOAD_MAX_BYTES", 20 * 1024 * 1024))


def max_image_bytes() -> int:
    return int(getattr(settings, "SALON_UPLOAD_MAX_IMAGE_BYTES", MAX_IMAGE_BYTES))


def safe_filename(name: str, *, max_length: int = MAX_NAME_LENGTH) -> str:
    """The name to show and offer for download: no folders, no control or direction
    characters (which can disguise ``exe.pdf`` as ``fdp.exe``), no leading dots, and at
    most ``max_length`` characters with the extension kept."""
    name = unicodedata.normalize("NFC", str(name))
    name = re.split(r"[/\\]", name)[-1]
    kept = []
    for ch in name:
        category = unicodedata.category(ch)
        if category[0] == "C":  # control, format (U+202E …), unassigned
            continue
        kept.append(" " if category[0] == "Z" else "_" if ch in _UNSAFE_NAME_CHARS else ch)
    name = re.sub(r"\s+", " ", "".join(kept)).strip(" .")
    if not name:
        return "file"
    stem, ext = _split_extension(name)
    return stem[: max(1, max_length - len(ext))].rstrip(" .") + ext


def accept_upload(
    upload: Any,
    *,
    allowed: Iterable[Kind] = KINDS,
    max_bytes: int | None = None,
    image_side: int = ATTACHMENT_IMAGE_SIDE,
    defer_images: bool = False,
) -> AcceptedUpload:
    """Check ``upload`` (a Django ``UploadedFile`` or any ``File``) and return what to
    store; raise ``ValidationError`` with a sentence a person can act on otherwise.

    With ``defer_images``, an image is judged from its header only (format, pixel count)
    and returned as sent, for ``rebuild_image`` to decode later, in a task: what decoding
    costs is then paid outside the request."""
    allowed = frozenset(allowed)
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    _refuse_if_larger(upload, limit)
    head = _read_head(upload)
    if not head:
        raise ValidationError(_("That file is empty."), code="empty")
    name = safe_filename(getattr(upload, "name", "") or "file")
    kind, content_type, extension = _sniff(upload, head)
    if kind is None or kind not in allowed:
        raise ValidationError(_allowed_message(allowed), code="file_type")
    if kind is Kind.IMAGE:
        _refuse_if_larger(upload, min(limit, max_image_bytes()), image=True)
        if defer_images:
            _probe_image(upload)
            extension = {"image/jpeg": ".jpg"}.get(content_type, extension)
        else:
            return _accept_image(upload, name=name, max_side=image_side)
    if kind is Kind.TEXT:
        extension = _split_extension(name)[1].lower()
        if extension not in _TEXT_EXTENSIONS:
            extension = ".txt"
        content_type = _TEXT_TYPES.get(extension, "text/plain")
    digest, size = _digest(upload, limit)
    upload.seek(0)
    return AcceptedUpload(
        file=upload if isinstance(upload, File) else File(upload),
        name=_with_extension(name, extension),
        content_type=content_type,
        size=size,
        sha256=digest,
        kind=kind,
    )


def rebuild_image(
    stored: Any, *, name: str, max_side: int = ATTACHMENT_IMAGE_SIDE
) -> AcceptedUpload:
    """Decode an image accepted with ``defer_images`` and return it rebuilt (resized,
    upright, without metadata; see ``_accept_image``); ``ValidationError`` if it cannot be
    decoded after all."""
    return _accept_image(stored, name=name, max_side=max_side)


def reencode_image(
    upload: object, *, max_side: int = 512, name: str = "image"
) -> InMemoryUploadedFile:
    """Return a fresh JPEG made from the upload; raise ValidationError for anything else."""
    _refuse_if_larger(upload, max_image_bytes(), image=True)
    image = _open_image(upload, max_side=max_side)[0].convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85, optimize=True)
    buffer.seek(0)
    return InMemoryUploadedFile(
        buffer, "photo", f"{name}.jpg", "image/jpeg", buffer.getbuffer().nbytes, None
    )


def _refuse_if_larger(upload: Any, limit: int, *, image: bool = False) -> None:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
        upload.seek(0)
    if size > limit:
        if image:
            message = _("Choose an image smaller than %(size)s.")
        else:
            message = _("Choose a file smaller than %(size)s.")
        raise ValidationError(message % {"size": filesizeformat(limit)}, code="file_size")


def _read_head(upload: Any) -> bytes:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    return bytes(head)


def _sniff(upload: Any, head: bytes) -> tuple[Kind | None, str, str]:
    """What the bytes are: (kind, MIME type, extension), or (None, "", "")."""
    guess = filetype.guess(head)
    mime = guess.mime if guess else ""
    if mime in {"image/jpeg", "image/png", "image/webp", "image/gif"}:
        return Kind.IMAGE, mime, f".{guess.extension}"
    if mime == "application/pdf":
        return Kind.PDF, mime, ".pdf"
    if head.startswith(_ZIP_MAGIC):
        # filetype only looks at the first entries; the zip's own table of contents says
        # what the document is (and a "docx" that is really something else is refused).
        office = _office_type(upload)
        if office is not None:
            return Kind.OFFICE, *office
        return None, "", ""
    # Text is asked last and whatever filetype guessed: a CSV that happens to begin with
    # "BM" is not a bitmap. Executables and other binaries fail on NUL bytes or UTF-8.
    if _is_text(upload, head):
        return Kind.TEXT, "text/plain", ".txt"
    return None, "", ""


def _office_type(upload: Any) -> tuple[str, str] | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > 1024 * 1024:  # a real one is a few kB; this is a zip bomb
                return None
            with archive.open(info) as entry:
                declared = entry.read(1024 * 1024 + 1)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return None
    finally:
        upload.seek(0)
    overrides = re.findall(rb'ContentType="([^"]+)"', declared)
    found = {_OFFICE_PARTS[c.decode()] for c in overrides if c.decode() in _OFFICE_PARTS}
    return found.pop() if len(found) == 1 else None


def _starts_with_markup(start: bytes) -> bool:
    """True when ``start`` (the first bytes of a file), past any byte-order marks, ASCII
    whitespace and HTML comments, opens a tag: HTML, SVG or XML dressed as text."""
    text = start
    while True:
        text = text.lstrip(b" \t\r\n\f")
        if text.startswith(_BOM):
            text = text[len(_BOM) :]
            continue
        if text.startswith(b"<!--"):
            end = text.find(b"-->", 4)
            if end < 0:
                return True
            text = text[end + 3 :]
            continue
        return bool(_TAG.match(text))


def _is_text(upload: Any, head: bytes) -> bool:
    if b"\x00" in head:
        return False
    upload.seek(0)
    start = bytes(upload.read(_MARKUP_SCAN))
    upload.seek(0)
    if _starts_with_markup(start):
        return False
    decoder = codecs.getincrementaldecoder("utf-8")()
    upload.seek(0)
    try:
        while chunk := upload.read(_CHUNK):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        upload.seek(0)
    return True


def _digest(upload: Any, limit: int) -> tuple[str, int]:
    """The SHA-256 and the real size, counted from the bytes (a claimed size can lie)."""
    sha, size = hashlib.sha256(), 0
    upload.seek(0)
    while chunk := upload.read(_CHUNK):
        size += len(chunk)
        if size > limit:
            raise ValidationError(
                _("Choose a file smaller than %(size)s.") % {"size": filesizeformat(limit)},
                code="file_size",
            )
        sha.update(chunk)
    return sha.hexdigest(), size


def _refuse_if_too_many_pixels(probe: Image.Image) -> None:
    """From the header alone, before a pixel is decoded: what decoding would cost is the
    pixel count, not the file size (a 116 KB PNG can hold 36 million pixels)."""
    fmt = probe.format or ""
    budget = MAX_PIXELS if fmt == "JPEG" else MAX_LOSSLESS_PIXELS
    width, height = probe.size
    if width * height > budget:
        raise ValidationError(
            _(
                "That image is %(width)s × %(height)s pixels; choose one of at most "
                "%(megapixels)s megapixels."
            )
            % {"width": width, "height": height, "megapixels": budget // 1_000_000},
            code="image_pixels",
        )


def _probe_image(upload: Any) -> None:
    """Read the header only: the format must be one we rebuild and the pixel count within
    bounds. Nothing is decoded."""
    upload.seek(0)
    try:
        with Image.open(upload, formats=sorted(ALLOWED_IMAGE_FORMATS)) as probe:
            if (probe.format or "") not in ALLOWED_IMAGE_FORMATS:
                raise ValidationError(_("Choose a JPEG, PNG, WebP or GIF image."))
            _refuse_if_too_many_pixels(probe)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(
            _("That image has too many pixels; choose one of at most %(megapixels)s megapixels.")
            % {"megapixels": MAX_PIXELS // 1_000_000},
            code="image_pixels",
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, struct.error) as exc:
        raise ValidationError(_("That file is not an image we can read.")) from exc
    finally:
        upload.seek(0)


def _open_image(upload: Any, *, max_side: int) -> tuple[Image.Image, str]:
    """Decode the upload with Pillow, no larger than ``max_side`` on its longer side,
    upright, with no metadata carried over; return the image and the format it came in.

    The size is checked from the header first (``_refuse_if_too_many_pixels``); a JPEG is
    then decoded directly at a reduced scale (Pillow's draft mode), and nothing is copied
    at full size, so the memory an image costs follows what is kept, not what was sent."""
    upload.seek(0)
    try:
        with Image.open(upload, formats=sorted(ALLOWED_IMAGE_FORMATS)) as probe:
            fmt = probe.format or ""
            if fmt not in ALLOWED_IMAGE_FORMATS:
                raise ValidationError(_("Choose a JPEG, PNG, WebP or GIF image."))
            _refuse_if_too_many_pixels(probe)
            exif = probe.getexif()
            orientation = exif.get(ORIENTATION_TAG, 1)
            if probe.mode not in RESIZABLE_MODES:
                image = probe.convert("RGBA" if "transparency" in probe.info else "RGB")
            else:
                if fmt == "JPEG":
                    # Decode at 1/2, 1/4 or 1/8 scale when that is still at least max_side.
                    probe.draft("RGB", (max_side, max_side))
                probe.load()
                image = probe
            image.thumbnail((max_side, max_side))
            image = image.copy() if image is probe else image
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Pillow's own guard, at twice MAX_PIXELS: refused before the header check can be.
        raise ValidationError(
            _("That image has too many pixels; choose one of at most %(megapixels)s megapixels.")
            % {"megapixels": MAX_PIXELS // 1_000_000},
            code="image_pixels",
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, struct.error) as exc:
        raise ValidationError(_("That file is not an image we can read.")) from exc
    finally:
        upload.seek(0)
    if orientation in _TRANSPOSE:
        image = image.transpose(_TRANSPOSE[orientation])
    if "transparency" in image.info:  # palette or colour-key transparency: make it alpha
        image = image.convert("RGBA")
    # EXIF, XMP, comments and text chunks stay behind; the colour profile is kept.
    image.info = {key: image.info[key] for key in ("icc_profile",) if key in image.info}
    return image, fmt


def _accept_image(upload: Any, *, name: str, max_side: int) -> AcceptedUpload:
    image, fmt = _open_image(upload, max_side=max_side)
    # Screenshots and diagrams (PNG, GIF) stay lossless; photos (JPEG, WebP) become JPEG.
    buffer = io.BytesIO()
    if fmt in {"PNG", "GIF"}:
        image = image.convert("RGBA" if image.mode in {"RGBA", "LA", "PA"} else "RGB")
        image.save(buffer, format="PNG", optimize=True)
        content_type, extension = "image/png", ".png"
    else:
        image = image.convert("RGB")
        image.save(buffer, format="JPEG", quality=85, optimize=True)
        content_type, extension = "image/jpeg", ".jpg"
    data = buffer.getvalue()
    name = _with_extension(name, extension)
    return AcceptedUpload(
        file=InMemoryUploadedFile(io.BytesIO(data), "file", name, content_type, len(data), None),
        name=name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        kind=Kind.IMAGE,
    )


def _split_extension(name: str) -> tuple[str, str]:
    """("report", ".pdf") for "report.pdf"; an "extension" longer than 10 or with odd
    characters is part of the name ("Q3 vs. Q4 plan")."""
    stem, dot, ext = name.rpartition(".")
    if dot and stem and 0 < len(ext) <= 10 and ext.isalnum():
        return stem, f".{ext}"
    return name, ""


def _with_extension(name: str, extension: str) -> str:
    """``report.pdf`` stays; ``photo.png`` holding a JPEG becomes ``photo.jpg``; a name
    with no extension gets one, so a download opens in the right program."""
    stem, current = _split_extension(name)
    same = {extension, ".jpeg"} if extension == ".jpg" else {extension}
    if current.lower() in same:
        return name
    return safe_filename(f"{stem}{extension}")


def _allowed_message(allowed: frozenset[Kind]) -> str:
    names = {
        Kind.IMAGE: _("images (JPEG, PNG, WebP, GIF)"),
        Kind.PDF: _("PDF"),
        Kind.OFFICE: _("Word, Excel and PowerPoint files"),
        Kind.TEXT: _("text and CSV files"),
    }
    listed = "; ".join(str(names[kind]) for kind in Kind if kind in allowed)
    return _("This type of file is not accepted. Accepted: %(kinds)s.") % {"kinds": listed}
