"""The permission policy: the one place that answers "may this user do this to that?".

Feature apps register a rule per action with ``@rule("community.invite")``; views, the API
and templates (``{% can "community.invite" community as allowed %}``) all call ``can``.
Unknown actions are refused, so a typo fails closed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

Rule = Callable[[Any, Any], bool]
_RULES: dict[str, Rule] = {}


def rule(action: str) -> Callable[[Rule], Rule]:
    def register(func: Rule) -> Rule:
        if action in _RULES:
            raise ValueError(f"A rule for {action!r} is already registered.")
        _RULES[action] = func
        return func

    return register


def can(user: Any, action: str, obj: Any = None) -> bool:
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return False
    if not user.is_active:
        return False
    check = _RULES.get(action)
    if check is None:
        return False
    return bool(check(user, obj))


def require(user: Any, action: str, obj: Any = None, *, hide: bool = False) -> None:
    """Raise unless allowed: 404 when ``hide`` (the user must not learn it exists), else 403."""
    if not can(user, action, obj):
        if hide:
            raise Http404
        raise PermissionDenied


def registered_actions() -> list[str]:
    return sorted(_RULES)
