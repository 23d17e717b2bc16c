"""Background work of the innovation lab: telling an idea's authors it moved stage."""

from __future__ import annotations

from django_tasks import task

from salon.core.jobs import retrying
from salon.innovation import notifications


@task()
@retrying()
def send_idea_moved(*, move_id: int, actor_id: int) -> None:
    notifications.idea_moved(move_id=move_id, actor_id=actor_id)
