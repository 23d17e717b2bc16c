"""The demo's links follow the port it serves on (`PORT=9000 make demo`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from salon.core.management.commands.run_salon import serving_environment

ROOT = Path(settings.BASE_DIR)
# What a worker process builds: an unsubscribe link, as in every notification email.
LINK_IN_A_WORKER = """
import django
django.setup()
from salon.notifications.tokens import unsubscribe_url
print(unsubscribe_url(user_id=1, kind=None))
"""


def _without_base_url() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SALON_BASE_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "salon.settings"
    return env


def test_the_processes_it_serves_with_link_to_the_port_it_serves_on() -> None:
    env = serving_environment(host="127.0.0.1", port=9000, environ=_without_base_url())

    link = subprocess.run(
        [sys.executable, "-c", LINK_IN_A_WORKER],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()

    assert link.startswith("http://127.0.0.1:9000/notifications/unsubscribe/")


def test_an_address_set_explicitly_is_kept() -> None:
    env = serving_environment(
        host="0.0.0.0",
        port=9000,
        environ={"SALON_BASE_URL": "https://salon.example.com"},
    )

    assert env["SALON_BASE_URL"] == "https://salon.example.com"
    assert serving_environment(host="0.0.0.0", port=9001, environ={})["SALON_BASE_URL"] == (
        "http://127.0.0.1:9001"
    )


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_demo_gives_every_step_the_address_of_its_port() -> None:
    planned = subprocess.run(
        ["make", "-n", "demo", "PORT=9000"],
        cwd=ROOT,
        env=_without_base_url(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    steps = [line for line in planned if "manage.py" in line]

    assert {s.split("manage.py ")[1].split()[0] for s in steps} >= {"seed_demo", "run_salon"}
    for step in steps:
        prefix = step.split(".venv/bin/python")[0]
        shown = subprocess.run(
            ["bash", "-c", f"{prefix} printenv SALON_BASE_URL"],
            env=_without_base_url(),
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        assert shown == "http://127.0.0.1:9000"
