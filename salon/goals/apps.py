from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_save


def _give_new_community_the_default_framework(
    sender: Any, instance: Any, created: bool = False, raw: bool = False, **kwargs: Any
) -> None:
    if created and not raw:
        from salon.goals.services.competencies import competency_defaults_create

        competency_defaults_create(community=instance)


class GoalsConfig(AppConfig):
    name = "salon.goals"
    label = "goals"

    def ready(self) -> None:
        # The notification kinds (``notifications.py``) are imported by NotificationsConfig.
        from salon.communities.models import Community
        from salon.goals import rules, search  # noqa: F401

        # Every new community starts with its own copy of the default competency framework
        # (communities that existed before got theirs from migration 0002).
        post_save.connect(
            _give_new_community_the_default_framework,
            sender=Community,
            dispatch_uid="salon.goals.default_framework",
        )
