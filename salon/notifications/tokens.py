"""Signed unsubscribe tokens: they work without signing in, for one kind or all email.

A token is ``django.core.signing`` over (user id, kind or "*"): anyone holding the link
can stop that email for that person and nothing else; a changed character is refused.
They do not expire, as unsubscribe links in old emails must keep working.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "salon.notifications.unsubscribe"
ALL = "*"


def unsubscribe_token(*, user_id: int, kind: str | None) -> str:
    return signing.dumps([user_id, kind or ALL], salt=SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str | None]:
    """The (user id, kind or None for all email) a token stands for; raises
    ``signing.BadSignature`` for anything that was not signed by us."""
    value = signing.loads(token, salt=SALT)
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not isinstance(value[0], int)
        or not isinstance(value[1], str)
    ):
        raise signing.BadSignature("Malformed unsubscribe token.")
    user_id, kind = value
    return user_id, None if kind == ALL else kind


def unsubscribe_url(*, user_id: int, kind: str | None) -> str:
    token = unsubscribe_token(user_id=user_id, kind=kind)
    return settings.SALON_BASE_URL + reverse("notifications:unsubscribe", args=[token])
