"""Images people upload are checked by content, re-encoded, resized and stripped of EXIF."""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000


def reencode_image(
    upload: object, *, max_side: int = 512, name: str = "image"
) -> InMemoryUploadedFile:
    """Return a fresh JPEG made from the upload; raise ValidationError for anything else."""
    size = getattr(upload, "size", 0) or 0
    if size > MAX_IMAGE_BYTES:
        raise ValidationError(_("Choose an image smaller than 5 MB."))
    try:
        with Image.open(upload) as probe:  # type: ignore[arg-type]
            fmt = probe.format
            if fmt not in ALLOWED_IMAGE_FORMATS:
                raise ValidationError(_("Choose a JPEG, PNG, WebP or GIF image."))
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("That image is too large."))
            probe.load()
            image = ImageOps.exif_transpose(probe) or probe
            image = image.convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("That file is not an image we can read.")) from exc
    image.thumbnail((max_side, max_side))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85, optimize=True)
    buffer.seek(0)
    return InMemoryUploadedFile(
        buffer, "photo", f"{name}.jpg", "image/jpeg", buffer.getbuffer().nbytes, None
    )
