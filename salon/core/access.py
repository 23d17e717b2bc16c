"""The door to core's own protected objects: an attached file, seen only by those who may
see what owns it (404 for everyone else)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from salon.core.attachments import rules_for
from salon.core.models import Attachment
from salon.core.permissions import can


def access_attachment(user: Any, attachment_id: int) -> Attachment:
    attachment = Attachment.objects.select_related("owner_type").filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    rules = rules_for(f"{attachment.owner_type.app_label}.{attachment.owner_type.model}")
    owner = attachment.owner if rules is not None else None
    if owner is None or rules is None or not can(user, rules.view, owner):
        raise Http404
    return attachment
