"""Reading the mail that Django's file backend wrote, for the demo's /demo/mail/ pages.

Each file holds the messages of one mail connection, each followed by a line of 79
dashes. Only file names the backend itself produces are opened, from EMAIL_FILE_PATH.

Each person sees only the mail addressed to their own email address: a password-reset
link in someone else's mail would hand over their account. Nobody signed out sees any
(the mail of someone who cannot sign in is in the files themselves, see
docs/notifications.md). Outside the demo (``SALON_DEMO_MAILBOX`` off, the default for an
``https://`` deployment, or any other email backend) the pages do not exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path
from typing import Any, cast

import nh3
from django.conf import settings
from django.utils.html import escape

FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
SEPARATOR = b"-" * 79 + b"\n"
FILE_NAME = re.compile(r"^[0-9]{8}-[0-9]{6}-[0-9]+\.log$")
MAX_FILES = 300


def is_active() -> bool:
    """The demo's mail set-up: mail goes to files, and the mailbox is switched on."""
    return settings.EMAIL_BACKEND == FILE_BACKEND and bool(settings.SALON_DEMO_MAILBOX)


def is_available(user: Any) -> bool:
    """Only in the demo's mail set-up, and only for staff or demo accounts."""
    return (
        is_active()
        and bool(getattr(user, "is_authenticated", False))
        and bool(user.is_active)
        and bool(user.is_staff or getattr(user, "is_demo", False))
    )


@dataclass(frozen=True)
class StoredMail:
    file: str
    index: int
    subject: str
    to: str
    sender: str
    date: datetime | None
    text: str
    html: str

    @property
    def has_html(self) -> bool:
        return bool(self.html)

    def is_addressed_to(self, email: str) -> bool:
        return email.strip().lower() in _addresses(self.to)


def _addresses(header: str) -> set[str]:
    return {address.strip().lower() for _name, address in getaddresses([header]) if address}


def _folder() -> Path:
    return Path(getattr(settings, "EMAIL_FILE_PATH", "") or ".")


def _split(raw: bytes) -> list[bytes]:
    parts = raw.split(b"\n" + SEPARATOR)
    return [part for part in parts if part.strip()]


def _parse(file: str, index: int, raw: bytes) -> StoredMail:
    message = cast(EmailMessage, BytesParser(policy=policy.default).parsebytes(raw))
    try:
        date = parsedate_to_datetime(str(message["Date"])) if message["Date"] else None
    except (TypeError, ValueError):
        date = None
    if date is not None and date.tzinfo is None:
        date = date.replace(tzinfo=UTC)  # Django writes UTC as "-0000", which parses naive
    text_part = message.get_body(preferencelist=("plain",))
    html_part = message.get_body(preferencelist=("html",))
    return StoredMail(
        file=file,
        index=index,
        subject=str(message["Subject"] or ""),
        to=str(message["To"] or ""),
        sender=str(message["From"] or ""),
        date=date,
        text=str(text_part.get_content()) if text_part is not None else "",
        html=str(html_part.get_content()) if html_part is not None else "",
    )


def list_mail(*, to: str, limit: int = 100) -> list[StoredMail]:
    """The newest messages addressed to ``to`` first."""
    folder = _folder()
    if not folder.is_dir():
        return []
    files = sorted(
        (p for p in folder.iterdir() if FILE_NAME.match(p.name) and p.is_file()),
        key=lambda p: (p.stat().st_mtime, p.name),
        reverse=True,
    )[:MAX_FILES]
    found: list[StoredMail] = []
    for path in files:
        parts = _split(path.read_bytes())
        for index in reversed(range(len(parts))):
            mail = _parse(path.name, index, parts[index])
            if not mail.is_addressed_to(to):
                continue
            found.append(mail)
            if len(found) >= limit:
                return found
    return found


def get_mail(file: str, index: int, *, to: str) -> StoredMail | None:
    """One message, if it is addressed to ``to`` (anyone else's is as good as missing)."""
    if not FILE_NAME.match(file):
        return None
    path = _folder() / file
    if not path.is_file():
        return None
    parts = _split(path.read_bytes())
    if not 0 <= index < len(parts):
        return None
    mail = _parse(file, index, parts[index])
    return mail if mail.is_addressed_to(to) else None


def sanitised_html(mail: StoredMail) -> str:
    """The HTML part without scripts, event handlers or anything active (nh3), keeping the
    inline styles emails rely on, as a page of its own."""
    body = nh3.clean(
        mail.html,
        clean_content_tags={"script", "style", "title"},
        attributes={
            "*": {"style", "title", "lang", "dir"},
            "a": {"href"},
            "img": {"src", "alt", "width", "height"},
            "td": {"colspan", "rowspan", "align", "valign"},
            "th": {"colspan", "rowspan", "align", "valign", "scope"},
            "table": {"width", "cellpadding", "cellspacing", "border", "role"},
        },
        url_schemes={"http", "https", "mailto"},
    )
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>'
        f"{escape(mail.subject)}</title></head><body>{body}</body></html>"
    )
