"""Files attached to things (event materials, posts, …), for every feature app.

A feature app says once, from its ``AppConfig.ready()``, which actions of the permission
policy guard the files of its model::

    register_attachment_owner(Event, view="event.view", add="event.edit")

Then its services and views use four functions:

- ``attach(actor=, owner=, upload=)`` checks ``add`` on the owner, runs the upload through
  ``salon.core.uploads.accept_upload`` (type by content, size, an image's header), stores
  it in Django's default storage and audits ``core.attachment.added``. An image is then
  "being prepared" (``status``) until a task has decoded and rebuilt it; until then it is
  not served, and pages show its name and that state instead. Raises
  ``ValidationError`` for a refused file, ``PermissionDenied`` for a refused person.
- ``detach(actor=, attachment=)`` checks ``remove`` (by default the same as ``add``; the
  uploader may always remove their own file while they may still ``add``), deletes the row
  and, after commit, the stored file; audits ``core.attachment.removed``.
- ``attachments_for(user, owner)`` lists an owner's files, or nothing when the user may not
  ``view`` the owner.
- ``access_attachment(user, attachment_id)`` (in ``salon.core.access``) returns the
  attachment or raises ``Http404`` (missing and forbidden look the same).
  ``attachment.get_absolute_url()`` is ``/files/<id>/<name>``, served by
  ``salon.core.media.attachment_file`` through the same check, so a link works only for
  people who may see the owner.

Owners that are deleted should declare ``GenericRelation(Attachment,
content_type_field="owner_type", object_id_field="owner_id")`` so their attachment rows go
with them; the stored files then go too (``post_delete`` below).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.http import Http404

from salon.core.audit import audit
from salon.core.models import Attachment, AttachmentStatus
from salon.core.permissions import can, require
from salon.core.uploads import KINDS, Kind, accept_upload


@dataclass(frozen=True)
class OwnerRules:
    view: str
    add: str
    remove: str
    kinds: frozenset[Kind]
    community: Callable[[Any], Any] | None


_OWNERS: dict[str, OwnerRules] = {}


def register_attachment_owner(
    model: type[models.Model],
    *,
    view: str,
    add: str,
    remove: str | None = None,
    kinds: frozenset[Kind] = KINDS,
    community: Callable[[Any], Any] | None = None,
) -> None:
    """Let ``model`` own attachments, guarded by these policy actions.

    ``kinds`` narrows what may be attached (``uploads.IMAGES``, ``uploads.DOCUMENTS``);
    ``community(owner)`` names the community whose audit log records the change, for
    owners without a ``community_id`` of their own.
    """
    label = model._meta.label_lower
    if label in _OWNERS:
        raise ValueError(f"{label} is already registered as an attachment owner.")
    _OWNERS[label] = OwnerRules(view, add, remove or add, frozenset(kinds), community)


def unregister_attachment_owner(model: type[models.Model]) -> None:
    """For tests that register a model of their own."""
    _OWNERS.pop(model._meta.label_lower, None)


def rules_for(owner_label: str) -> OwnerRules | None:
    return _OWNERS.get(owner_label)


def _rules(owner: models.Model) -> OwnerRules:
    rules = rules_for(owner._meta.label_lower)
    if rules is None:
        raise ValueError(f"{owner._meta.label_lower} is not registered as an attachment owner.")
    return rules


def _audit(action: str, *, actor: Any, owner: models.Model, attachment: Attachment) -> None:
    rules = _rules(owner)
    audit(
        action,
        actor=actor,
        target=owner,
        community=rules.community(owner) if rules.community else None,
        attachment_id=attachment.pk,
        name=attachment.name,
        content_type=attachment.content_type,
        size=attachment.size,
        sha256=attachment.sha256,
    )


@transaction.atomic
def attach(*, actor: Any, owner: models.Model, upload: Any) -> Attachment:
    rules = _rules(owner)
    require(actor, rules.add, owner)
    # An image is judged by its header here and decoded by a task after commit, so a
    # request never pays what decoding costs (process_attachment_image).
    accepted = accept_upload(upload, allowed=rules.kinds, defer_images=True)
    waits = accepted.kind is Kind.IMAGE
    attachment = Attachment(
        status=AttachmentStatus.PROCESSING if waits else AttachmentStatus.READY,
        name=accepted.name,
        content_type=accepted.content_type,
        size=accepted.size,
        sha256=accepted.sha256,
        uploaded_by=actor,
        owner_type=ContentType.objects.get_for_model(owner),
        owner_id=owner.pk,
    )
    # Saved before the row: if the insert then fails, an unreferenced file is left in the
    # storage, which is harmless; the reverse would leave a row pointing at nothing.
    attachment.file.save(accepted.name, accepted.file, save=False)
    attachment.save()
    _audit("core.attachment.added", actor=actor, owner=owner, attachment=attachment)
    if waits:
        from salon.core.tasks import process_attachment_image

        attachment_id = attachment.pk
        transaction.on_commit(lambda: process_attachment_image.enqueue(attachment_id=attachment_id))
    return attachment


@transaction.atomic
def detach(*, actor: Any, attachment: Attachment) -> None:
    owner = attachment.owner
    if owner is None:
        raise Http404
    rules = _rules(owner)
    require(actor, rules.view, owner, hide=True)
    own = attachment.uploaded_by_id == getattr(actor, "pk", None)
    if not (can(actor, rules.remove, owner) or (own and can(actor, rules.add, owner))):
        require(actor, rules.remove, owner)  # raises PermissionDenied
    _audit("core.attachment.removed", actor=actor, owner=owner, attachment=attachment)
    attachment.delete()  # the stored file goes after commit (see _delete_stored_file)


def attachments_for(user: Any, owner: models.Model) -> list[Attachment]:
    """The owner's files, oldest first, or none when ``user`` may not see the owner."""
    if not can(user, _rules(owner).view, owner):
        return []
    owner_type = ContentType.objects.get_for_model(owner)
    return list(
        Attachment.objects.filter(owner_type=owner_type, owner_id=owner.pk).select_related(
            "uploaded_by"
        )
    )


@receiver(post_delete, sender=Attachment)
def _delete_stored_file(sender: Any, instance: Attachment, **kwargs: Any) -> None:
    """Whoever deletes the row (``detach``, an owner's cascade, the admin), the stored
    file goes too, once the deletion is committed."""
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))
