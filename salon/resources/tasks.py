"""Background work of the library: reading the text inside an uploaded file for search,
and drawing its preview."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django_tasks import task

from salon.core import search
from salon.core.jobs import retrying
from salon.core.models import AttachmentStatus
from salon.resources.extract import extract_text
from salon.resources.models import ResourceVersion, TextStatus
from salon.resources.preview import MAX_BYTES as PREVIEW_MAX_BYTES
from salon.resources.preview import can_preview, make_preview


@task()
@retrying()
def extract_version_text(*, version_id: int) -> str:
    """Read the words of one file version, keep them, and index the resource again (its
    search document carries the current version's words). Returns the status."""
    version = (
        ResourceVersion.objects.select_related("attachment", "resource")
        .filter(pk=version_id)
        .first()
    )
    if version is None:
        return "gone"
    attachment = version.attachment
    try:
        with attachment.file.open("rb") as handle:
            data = handle.read(attachment.size + 1)
    except OSError:
        result_status, text = TextStatus.UNREADABLE, ""
    else:
        result = extract_text(data, attachment.content_type)
        result_status, text = TextStatus(result.status), result.text
    ResourceVersion.objects.filter(pk=version.pk).update(text=text, text_status=result_status)
    resource = version.resource
    if resource.current_version_id == version.pk:
        search.index(resource)
    return str(result_status)


@task()
@retrying()
def make_version_preview(*, version_id: int) -> str:
    """Draw the preview of one file version (a PDF's first page, an image's small copy)
    and keep it beside the version. Run twice, it draws once."""
    version = ResourceVersion.objects.select_related("attachment").filter(pk=version_id).first()
    if version is None:
        return "gone"
    if version.preview:
        return "done"
    attachment = version.attachment
    if not can_preview(attachment.content_type) or attachment.size > PREVIEW_MAX_BYTES:
        return "none"
    if attachment.status == AttachmentStatus.FAILED:
        return "none"  # the upload gate refused the image when it rebuilt it
    try:
        # An image may still be waiting to be rebuilt; its bytes as sent are read then,
        # and decoded here only within the same pixel limit as the upload gate.
        with attachment.file.open("rb") as handle:
            data = handle.read(PREVIEW_MAX_BYTES + 1)
    except OSError:
        return "unreadable"
    picture = make_preview(data, attachment.content_type)
    if picture is None:
        return "none"
    stored = ContentFile(picture.data, name=f"preview.{picture.extension}")
    version.preview.save(stored.name, stored, save=False)
    updated = ResourceVersion.objects.filter(pk=version.pk, preview="").update(
        preview=version.preview.name
    )
    if not updated:  # another run was first (or the version went): keep one picture
        version.preview.storage.delete(version.preview.name)
        return "done"
    return "made"
