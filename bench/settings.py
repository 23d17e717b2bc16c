"""Settings for `make bench`: production's own (salon.settings) with one change.

Static files are collected into the run's temporary folder (BENCH_STATIC_ROOT) instead of
./staticfiles, so a bench run never races a `make test` or `make demo` in the same checkout
on the shared manifest. Everything else, DEBUG off included, comes from the environment
exactly as in production.
"""

import os
from pathlib import Path

from salon.settings import *  # noqa: F403

STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])

# bench/signin_burst.py compares Salon's bounded hasher with Django's default Argon2.
if os.environ.get("BENCH_HASHER") == "django":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
