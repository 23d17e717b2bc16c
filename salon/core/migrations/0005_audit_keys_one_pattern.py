"""Audit keys read ``<app>.<entity>.<past participle>``: rows written under the earlier
keys are renamed, so the log's labels and its filter find them."""

from __future__ import annotations

from typing import Any

from django.db import migrations

RENAMED = {
    "accounts.login": "accounts.user.logged_in",
    "accounts.logout": "accounts.user.logged_out",
    "accounts.login_failed": "accounts.login.failed",
    "accounts.password_changed": "accounts.password.changed",
    "accounts.mfa_added": "accounts.mfa.added",
    "accounts.mfa_removed": "accounts.mfa.removed",
    "audit.exported": "core.audit_log.exported",
    "demo.seeded": "demo.data.seeded",
    "notifications.unsubscribed": "notifications.email.unsubscribed",
    "communities.membership.self_signup": "communities.membership.joined",
    "mentoring.run": "mentoring.match_run.created",
    "mentoring.publish": "mentoring.match_run.published",
    "mentoring.pin": "mentoring.match.pinned",
    "mentoring.unpin": "mentoring.match.unpinned",
    "mentoring.forbid": "mentoring.pair.forbidden",
    "mentoring.allow": "mentoring.pair.allowed",
    "mentoring.swap": "mentoring.match.swapped",
    "mentoring.accept": "mentoring.match.accepted",
    "mentoring.decline": "mentoring.match.declined",
    "mentoring.request": "mentoring.match.requested",
    "discussions.topic.pin": "discussions.topic.pinned",
    "discussions.topic.unpin": "discussions.topic.unpinned",
    "discussions.topic.lock": "discussions.topic.locked",
    "discussions.topic.unlock": "discussions.topic.unlocked",
    "discussions.topic.close": "discussions.topic.closed",
    "discussions.topic.reopen": "discussions.topic.reopened",
    "discussions.topic.archive": "discussions.topic.archived",
    "discussions.topic.unarchive": "discussions.topic.unarchived",
}


def rename(apps: Any, schema_editor: Any) -> None:
    events = apps.get_model("core", "AuditEvent").objects
    for old, new in RENAMED.items():
        events.filter(action=old).update(action=new)


def rename_back(apps: Any, schema_editor: Any) -> None:
    events = apps.get_model("core", "AuditEvent").objects
    for old, new in RENAMED.items():
        events.filter(action=new).update(action=old)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_attachment")]

    operations = [migrations.RunPython(rename, rename_back)]
