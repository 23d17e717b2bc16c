from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django_tasks import task

from salon.communities.models import Invitation
from salon.core.jobs import retrying


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
    message.send()
