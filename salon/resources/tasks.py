"""Background work of the library: reading the text inside an uploaded file for search."""

from __future__ import annotations

from django_tasks import task

from salon.core import search
from salon.core.jobs import retrying
from salon.resources.extract import extract_text
from salon.resources.models import ResourceVersion, TextStatus


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
