"""``/api/v1/notifications``: the notification centre for scripts and apps."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from salon.api.pagination import Pagination, ShapedPage
from salon.api.schemas import ErrorOut
from salon.notifications import selectors, services
from salon.notifications.access import access_notification
from salon.notifications.emails import absolute
from salon.notifications.models import Notification

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    text: str
    url: str
    community: str | None
    actor_id: int | None
    created_at: datetime
    read_at: datetime | None
    # What it was about is no longer open to you: the text says only that.
    withheld: bool = False


class ReadAllOut(Schema):
    marked_read: int
    unread: int


def _out(notification: Notification) -> NotificationOut:
    return NotificationOut(
        id=notification.pk,
        kind=notification.kind,
        text=getattr(notification, "text", None) or selectors.describe(notification),
        url=absolute(notification.get_absolute_url()),
        community=notification.community.slug if notification.community else None,
        actor_id=None if getattr(notification, "withheld", False) else notification.actor_id,
        created_at=notification.created_at,
        read_at=notification.read_at,
        withheld=getattr(notification, "withheld", False),
    )


class _Page(ShapedPage[NotificationOut]):
    """A page of notifications, visibility asked for the whole page at once."""

    def __init__(self, qs: Any, user: Any) -> None:
        super().__init__(qs, _out)
        self.user = user

    def __getitem__(self, item: slice) -> list[NotificationOut]:
        return [_out(n) for n in selectors.with_text(self.qs[item], user=self.user)]


@router.get(
    "/notifications",
    response=list[NotificationOut],
    summary="Your notifications, newest first",
)
@paginate(Pagination)
def notification_list(request: HttpRequest, unread: bool = False) -> Any:
    qs = selectors.notification_list_for_user(user=request.user)
    if unread:
        qs = qs.filter(read_at__isnull=True)
    return _Page(qs, request.user)


@router.post(
    "/notifications/read-all",
    response={200: ReadAllOut},
    summary="Mark all your notifications read",
)
def notification_read_all(request: HttpRequest) -> ReadAllOut:
    changed = services.notifications_mark_all_read(user=request.user)
    return ReadAllOut(marked_read=changed, unread=0)


@router.post(
    "/notifications/{notification_id}/read",
    response={200: NotificationOut, 404: ErrorOut},
    summary="Mark one notification read",
)
def notification_read(request: HttpRequest, notification_id: int) -> NotificationOut:
    notification = access_notification(request.user, notification_id)
    services.notification_mark_read(user=request.user, notification=notification)
    return _out(selectors.with_text([notification], user=request.user)[0])
