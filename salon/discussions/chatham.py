"""The Chatham House rule in the audit log: rows about topics and posts now under the rule
are shown without who did them (see ``salon.core.audit``)."""

from __future__ import annotations

from django.db.models import CharField, Q
from django.db.models.functions import Cast

from salon.discussions.models import Post, Topic


def audit_rows_under_the_rule() -> Q:
    topics = Topic.objects.filter(
        Q(chatham_house=True) | Q(chatham_house__isnull=True, category__chatham_house=True)
    )
    # The audit log keeps a target's id as text.
    topic_ids = topics.annotate(key=Cast("pk", CharField())).values("key")
    post_ids = (
        Post.objects.filter(topic__in=topics.values("pk"))
        .annotate(key=Cast("pk", CharField()))
        .values("key")
    )
    return Q(target_type="discussions.topic", target_id__in=topic_ids) | Q(
        target_type="discussions.post", target_id__in=post_ids
    )
