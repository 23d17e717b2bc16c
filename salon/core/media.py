"""Uploaded files are served only to people who may see what they belong to.

Both views read through Django's storage and stream the bytes themselves, so the check
holds whether files live in a local folder or in a private S3 bucket (whose objects are
never linked to directly).
"""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.http.response import HttpResponseBase

from salon.core.access import access_attachment
from salon.core.http import AuthenticatedHttpRequest
from salon.core.permissions import can


def _owner_allows(request: AuthenticatedHttpRequest, parts: tuple[str, ...]) -> bool:
    from salon.accounts.models import User
    from salon.communities.models import Community

    kind, owner = parts[0], parts[1]
    if kind == "photos" and owner.isdigit():
        person = User.objects.filter(pk=int(owner)).first()
        return person is not None and can(request.user, "profile.view", person)
    if kind == "covers":
        community = Community.objects.filter(slug=owner).first()
        return community is not None and can(request.user, "community.view", community)
    return False


@login_required
def media(request: AuthenticatedHttpRequest, path: str) -> HttpResponseBase:
    parts = PurePosixPath(path).parts
    if len(parts) != 3 or ".." in parts or not _owner_allows(request, parts):
        raise Http404
    if not default_storage.exists(path):
        raise Http404
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    response = FileResponse(default_storage.open(path, "rb"), content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Applies if a file is ever opened as a page: nothing in it may run or load anything.
_FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


@login_required
def attachment_file(
    request: AuthenticatedHttpRequest, attachment_id: int, name: str
) -> HttpResponseBase:
    """``/files/<id>/<name>``: the name is there for the browser; the id decides."""
    attachment = access_attachment(request.user, attachment_id)
    if not attachment.is_ready:
        raise Http404  # an image not yet rebuilt (or that could not be) is never served
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    content_type = attachment.content_type
    if content_type.startswith("text/"):
        content_type += "; charset=utf-8"
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=not attachment.is_image,
        filename=attachment.name,
    )
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = _FILE_CSP
    return response
