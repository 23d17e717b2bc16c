"""Browser journeys: Debian's Chromium, driven by Playwright, against pytest-django's
live server. Every journey scans the pages it visits with axe-core."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from django.conf import settings
from django.test import Client
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    expect,
    sync_playwright,
)
from pytest_django.live_server_helper import LiveServer

from salon.accounts.models import User

# Playwright's own browser downloads are not used: the suite drives the distribution's
# Chromium (`make chromium`). SALON_CHROMIUM points elsewhere when needed.
CHROMIUM = os.environ.get("SALON_CHROMIUM") or shutil.which("chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# axe-core's impact levels that fail a journey; "moderate" and "minor" are left to review.
BLOCKING_IMPACTS = {"serious", "critical"}
# Every rule in the light scheme; the dark scheme changes only colours, so only contrast.
SCANS: list[tuple[Literal["light", "dark"], dict[str, object]]] = [
    ("light", {}),
    ("dark", {"runOnly": ["color-contrast"]}),
]

AxeCheck = Callable[[Page], None]
SignIn = Callable[[Page, User], None]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM or not os.path.exists(CHROMIUM):
        pytest.fail("No Chromium found: run `make chromium`, or set SALON_CHROMIUM to its path.")
    # Two workers share the machine; give a busy live server time before calling it failed.
    expect.set_options(timeout=10_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


# Playwright's sync API keeps an asyncio loop running in this thread, so Django refuses ORM
# calls (fixtures, assertions) with SynchronousOnlyOperation. Nothing here is async: the
# guard is lifted for each browser test only, from its setup to its teardown, so that it
# never reaches other tests or the subprocesses they start (`check --deploy` warns on it).
_ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
_previous_async_unsafe = pytest.StashKey[str | None]()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    item.stash[_previous_async_unsafe] = os.environ.get(_ASYNC_UNSAFE)
    os.environ[_ASYNC_UNSAFE] = "true"


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item) -> None:
    previous = item.stash.get(_previous_async_unsafe, None)
    if previous is None:
        os.environ.pop(_ASYNC_UNSAFE, None)
    else:
        os.environ[_ASYNC_UNSAFE] = previous


_reports = pytest.StashKey[dict[str, pytest.TestReport]]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item,
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    # The page fixture reads this to keep a screenshot of a journey that failed.
    report: pytest.TestReport = yield
    item.stash.setdefault(_reports, {})[report.when] = report
    return report


@pytest.fixture
def page(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    browser: Browser,
    live_server: LiveServer,
    transactional_db: None,
    django_db_serialized_rollback: None,
) -> Iterator[Page]:
    """A fresh browser tab (own cookies) on the live server. The journey fails if the page
    logs an error, such as a Content-Security-Policy refusal or a script exception.

    The live server needs committed data, so tests run in transactional mode; the
    serialized rollback restores what migrations seed (the language list) for each one.
    """
    context = browser.new_context(
        base_url=live_server.url,
        color_scheme="light",
        # Salon's stylesheet drops transitions for reduced motion, so no scan lands mid-fade.
        reduced_motion="reduce",
        locale="en-GB",
        timezone_id="Europe/London",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        # Chromium asks for /favicon.ico on its own; Salon does not serve one.
        if message.type == "error" and not message.location["url"].endswith("/favicon.ico"):
            errors.append(f"console: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"script: {error}"))
    yield page
    call = request.node.stash.get(_reports, {}).get("call")
    if call is not None and call.failed:
        page.screenshot(path=tmp_path / "failure.png", full_page=True)
        (tmp_path / "failure.html").write_text(page.content())
        print(f"The page as the journey failed: {tmp_path}/failure.png and failure.html")
    context.close()
    assert not errors, "The browser reported errors:\n" + "\n".join(errors)


@pytest.fixture
def sign_in(live_server: LiveServer) -> SignIn:
    """Sign a persona in by cookie, for journeys that are not about signing in."""

    def sign_in(page: Page, user: User) -> None:
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": session.key, "value": session.value, "url": live_server.url}]
        )

    return sign_in


def _axe_violations(page: Page, options: dict[str, object]) -> list[dict[str, Any]]:
    # Scan the page at rest: no htmx request in flight, no swap half done.
    # (A locator, not wait_for_function: the page's CSP refuses the eval that needs.)
    expect(page.locator(".htmx-request, .htmx-swapping")).to_have_count(0)
    if page.evaluate("typeof window.axe") == "undefined":
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate("options => window.axe.run(document, options)", options)
    return list(results["violations"])


@pytest.fixture
def assert_accessible() -> AxeCheck:
    """Scan the page as it is now and fail on any serious or critical axe-core violation,
    naming the rule and the elements. Colour contrast is checked in the dark scheme too."""

    def check(page: Page) -> None:
        found: list[str] = []
        for scheme, rules in SCANS:
            page.emulate_media(color_scheme=scheme)
            for violation in _axe_violations(page, {"resultTypes": ["violations"], **rules}):
                if violation["impact"] not in BLOCKING_IMPACTS:
                    continue
                found.append(
                    f"{violation['id']} ({violation['impact']}, {scheme}): {violation['help']}"
                )
                found.extend(
                    f"    {', '.join(node['target'])}: {node['failureSummary']}"
                    for node in violation["nodes"]
                )
        page.emulate_media(color_scheme="light")
        assert not found, f"axe-core found on {page.url}:\n" + "\n".join(found)

    return check


# Live pages over WebSockets ---------------------------------------------------------------


@dataclass(frozen=True)
class AsgiLiveServer:
    url: str


@pytest.fixture(scope="session")
def asgi_live_server(django_db_setup: None) -> Iterator[AsgiLiveServer]:
    """Salon's ASGI application (pages, static files and WebSockets) served by uvicorn in a
    thread of the test process, as `run_salon` serves it: pytest-django's live server
    speaks WSGI, which routes no /ws/. It reads the test database, and shares this
    process's channel layer (in memory, or Redis when REDIS_URL is set)."""
    import uvicorn

    from salon.asgi import application

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    config = uvicorn.Config(
        application, lifespan="off", log_level="warning", access_log=False, ws="websockets-sansio"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [listener]}, name="asgi-live-server", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("The ASGI live server did not start.")
        time.sleep(0.05)
    yield AsgiLiveServer(f"http://127.0.0.1:{port}")
    server.should_exit = True
    thread.join(timeout=10)
    listener.close()


OpenPage = Callable[[User], Page]


@pytest.fixture
def asgi_pages(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    browser: Browser,
    asgi_live_server: AsgiLiveServer,
    transactional_db: None,
    django_db_serialized_rollback: None,
) -> Iterator[OpenPage]:
    """``open_as(user)``: a tab on the ASGI live server in a browser context of its own
    (own cookies), signed in as ``user``; several people on one page at once. As with
    ``page``, the journey fails if any tab logs an error."""
    opened: list[tuple[BrowserContext, Page]] = []
    errors: list[str] = []

    def open_as(user: User) -> Page:
        context = browser.new_context(
            base_url=asgi_live_server.url,
            color_scheme="light",
            reduced_motion="reduce",
            locale="en-GB",
            timezone_id="Europe/London",
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(10_000)
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies(
            [{"name": session.key, "value": session.value, "url": asgi_live_server.url}]
        )
        page = context.new_page()
        who = user.email

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error" and not message.location["url"].endswith("/favicon.ico"):
                errors.append(f"{who} console: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: errors.append(f"{who} script: {error}"))
        opened.append((context, page))
        return page

    yield open_as
    call = request.node.stash.get(_reports, {}).get("call")
    for n, (context, page) in enumerate(opened):
        if call is not None and call.failed:
            page.screenshot(path=tmp_path / f"failure-{n}.png", full_page=True)
            (tmp_path / f"failure-{n}.html").write_text(page.content())
            print(f"A tab as the journey failed: {tmp_path}/failure-{n}.png and .html")
        context.close()
    assert not errors, "The browser reported errors:\n" + "\n".join(errors)
