"""Password hashing that can't be turned into a way to exhaust the server's memory.

Django's Argon2 defaults take 100 MiB per hash with 8 lanes: 40 concurrent sign-in attempts
took a server from 0.5 to 4.2 GB. Here each hash takes 19 MiB with 2 passes and one lane
(OWASP's first recommended Argon2id setting), and at most ``SALON_PASSWORD_HASH_CONCURRENCY``
hashes run at once in a process; the others wait their turn, and one that waits longer than
``SALON_PASSWORD_HASH_WAIT`` seconds is answered "too many requests, try again shortly"
instead of holding a worker. Older hashes still verify with their own parameters and are
rehashed with these at the next sign-in (Django's ``must_update``).
"""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher

from salon.core.ratelimit import RateLimited


class _Gate:
    """A counting gate that also remembers how many were inside at once (for /metrics)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._free = threading.Condition(self._lock)
        self.inside = 0
        self.peak = 0
        self.refused = 0

    def __enter__(self) -> _Gate:
        limit = max(1, settings.SALON_PASSWORD_HASH_CONCURRENCY)
        with self._free:
            if not self._free.wait_for(
                lambda: self.inside < limit, timeout=settings.SALON_PASSWORD_HASH_WAIT
            ):
                self.refused += 1
                raise RateLimited(retry_after=5)
            self.inside += 1
            self.peak = max(self.peak, self.inside)
        return self

    def __exit__(self, *exc: Any) -> None:
        with self._free:
            self.inside -= 1
            self._free.notify()


gate = _Gate()


class BoundedArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1

    def encode(self, password: str, salt: str) -> str:
        with gate:
            return super().encode(password, salt)

    def verify(self, password: str, encoded: str) -> bool:
        with gate:
            return super().verify(password, encoded)
