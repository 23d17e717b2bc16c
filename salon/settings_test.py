"""Test overrides: a fast password hasher and tasks that run where they are enqueued."""

import os

from salon.settings import *  # noqa: F403

# One SQLite test database per test run, so two runs in one checkout never share a file.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}  # noqa: F405
elif os.environ.get("SALON_TEST_DATABASE_NAME"):
    # A shared PostgreSQL server where each person may create only databases of their own
    # prefix: the test database's name (xdist appends each worker's suffix to it).
    DATABASES["default"]["TEST"] = {"NAME": os.environ["SALON_TEST_DATABASE_NAME"]}  # noqa: F405
# The concurrency tests hold up to a dozen connections at once in one process, meeting at a
# barrier: a pool sized for a web process (4) lends the first few and starves the rest.
if "pool" in DATABASES["default"].get("OPTIONS", {}):  # noqa: F405
    DATABASES["default"]["OPTIONS"]["pool"]["max_size"] = 16  # noqa: F405

# The tests serve pages in their own process only, where a session cached in its memory
# cannot outlive a sign-out elsewhere; the page query counts leave the session's read out.
# (test_session_end.py checks the configured engine, salon.settings.SESSION_ENGINE.)
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Serve static files from the apps directly: no collectstatic needed, nothing to race on.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Generous limits so the suite never trips them; the rate-limit tests set their own.
SALON_RATE_API = "100000/m"
SALON_RATE_API_ANONYMOUS = "100000/m"
SALON_RATE_INVITATIONS = "100000/h"
SALON_RATE_POST = "100000/m"

# Parallel test processes share one Redis server: each takes its own database (and so
# may flush it between tests without touching the other's rate-limit counters).
if REDIS_URL:  # noqa: F405
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    _redis = REDIS_URL.rsplit("/", 1)[0] + f"/{int(_worker.removeprefix('gw') or 0) + 1}"  # noqa: F405
    CACHES["default"]["LOCATION"] = _redis  # noqa: F405
    CHANNEL_LAYERS["default"]["CONFIG"]["hosts"] = [_redis]  # type: ignore[index]  # noqa: F405
    RQ_QUEUES["default"]["URL"] = _redis  # noqa: F405
