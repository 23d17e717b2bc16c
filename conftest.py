"""Personas every test can use: a private community with a director, facilitator, member,
guest, and an outsider who belongs elsewhere (healthchecks' alice/bob/charlie, Salon-style)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, TestCase
from hypothesis import settings as hypothesis_settings

from salon.accounts.models import Language, User
from salon.communities.models import Circle, CircleMembership, Community, Membership, Role
from salon.core import testdb

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
def django_db_keepdb(
    request: pytest.FixtureRequest, django_db_modify_db_settings: None, django_db_blocker: Any
) -> bool:
    """Keep (rather than create) the test database when it was made from the migrated
    template (salon/core/testdb.py); ``--reuse-db`` keeps working as pytest-django says."""
    if request.config.getvalue("reuse_db"):
        return True
    with django_db_blocker.unblock():
        return testdb.restore()


@pytest.fixture(scope="session")
def django_db_setup(
    request: pytest.FixtureRequest,
    django_db_setup: None,
    django_db_keepdb: bool,
    django_db_blocker: Any,
) -> Any:
    with django_db_blocker.unblock():
        testdb.store()
    yield
    if django_db_keepdb and not request.config.getvalue("reuse_db"):
        with django_db_blocker.unblock():
            testdb.drop()


# Property tests check what is true, not how fast: a wall-clock deadline only measures how
# busy the machine is (speed has its own benchmarks in bench/).
hypothesis_settings.register_profile("salon", deadline=None)
hypothesis_settings.load_profile("salon")


def make_user(email: str, name: str = "", **fields: Any) -> User:
    fields.setdefault("timezone_confirmed", True)
    user = User.objects.create_user(
        email=email, password=PASSWORD, name=name or email.split("@")[0].title(), **fields
    )
    return user


def join(user: User, community: Community, role: str = Role.MEMBER) -> Membership:
    return Membership.objects.create(user=user, community=community, role=role)


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Each test starts with an empty cache: ids come back after a rolled-back test, and a
    count remembered for one test's person must not answer for the next one's."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def community(db: Any) -> Community:
    return Community.objects.create(name="Acme Leaders", slug="acme", tagline="Acme's executives")


@pytest.fixture
def other_community(db: Any) -> Community:
    return Community.objects.create(name="Elsewhere", slug="elsewhere")


@pytest.fixture
def director(community: Community) -> User:
    user = make_user("diana@acme.test", "Diana Director", region="emea", country="United Kingdom")
    join(user, community, Role.DIRECTOR)
    return user


@pytest.fixture
def facilitator(community: Community) -> User:
    user = make_user("fred@acme.test", "Fred Facilitator", region="americas")
    join(user, community, Role.FACILITATOR)
    return user


@pytest.fixture
def member(community: Community) -> User:
    user = make_user(
        "maya@acme.test",
        "Maya Member",
        region="apac",
        country="Japan",
        function="finance",
        industry="Banking",
        title="Chief Financial Officer",
    )
    user.languages.set(Language.objects.filter(code__in=["en", "ja"]))
    join(user, community, Role.MEMBER)
    return user


@pytest.fixture
def guest(community: Community) -> User:
    user = make_user("gus@acme.test", "Gus Guest")
    join(user, community, Role.GUEST)
    return user


@pytest.fixture
def outsider(other_community: Community) -> User:
    user = make_user("olga@elsewhere.test", "Olga Outsider")
    join(user, other_community, Role.DIRECTOR)
    return user


@pytest.fixture
def circle(community: Community, member: User) -> Circle:
    circle = Circle.objects.create(
        community=community, name="EMEA Chapter", slug="emea", kind="chapter"
    )
    CircleMembership.objects.create(circle=circle, user=member)
    return circle


@pytest.fixture
def private_circle(community: Community) -> Circle:
    return Circle.objects.create(
        community=community, name="Board", slug="board", kind="working_group", is_private=True
    )


class CommittingClient(Client):
    """A test client whose requests run their after-commit work (emails, tasks) before
    returning, as a real request does once its transaction commits."""

    def request(self, **request: Any) -> Any:
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**request)


def client_for(user: User | None) -> Client:
    client = CommittingClient()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def as_user() -> Any:
    return client_for


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        import email

        message = email.message_from_bytes(envelope.content)
        message["X-Rcpt-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_inbox(settings: Any) -> Any:
    """A real SMTP server (aiosmtpd) on a free local port; Django sends mail through it."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()
