from __future__ import annotations

import ast
import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.test import TestCase

from conftest import PASSWORD, client_for, make_user
from salon.core import csv_files
from salon.discussions.categories import category_create
from salon.discussions.services.topics import topic_create

SALON = Path(__file__).resolve().parents[2]


def _csv(response: Any) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_starts_like_a_formula_is_written_as_text(start: str) -> None:
    out = io.StringIO()
    csv_files.writer(out).writerow([f"{start}HYPERLINK(1)", -3, "plain"])

    cell = next(csv.reader(io.StringIO(out.getvalue())))

    assert cell == [f"'{start}HYPERLINK(1)", "-3", "plain"]


def test_a_dict_writer_neutralises_values_too() -> None:
    out = io.StringIO()
    writer = csv_files.dict_writer(out, ["title"])
    writer.writeheader()
    writer.writerow({"title": "@SUM(A1)"})

    assert list(csv.DictReader(io.StringIO(out.getvalue()))) == [{"title": "'@SUM(A1)"}]


def test_audit_exports_never_hand_a_spreadsheet_a_formula(
    director: Any, member: Any, community: Any
) -> None:
    general = category_create(actor=director, community=community, name="General")
    with TestCase.captureOnCommitCallbacks(execute=True):
        topic_create(
            actor=member, category=general, title='=HYPERLINK("http://evil.test","x")', body="b"
        )
    staff = make_user("it@company.test", "IT Security", is_staff=True)

    exports = []
    for user, url in [(director, "/c/acme/audit/export.csv"), (staff, "/audit/export.csv")]:
        client = client_for(user)
        client.post("/accounts/reauthenticate/", {"password": PASSWORD})
        exports.append(_csv(client.get(f"{url}?action=discussions.topic")))

    community_rows, _site_rows = exports
    assert [r["target"] for r in community_rows] == ['\'=HYPERLINK("http://evil.test","x")']
    for rows in exports:
        assert all(not v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())


def _direct_csv_writers(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in {"writer", "DictWriter"}
            and isinstance(node.value, ast.Name)
            and node.value.id == "csv"
        ):
            found.append(f"{path.relative_to(SALON.parent)}:{node.lineno} csv.{node.attr}")
        if isinstance(node, ast.ImportFrom) and node.module == "csv":
            for alias in node.names:
                if alias.name in {"writer", "DictWriter", "*"}:
                    found.append(f"{path.relative_to(SALON.parent)}:{node.lineno} from csv")
    return found


def test_only_the_csv_helper_writes_csv() -> None:
    """House rule: every CSV Salon writes goes through ``salon.core.csv_files``."""
    helper = SALON / "core" / "csv_files.py"
    offenders = [
        hit
        for path in sorted(SALON.rglob("*.py"))
        if path != helper
        for hit in _direct_csv_writers(path)
    ]
    assert offenders == []
