"""What a feature's "add a file" and "remove a file" pages do once they have let the
person in (salon/core/attachments.py): read the upload, tell the person how it went, and
go back to the page of what the file belongs to."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from salon.core.access import access_attachment
from salon.core.attachments import detach
from salon.core.http import AuthenticatedHttpRequest
from salon.core.models import Attachment


def file_add(
    request: AuthenticatedHttpRequest,
    *,
    owner: Any,
    add: Callable[[Any], Attachment],
    added: str,
) -> HttpResponse:
    """``add(upload)`` is the feature's service; ``added`` the message, with ``%(name)s``."""
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to add."))
    else:
        try:
            attachment = add(upload)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, added % {"name": attachment.name})
    return redirect(owner.get_absolute_url())


def file_remove(request: AuthenticatedHttpRequest, *, owner: Any, file_id: int) -> HttpResponse:
    """Remove one of ``owner``'s files; a file of something else is not found here."""
    attachment = access_attachment(request.user, file_id)
    if attachment.owner != owner:
        raise Http404
    detach(actor=request.user, attachment=attachment)
    messages.success(request, _("“%(name)s” was removed.") % {"name": attachment.name})
    return redirect(owner.get_absolute_url())
