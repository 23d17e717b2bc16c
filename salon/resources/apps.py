from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "salon.resources"
    label = "resources"

    def ready(self) -> None:
        from salon.core.attachments import register_attachment_owner
        from salon.core.uploads import DOCUMENTS, IMAGES
        from salon.resources import rules, search  # noqa: F401
        from salon.resources.models import Resource

        # A resource's file (and its earlier versions): read by everyone who sees the
        # resource, replaced by those who may edit it.
        register_attachment_owner(
            Resource, view="resource.view", add="resource.edit", kinds=DOCUMENTS | IMAGES
        )
