"""The demo's links follow the port it serves on (`PORT=9000 make demo`), and it serves
pages and live sockets from one command."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import websockets
from django.conf import settings
from django.db import connection

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


# Signs a person in on the demo's database and prints their session cookie.
SIGN_IN = """
import django
django.setup()
from django.test import Client
from salon.accounts.models import User
person = User.objects.create_user(email="demo-visitor@example.com", password="a long pass phrase")
client = Client()
client.force_login(person)
print(person.pk, client.cookies["sessionid"].value)
"""
# What a page worker does when something changes: tell the person three things at once; the
# bell's socket counts what they may read.
PUSH = """
import sys
import django
django.setup()
from django.db import transaction
from salon.accounts.models import User
from salon.communities.models import Community, Membership
from salon.communities.notifications import ROLE_CHANGED
from salon.notifications.services import notify
person = User.objects.get(pk=int(sys.argv[1]))
community = Community.objects.create(name="Relay", slug="relay")
membership = Membership.objects.create(user=person, community=community)
with transaction.atomic():
    for n in range(3):
        notify([person], ROLE_CHANGED, membership, community=community,
               data={"role": "member"}, key=f"relay-{n}")
"""


def _free_port_pair() -> int:
    for _ in range(50):
        with socket.socket() as a, socket.socket() as b:
            try:
                a.bind(("127.0.0.1", 0))
                port = a.getsockname()[1]
                b.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
            return int(port)
    raise RuntimeError("no two free ports in a row")


def _wait_for(url: str, deadline: float) -> None:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


# serialized_rollback: a plain transactional test's flush re-creates the content types under
# new ids, and the next test that restores the serialized database then collides with them.
@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the demo's database is a copy of the SQLite test one"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_demo_serves_pages_and_live_sockets_from_one_command(tmp_path: Path) -> None:
    """run_salon serves a page through gunicorn and the bell's socket through uvicorn on the
    next port; a page worker's live update reaches the socket (relayed, without Redis)."""
    database = tmp_path / "demo.sqlite3"
    source = sqlite3.connect(connection.settings_dict["NAME"])
    with sqlite3.connect(database) as copy:
        source.backup(copy)
    source.close()
    port = _free_port_pair()
    env = _without_base_url()
    env.pop("REDIS_URL", None)
    env.update(
        DATABASE_URL=f"sqlite:///{database}",
        SALON_VAR_DIR=str(tmp_path),
        SALON_SOCKET_RELAY_TOKEN="test-relay-secret",
        SALON_SOCKET_RELAY_URL=f"http://127.0.0.1:{port + 1}/ws-relay/",
    )
    # With the served settings, as `make test` and `make demo` do: the test settings write
    # no manifest, and one left by an earlier checkout lacks the files added since.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        env=env,
        cwd=ROOT,
        check=True,
    )
    person_id, session = subprocess.run(
        [sys.executable, "-c", SIGN_IN],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    demo = subprocess.Popen(
        [sys.executable, "manage.py", "run_salon", "--port", str(port), "--workers", "1"],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        _wait_for(f"http://127.0.0.1:{port}/healthz", time.monotonic() + 60)
        _wait_for(f"http://127.0.0.1:{port + 1}/healthz", time.monotonic() + 60)
        page = urllib.request.Request(
            f"http://127.0.0.1:{port}/notifications/", headers={"Cookie": f"sessionid={session}"}
        )
        with urllib.request.urlopen(page, timeout=10) as response:
            html = response.read().decode()
            policy = response.headers["Content-Security-Policy"]
        assert response.status == 200
        assert f'data-socket-port="{port + 1}"' in html
        assert 'data-socket="/ws/notifications/"' in html
        assert f"ws://*:{port + 1}" in policy

        async def bell() -> list[dict[str, object]]:
            async with websockets.connect(
                f"ws://127.0.0.1:{port + 1}/ws/notifications/",
                additional_headers={"Cookie": f"sessionid={session}"},
                origin=websockets.Origin(f"http://127.0.0.1:{port}"),
            ) as ws:
                first = json.loads(await asyncio.wait_for(ws.recv(), 10))
                await asyncio.to_thread(
                    subprocess.run,
                    [sys.executable, "-c", PUSH, person_id],
                    env=env,
                    cwd=ROOT,
                    check=True,
                )
                pushed = json.loads(await asyncio.wait_for(ws.recv(), 10))
                return [first, pushed]

        first, pushed = asyncio.run(bell())
        assert first["unread"] == 0
        assert pushed == {"unread": 3, "label": "Notifications, 3 unread"}
    finally:
        demo.send_signal(signal.SIGINT)
        assert demo.wait(timeout=30) is not None
