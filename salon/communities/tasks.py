from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from salon.accounts.models import User
from salon.communities.models import Invitation
from salon.core.jobs import retrying, scheduled
from salon.notifications.emails import language_of


@task()
@retrying()
def send_invitation_email(*, invitation_id: int) -> None:
    """Send (once) the email that carries the invitation link. Idempotent by design:
    a retried task for an accepted or revoked invitation sends nothing."""
    invitation = (
        Invitation.objects.select_related("community", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.is_usable:
        return
    # Someone who already has an account reads it in their language; a newcomer, in the
    # deployment's.
    invitee = User.objects.filter(email__iexact=invitation.email).first()
    with translation.override(language_of(invitee)):
        message = _invitation_message(invitation)
    message.send()


def _invitation_message(invitation: Invitation) -> EmailMultiAlternatives:
    context = {
        "invitation": invitation,
        "url": settings.SALON_BASE_URL + invitation.get_absolute_url(),
    }
    subject = render_to_string("communities/email/invitation_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("communities/email/invitation.txt", context),
        to=[invitation.email],
    )
    message.attach_alternative(
        render_to_string("communities/email/invitation.html", context), "text/html"
    )
    return message


# An invitation nobody used holds a stranger's email address; keep it long enough for the
# director to see it expired and send another, then let it go.
INVITATION_KEEP = timedelta(days=30)


@scheduled("communities.prune_invitations", every=timedelta(days=1))
@task()
@retrying()
def prune_unused_invitations(*, slot: str) -> int:
    """Daily: delete invitations that expired or were withdrawn more than 30 days ago and
    were never accepted. Accepted ones stay: they record how each member joined."""
    before = datetime.fromisoformat(slot) - INVITATION_KEEP
    unused = Invitation.objects.filter(accepted_at__isnull=True)
    deleted, _ = unused.filter(Q(expires_at__lt=before) | Q(revoked_at__lt=before)).delete()
    return deleted
