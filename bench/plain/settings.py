"""Settings of the bench's minimal Django (bench/plain): nothing a page of Salon needs.

No middleware, no contrib apps, no templates, no sessions; DEBUG off; Django's own SQLite
defaults (a connection per request, no PRAGMAs), on the database BENCH_PLAIN_DATABASE
names (bench/run.py builds it with ``python -m bench.plain``).
"""

import os

SECRET_KEY = "bench-plain-not-a-secret"  # signs nothing: no sessions, no forms
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = ["bench.plain"]
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "bench.plain.urls"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("BENCH_PLAIN_DATABASE", ":memory:"),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
USE_I18N = False
