"""The house rules that matter, read from the source with ``ast``: each test fails when new
code breaks one (docs/architecture.md, "House rules").

- Views do not query models (``Model.objects``): they call selectors and services.
- ``access_*`` doors are defined only in an app's ``access.py``.
- Every public service that writes calls ``require`` (or is listed below with why not).
- Audit keys read ``<app>.<entity>.<past participle>``.

The permission matrix's own rule (every route has a row) is in test_permission_matrix.py.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps

from salon.discussions.services.topics import MODERATION

SALON = Path(__file__).resolve().parents[2]
REPO = SALON.parent


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(SALON.rglob("*.py")):
        parts = path.relative_to(SALON).parts
        if "tests" in parts or "migrations" in parts:
            continue
        yield path.relative_to(REPO).as_posix(), ast.parse(path.read_text(), str(path))


def _is_views(name: str) -> bool:
    path = Path(name)
    return path.name == "views.py" or path.name.endswith("_views.py") or path.parent.name == "views"


def _is_api(name: str) -> bool:
    """An app's API endpoints: ``salon/<app>/api.py`` or a module of ``salon/<app>/api/``
    (not ``salon/api/``, which assembles them and authenticates tokens)."""
    path = Path(name)
    app_level = path.parent.parent.name == "salon"
    return (path.name == "api.py" and app_level) or (
        path.parent.name == "api" and path.parent.parent.parent.name == "salon"
    )


def _is_services(name: str) -> bool:
    path = Path(name)
    return (
        path.name == "services.py"
        or path.name.endswith("_services.py")
        or path.parent.name == "services"
    )


def _called(node: ast.AST) -> Iterator[ast.Call]:
    yield from (n for n in ast.walk(node) if isinstance(n, ast.Call))


def _name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


# No ORM in views -------------------------------------------------------------------------

# Views written before this rule that still query models, and how often. The number may
# only go down: move the query into the app's selectors.py (or access.py) and lower it.
ORM_IN_VIEWS_BEFORE_THE_RULE = {
    "salon/accounts/views.py": 5,
    "salon/communities/views/members.py": 4,
    "salon/events/followup_views.py": 1,
    "salon/events/planner_views.py": 5,
    "salon/events/views.py": 3,
    "salon/goals/views/goals.py": 4,
}

# API endpoints follow the same rule (they are as thin as views); these queried models
# before it reached them, and may only go down. The mentoring API is clear of them.
ORM_IN_API_BEFORE_THE_RULE = {
    "salon/accounts/api.py": 1,
    "salon/communities/api/communities.py": 3,
    "salon/discussions/api.py": 2,
    "salon/events/api.py": 6,
    "salon/goals/api.py": 8,
}


def _orm_uses(tree: ast.Module) -> list[int]:
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "objects"
    ]


def test_views_and_api_endpoints_do_not_query_models() -> None:
    grown = {}
    for name, tree in _modules():
        if _is_views(name):
            allowed = ORM_IN_VIEWS_BEFORE_THE_RULE.get(name, 0)
        elif _is_api(name):
            allowed = ORM_IN_API_BEFORE_THE_RULE.get(name, 0)
        else:
            continue
        lines = _orm_uses(tree)
        if len(lines) > allowed:
            grown[name] = lines
    assert not grown, (
        "Views or API endpoints query models (`.objects`) at these lines: read through the "
        "app's selectors "
        f"(or its access.py door) instead: {grown}"
    )


def test_the_rule_reads_a_model_query_in_a_view() -> None:
    tree = ast.parse("def page(request):\n    return Event.objects.filter(pk=1)\n")
    assert _orm_uses(tree) == [2]
    assert _is_views("salon/mentoring/views/matching.py")
    assert _is_views("salon/events/planner_views.py")
    assert _is_api("salon/mentoring/api/matching.py")
    assert _is_api("salon/events/api.py")
    assert not _is_api("salon/api/auth.py")


def test_the_allowances_are_no_larger_than_what_is_left() -> None:
    # Lower the number when a query moves out, so that it cannot come back unseen.
    found = {name: len(_orm_uses(tree)) for name, tree in _modules()}
    stale = {
        name: (allowed, found.get(name, 0))
        for name, allowed in {**ORM_IN_VIEWS_BEFORE_THE_RULE, **ORM_IN_API_BEFORE_THE_RULE}.items()
        if found.get(name, 0) < allowed
    }
    assert stale == {}


# Doors only in access.py -----------------------------------------------------------------


def test_access_helpers_are_defined_only_in_access_py() -> None:
    strays = [
        f"{name}:{node.lineno} {node.name}"
        for name, tree in _modules()
        if Path(name).name != "access.py"
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("access_")
    ]
    assert not strays, f"Doors belong in the app's access.py: {strays}"


# Services ask the policy -----------------------------------------------------------------

# Calls that change the database. ``update``/``add``/``remove``/``set``/``clear`` count only
# as methods (``qs.update``, ``m2m.add``), never the builtins.
WRITES = {
    "save",
    "create",
    "update",
    "delete",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
    "set",
    "add",
    "remove",
    "clear",
    "audit",
}

# Writes with no object for the policy to judge, each with why.
WRITES_WITHOUT_REQUIRE = {
    "salon/accounts/services.py:account_create": "sign-up: nobody is signed in yet",
    "salon/accounts/services.py:profile_update": "one's own profile, the actor is the subject",
    "salon/accounts/services.py:timezone_confirm": "one's own time zone",
    "salon/accounts/services.py:api_token_create": "one's own access token",
    "salon/accounts/services.py:api_token_revoke": "one's own token, fetched by its owner",
    "salon/accounts/services.py:api_tokens_revoke_all": "follows a password change or a "
    "deactivation: the account's own event, no actor to ask about",
    "salon/accounts/services.py:account_deactivated": "reacts to an account being switched "
    "off (by staff in the admin, or SCIM): records it and ends its access",
    "salon/accounts/services.py:personal_data_export": "one's own data",
    "salon/accounts/services.py:account_deletion_request": "one's own account",
    "salon/accounts/services.py:account_erase": "the scheduled erasure after the grace period",
    "salon/communities/services/invitations.py:invitation_accept": "the invitation's token "
    "is the permission",
    "salon/communities/services/memberships.py:membership_join_open": "checks the "
    "community's own sign-up setting (open, self_signup) before anything is written",
    "salon/discussions/services/reading.py:topic_mark_read": "one's own reading position",
    "salon/discussions/services/posts.py:write_post": "the row of a new post, written only by "
    "topic_create and post_reply after their own require",
    "salon/events/services.py:calendar_feed_for": "one's own calendar feed token",
    "salon/goals/services/competencies.py:competency_defaults_create": "a new community's "
    "starting list, written by community_create, which requires",
    "salon/innovation/services/evaluation.py:criteria_set": "a challenge's scorecard, "
    "written by challenge_create and challenge_update after their own require",
    "salon/innovation/services/ideas.py:idea_create": "the rows of a new idea, written only "
    "by idea_submit and by turning a board's note or cluster into an idea, after their own "
    "require",
    "salon/innovation/services/pipeline.py:stages_ensure": "a community's default pipeline, "
    "made by challenge_create and idea_submit, which require",
    "salon/mentoring/services/answers.py:expire_answers": "the hourly lapse of unanswered "
    "matches: a scheduled job, no actor",
    "salon/network/services/connections.py:connect": "the pair's row, written only by "
    "connection_request_answer and introduction_answer after their own require",
    "salon/network/services/conversations.py:conversation_open": "a new conversation's "
    "rows, written only by conversation_start and introduction_answer after their require",
    "salon/network/services/maps.py:network_map_draw": "the scheduled job's drawing of a "
    "community's network map from the rollups: no actor, and nothing anyone wrote",
    "salon/notifications/services.py:notify": "called by services after their own require",
    "salon/scim/services.py:scim_token_used": "records when the directory's token was last "
    "used; the endpoint checked it",
    "salon/webhooks/services.py:deliveries_create": "a task's fan-out of an event already "
    "written; each endpoint's owner is asked the policy (may_see) before a payload is made",
    "salon/webhooks/services.py:delivery_attempt": "a task trying a delivery already made",
    "salon/scim/services.py:user_provision": "the directory's write: its bearer token, "
    "checked by the SCIM endpoint, is the permission",
    "salon/scim/services.py:user_update": "the directory's write (SCIM token)",
    "salon/scim/services.py:user_delete": "the directory's write (SCIM token)",
    "salon/scim/services.py:group_create": "the directory's write (SCIM token)",
    "salon/scim/services.py:group_update": "the directory's write (SCIM token)",
    "salon/scim/services.py:group_delete": "the directory's write (SCIM token)",
    "salon/sso/services.py:sso_account_sync": "the identity provider's write at sign-in: its "
    "signed answer, checked by allauth, is the permission (nobody is signed in yet)",
    "salon/sso/services.py:sso_sign_in_failed": "records a failed sign-in: nobody is signed in",
    "salon/sso/services.py:password_sign_in_refused": "records a refused password sign-in: "
    "nobody is signed in",
    "salon/notifications/services.py:notification_mark_read": "one's own notification",
    "salon/notifications/services.py:notifications_mark_all_read": "one's own notifications",
    "salon/notifications/services.py:preferences_update": "one's own preferences",
    "salon/notifications/services.py:unsubscribe": "the signed link is the permission",
}


def _writes(function: ast.FunctionDef) -> bool:
    for call in _called(function):
        name = _name(call)
        if name == "audit" or (isinstance(call.func, ast.Attribute) and name in WRITES):
            return True
    return False


def _unguarded_writes(name: str, tree: ast.Module) -> list[str]:
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}

    def requires(function: str, seen: frozenset[str] = frozenset()) -> bool:
        called = {_name(call) for call in _called(functions[function])}
        if "require" in called:
            return True
        return any(
            requires(other, seen | {function})
            for other in called
            if other in functions and other not in seen and other != function
        )

    return [
        f"{name}:{function}"
        for function, node in functions.items()
        if not function.startswith("_") and _writes(node) and not requires(function)
    ]


def test_every_service_that_writes_calls_require() -> None:
    unguarded = [
        key
        for name, tree in _modules()
        if _is_services(name)
        for key in _unguarded_writes(name, tree)
    ]
    missing = sorted(set(unguarded) - set(WRITES_WITHOUT_REQUIRE))
    assert not missing, (
        "These services write without `require(actor, action, obj)`: ask the policy, or "
        f"list them in WRITES_WITHOUT_REQUIRE with the reason: {missing}"
    )
    stale = sorted(set(WRITES_WITHOUT_REQUIRE) - set(unguarded))
    assert not stale, f"No longer exceptions (they require now, or are gone): {stale}"


def test_the_rule_sees_a_write_that_does_not_ask_the_policy() -> None:
    source = (
        "def pin(*, actor, match):\n    match.save()\n\n"
        "def forbid(*, actor, match):\n    require(actor, 'm', match)\n    match.delete()\n\n"
        "def swap(*, actor, match):\n    forbid(actor=actor, match=match)\n    match.save()\n"
    )
    assert _unguarded_writes("x/services.py", ast.parse(source)) == ["x/services.py:pin"]


# Audit keys ------------------------------------------------------------------------------

# The key's last part says what happened with a past participle ("pinned", "ended_early",
# "role_changed"): a word ending in "ed", or one of these.
IRREGULAR = {"left", "sent", "made", "held", "set", "taken", "hidden", "withdrawn", "written"}
IRREGULAR |= {"forbidden", "forgotten", "broken", "shut", "spoken"}
IRREGULAR |= {"done", "undone", "given", "chosen", "begun", "read", "seen", "shown", "run"}
KEY = re.compile(r"^(?P<app>[a-z]+)\.[a-z]+(_[a-z]+)*\.(?P<what>[a-z]+(_[a-z]+)*)$")
# Keys built from a template at run time, and every value the template takes.
TEMPLATED = {
    "discussions.topic.{}": [f"discussions.topic.{done}" for _f, _v, done in MODERATION.values()]
}


def _literals(node: ast.AST) -> list[str] | None:
    """The keys an argument can be: a string, or a conditional between strings."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _literals(node.body), _literals(node.orelse)
        if body is not None and orelse is not None:
            return body + orelse
    if isinstance(node, ast.JoinedStr):
        template = "".join(
            str(part.value) if isinstance(part, ast.Constant) else "{}" for part in node.values
        )
        return TEMPLATED.get(template)
    return None


def audit_keys() -> tuple[dict[str, list[str]], list[str]]:
    """Every key passed to ``audit(`` (and core's ``_audit(``), by key: where; and the
    calls whose key is not written out."""
    keys: dict[str, list[str]] = {}
    unreadable = []
    for name, tree in _modules():
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            for call in _called(function):
                if _name(call) not in ("audit", "_audit") or not call.args:
                    continue
                if function.name == "_audit":  # core's wrapper passes its argument on
                    continue
                where = f"{name}:{call.lineno}"
                found = _literals(call.args[0])
                if not found:
                    unreadable.append(where)
                for key in found or []:
                    keys.setdefault(key, []).append(where)
    return keys, unreadable


def _well_formed(key: str, labels: set[str]) -> bool:
    match = KEY.match(key)
    if match is None or match["app"] not in labels:
        return False
    return any(word.endswith("ed") or word in IRREGULAR for word in match["what"].split("_"))


def test_audit_keys_name_the_app_the_entity_and_what_happened() -> None:
    labels = {config.label for config in apps.get_app_configs() if config.name.startswith("salon")}
    keys, unreadable = audit_keys()
    assert not unreadable, f"Write the audit key out, so it can be checked: {unreadable}"
    assert len(keys) > 50  # the scan found the log's writers
    wrong = {key: where for key, where in keys.items() if not _well_formed(key, labels)}
    assert not wrong, f"Audit keys read '<app>.<entity>.<past participle>': {wrong}"


def test_the_audit_rule_refuses_keys_that_break_the_pattern() -> None:
    labels = {"mentoring", "accounts"}
    assert _well_formed("mentoring.match.pinned", labels)
    assert _well_formed("mentoring.mentorship.ended_early", labels)
    assert _well_formed("accounts.membership.left", labels)
    broken = ("mentoring.pin", "mentoring.run", "accounts.login_failed", "audit.exported")
    for key in (*broken, "communities.membership.self_signup", "goals.key_result.Updated"):
        assert not _well_formed(key, labels), key
    assert not _well_formed("mentoring.match.publish", labels)
