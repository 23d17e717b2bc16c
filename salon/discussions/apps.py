from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "salon.discussions"
    label = "discussions"

    def ready(self) -> None:
        # The notification kinds (``notifications.py``) are imported by NotificationsConfig.
        from salon.core.attachments import register_attachment_owner
        from salon.core.audit import register_unattributed
        from salon.discussions import live, rules, search  # noqa: F401
        from salon.discussions.chatham import audit_rows_under_the_rule
        from salon.discussions.models import Post

        # Images and documents in a post: whoever sees the post opens them; its author (or
        # a steward) adds and removes them. Audited in the topic's community.
        register_attachment_owner(
            Post, view="post.view", add="post.edit", community=lambda post: post.topic.community
        )
        register_unattributed(audit_rows_under_the_rule)
