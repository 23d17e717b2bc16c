"""The audit log speaks the reader's language: every key the code writes has a label, and
the page shows labels and names, never raw keys or ids."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from conftest import client_for
from salon.communities.models import Circle
from salon.core.audit import audit
from salon.core.audit_labels import ACTIONS
from salon.discussions.services.topics import MODERATION

SALON = Path(__file__).resolve().parents[2]
AUDIT_FUNCTIONS = {"audit", "_audit"}
# Keys built from a template at run time, and every value the template takes.
TEMPLATED = {
    "discussions.topic.{}": [f"discussions.topic.{done}" for _f, _v, done in MODERATION.values()]
}


def _strings(node: ast.expr, assigned: dict[str, list[ast.expr]], where: str) -> list[str]:
    """The keys an expression passed as an audit key may hold."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _strings(node.body, assigned, where) + _strings(node.orelse, assigned, where)
    if isinstance(node, ast.Name) and node.id in assigned:
        return [key for value in assigned[node.id] for key in _strings(value, assigned, where)]
    if isinstance(node, ast.JoinedStr):
        template = "".join(
            str(part.value) if isinstance(part, ast.Constant) else "{}" for part in node.values
        )
        assert template in TEMPLATED, f"{where}: add the keys of {template!r} to TEMPLATED"
        return TEMPLATED[template]
    raise AssertionError(f"{where}: cannot tell which audit key {ast.unparse(node)} holds")


def _audit_keys() -> dict[str, str]:
    keys: dict[str, str] = {}
    for path in SALON.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            params = {
                a.arg
                for inner in ast.walk(function)
                if isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
                for a in inner.args.args + inner.args.kwonlyargs
            }
            assigned: dict[str, list[ast.expr]] = {}
            for node in ast.walk(function):
                if isinstance(node, ast.Assign):
                    for target in node.targets:
                        if isinstance(target, ast.Name):
                            assigned.setdefault(target.id, []).append(node.value)
            for node in ast.walk(function):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                func = node.func
                name = getattr(func, "id", None) or getattr(func, "attr", None)
                if name not in AUDIT_FUNCTIONS:
                    continue
                first = node.args[0]
                if isinstance(first, ast.Name) and first.id in params:
                    continue  # a wrapper such as attachments._audit: its callers are read
                where = f"{path.relative_to(SALON.parent)}:{node.lineno}"
                for key in _strings(first, assigned, where):
                    keys.setdefault(key, where)
    return keys


def test_every_audit_key_written_in_the_code_has_a_label() -> None:
    keys = _audit_keys()

    assert len(keys) > 60  # the scan finds the calls (a sanity check on the scan itself)
    missing = {key: where for key, where in keys.items() if key not in ACTIONS}
    assert not missing, "Audit keys without a label in salon/core/audit_labels.py: " + ", ".join(
        f"{key} ({where})" for key, where in sorted(missing.items())
    )


def test_the_audit_page_shows_labels_and_names_not_keys_and_ids(
    director: Any, member: Any, community: Any, circle: Circle
) -> None:
    client = client_for(director)
    client.post("/c/acme/invite/", {"email": "nina@example.com", "role": "member"})
    audit(
        "mentoring.match.requested",
        actor=member,
        target=community,
        mentor=director.pk,
        match=4711,
        circle=circle.pk,
    )

    page = client.get("/c/acme/audit/").content.decode()
    table = page[page.index("<table") :]  # the filter's options carry keys as their values

    assert "Invitation sent" in table
    assert "Mentor requested" in table
    assert "communities.invitation.created" not in table
    assert "mentoring.match.requested" not in table
    assert "Mentor: Diana Director" in table  # the name, not the id
    assert "Circle: EMEA Chapter" in table
    assert "4711" not in table  # a record id that means nothing to a reader
    assert "Maya Member" in table  # who did it, by name


def test_the_log_is_filtered_by_what_happened(director: Any, community: Any) -> None:
    client = client_for(director)
    client.post("/c/acme/invite/", {"email": "nina@example.com", "role": "member"})
    audit("communities.community.updated", actor=director, target=community, fields=["name"])

    page = client.get("/c/acme/audit/?action=communities.invitation.created").content.decode()

    assert "Invitation sent" in page
    assert "Community settings changed</td>" not in page
    assert '<option value="communities.invitation.created" selected>' in page
