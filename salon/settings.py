"""Salon settings: every option comes from the environment (see README, "Configuration")."""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SALON_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "").strip()
    return [item.strip() for item in value.split(",") if item.strip()] if value else default


DEBUG = env_bool("DEBUG")
SALON_BASE_URL = env_str("SALON_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# A deployment served over HTTPS is a production deployment: secrets must be given,
# cookies are secure and browsers are told to stay on HTTPS.
PRODUCTION = SALON_BASE_URL.startswith("https://")
_base_host = urlsplit(SALON_BASE_URL).hostname or "127.0.0.1"


def _secret_key() -> str:
    if key := env_str("SECRET_KEY"):
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when SALON_BASE_URL is https://")
    # Local use: generate once and keep it, so sessions survive restarts.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS",
    [_base_host] if PRODUCTION else [_base_host, "localhost", "127.0.0.1", "[::1]", "testserver"],
)
CSRF_TRUSTED_ORIGINS = [SALON_BASE_URL]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.admin",
    "channels",
    "django_htmx",
    "ninja",  # serves the API docs' Swagger UI from our own static files (CSP: self only)
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "csp",
    "salon.core",
    "salon.accounts",
    "salon.communities",
    "salon.notifications",
    "salon.events",
    "salon.discussions",
    "salon.goals",
    "salon.mentoring",
    "salon.feedback",
    "salon.innovation",
    "salon.resources",
    "salon.analytics",
    "salon.scim",
    "salon.programmes",
    "salon.circles",
    "salon.webhooks",
    "salon.network",
    "salon.sso",
    "salon.api",
    "salon.demo",
]

MIDDLEWARE = [
    "salon.core.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "salon.core.middleware.MemberLanguageMiddleware",
    "salon.core.middleware.IdleSessionMiddleware",
    "salon.core.middleware.TimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "salon.core.ratelimit.RateLimitMiddleware",
    "salon.core.middleware.OncePolicyCSPMiddleware",
    "salon.sso.middleware.ProviderFormActionMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "salon.sso.middleware.RequireMfaMiddleware",
    "salon.accounts.middleware.TimezoneOnboardingMiddleware",
]

ROOT_URLCONF = "salon.urls"
WSGI_APPLICATION = "salon.wsgi.application"
ASGI_APPLICATION = "salon.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "salon" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "csp.context_processors.nonce",
                "salon.core.context_processors.salon",
            ],
            "builtins": ["salon.core.templatetags.policy"],
        },
    }
]

# Database: SQLite in var/ unless DATABASE_URL says otherwise.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'salon.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Keep each worker's connection between requests (health-checked): a new SQLite
    # connection runs the PRAGMAs below, reads the schema, and closing the last one
    # checkpoints and deletes the WAL, which cost a signed-in request more than the rest
    # of its fixed cost together (issue #13, docs/deployment.md "Speed").
    DATABASES["default"]["CONN_MAX_AGE"] = 600
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE transactions: concurrent writers queue on the busy timeout instead of
        # failing with "database is locked" when a read lock is upgraded (see DESIGN.md).
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            "PRAGMA busy_timeout=20000; PRAGMA cache_size=-20000; PRAGMA mmap_size=134217728;"
        ),
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # One bounded pool of connections per process, shared by its threads (psycopg's pool):
    # a connection goes back to the pool when a request or task ends, whichever thread ran
    # it. Persistent per-thread connections (CONN_MAX_AGE) under ASGI opened one per thread
    # and kept them, and 200 concurrent requests ran PostgreSQL out of connections (issue
    # #19). docs/deployment.md gives the sum to compare with ``max_connections``.
    # DATABASE_POOL_MAX_SIZE=0 turns the pool off (behind PgBouncer in transaction mode).
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps connections, not Django
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # the pool checks one before lending it
    DATABASE_POOL_MAX_SIZE = env_int("DATABASE_POOL_MAX_SIZE", 4)
    if DATABASE_POOL_MAX_SIZE > 0:
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": min(env_int("DATABASE_POOL_MIN_SIZE", 1), DATABASE_POOL_MAX_SIZE),
            "max_size": DATABASE_POOL_MAX_SIZE,
            # A request waits this long for a free connection before it fails (500).
            "timeout": env_int("DATABASE_POOL_TIMEOUT", 10),
            # Connections above min_size that sat idle this long are closed.
            "max_idle": 300,
        }
    else:
        # PgBouncer hands a server connection to each transaction, not each session.
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: cache, rate limits, channel layer and task queue move to Redis when it is set.
REDIS_URL = env_str("REDIS_URL")
SALON_CACHE_PREFIX = env_str("SALON_CACHE_PREFIX", "salon")
# Set by run_salon, which serves WebSockets on their own port next to the pages' (the page
# tells the browser which), and gives the processes a secret for relaying live updates.
SALON_SOCKET_PORT = env_int("SALON_SOCKET_PORT", 0)
SALON_SOCKET_RELAY_TOKEN = env_str("SALON_SOCKET_RELAY_TOKEN")
# Pages served by WSGI open their live sockets when a socket server stands beside them
# (run_salon's socket port, or a proxy sending /ws/ to uvicorn: docs/deployment.md).
SALON_LIVE_SOCKETS = env_bool("SALON_LIVE_SOCKETS", bool(SALON_SOCKET_PORT))
if REDIS_URL:
    CACHES: dict[str, dict[str, Any]] = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": SALON_CACHE_PREFIX,
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif SALON_SOCKET_RELAY_TOKEN:
    # run_salon without Redis: pages in gunicorn's workers, sockets in one uvicorn process
    # (docs/deployment.md). The processes share a cache on disk (sessions stay revocable,
    # rate limits and "who is online" are seen by all), and page workers relay what they
    # publish to the socket process (salon/core/socket_relay.py).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "salon.core.socket_relay.RelayedChannelLayer",
            "CONFIG": {
                "url": env_str("SALON_SOCKET_RELAY_URL"),
                "token": SALON_SOCKET_RELAY_TOKEN,
                "socket_process": env_bool("SALON_SOCKET_PROCESS"),
            },
        }
    }
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses any password for an address that must use single sign-on (salon/sso).
    "salon.sso.guard.SsoOnlyPasswordGuard",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "salon.accounts.hashers.BoundedArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Hashes running at once per process (each 19 MiB), and how long a sign-in waits for its
# turn before it is told to try again shortly (salon/accounts/hashers.py).
SALON_PASSWORD_HASH_CONCURRENCY = env_int("SALON_PASSWORD_HASH_CONCURRENCY", 2)
SALON_PASSWORD_HASH_WAIT = env_int("SALON_PASSWORD_HASH_WAIT", 10)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_ADAPTER = "salon.accounts.adapter.AccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Changing the email address (and MFA, always) asks for the password again.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
# Five failed sign-ins per account in 30 minutes lock it; ten attempts per IP a minute.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/30m/key"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Salon] "
ACCOUNT_FORMS = {
    "login": "salon.accounts.forms.SalonLoginForm",
    "reset_password": "salon.accounts.forms.SalonResetPasswordForm",
    "signup": "salon.accounts.forms.SalonSignupForm",
}
# Single sign-on (salon/sso, docs/sso.md): identity providers are set up in the app by the
# organisation's administrators, never here; whoever the provider signs in gets an account.
SOCIALACCOUNT_ADAPTER = "salon.sso.adapter.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_REQUIRED = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10
# How far the identity provider's clock may be from ours, in seconds, for both protocols: an
# ID token or SAML assertion issued that much "in the future", or that expired that long
# ago, is still accepted; beyond it, refused (docs/sso.md).
SSO_CLOCK_SKEW_SECONDS = env_int("SSO_CLOCK_SKEW_SECONDS", 120)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION
MFA_TOTP_ISSUER = "Salon"

# Sessions: 14 days at most, ended after 24 hours without activity (IdleSessionMiddleware).
SESSION_COOKIE_AGE = 14 * 24 * 3600
SALON_SESSION_IDLE_SECONDS = 24 * 3600
# Sessions are cached only in a cache every process shares (Redis, or run_salon's cache on
# disk): a cache in one process's memory would keep serving a session that another process
# has signed out. Without one, every request reads its session from the database (one
# primary-key query, 0.9 ms against 0.03 ms from the cache on SQLite: docs/deployment.md).
SESSION_ENGINE = (
    "django.contrib.sessions.backends.db"
    if CACHES["default"]["BACKEND"].endswith("LocMemCache")
    else "django.contrib.sessions.backends.cached_db"
)
# Sign-in & security lists each session's last sign-in, not its last page: recording every
# page would write the database on every request (issue #13).
USERSESSIONS_TRACK_ACTIVITY = False

# Security headers
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
SILENCED_SYSTEM_CHECKS: list[str] = []


def _socket_sources() -> list[str]:
    """Where pages may open their sockets when run_salon serves them on their own port: the
    address people use, the loopback names, and (for any other name of the machine) every
    host on that port; a wildcard host does not match an IP address in every browser."""
    if not SALON_SOCKET_PORT:
        return []
    hosts = dict.fromkeys([urlsplit(SALON_BASE_URL).hostname or "", "127.0.0.1", "localhost", "*"])
    return [
        f"{scheme}://{host}:{SALON_SOCKET_PORT}"
        for host in hosts
        if host
        for scheme in ("ws", "wss")
    ]


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'", *_socket_sources()],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Email: EMAIL_URL, e.g. smtp://user:pass@mail.example.com:587?tls=1, console://, file://var/mail
EMAIL_URL = env_str("EMAIL_URL", f"file://{VAR_DIR / 'mail'}")


def _email_settings(url: str) -> dict[str, object]:
    parts = urlsplit(url)
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    scheme = parts.scheme
    if scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "file":
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": unquote(parts.netloc + parts.path),
        }
    if scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if scheme in {"smtp", "smtps", "smtp+tls"}:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parts.hostname or "localhost",
            "EMAIL_PORT": parts.port
            or (465 if scheme == "smtps" else 587 if "tls" in scheme else 25),
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_SSL": scheme == "smtps",
            "EMAIL_USE_TLS": scheme == "smtp+tls" or query.get("tls") in {"1", "true"},
            "EMAIL_TIMEOUT": 15,
        }
    raise ImproperlyConfigured(f"EMAIL_URL has an unknown scheme: {scheme!r}")


globals().update(_email_settings(EMAIL_URL))
# The demo's mailbox (/demo/mail/, each person's own mail) with the file backend; never on
# a deployment served over https:// unless asked for.
SALON_DEMO_MAILBOX = env_bool("SALON_DEMO_MAILBOX", not PRODUCTION)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"Salon <salon@{_base_host}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Internationalisation
# Each language is named in its own words, as a switcher shows it to someone who cannot read
# the current one. Adding a language: docs/languages.md.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("ja", "日本語")]
LOCALE_PATHS = [BASE_DIR / "salon" / "locale"]
# Dates on pages and in emails use named formats ("DATE_MEDIUM"...) that each language spells
# its own way (salon/formats/<language>/formats.py).
FORMAT_MODULE_PATH = ["salon.formats"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# Static and uploaded files
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))


def _file_storage(
    *,
    bucket: str,
    endpoint_url: str = "",
    access_key: str = "",
    secret_key: str = "",
    region: str = "",
    base_url: str = SALON_BASE_URL,
) -> dict[str, object]:
    """Uploads go to MEDIA_ROOT, or to a private S3-compatible bucket when one is named.

    Either way people fetch them through Salon's permission-checked views (``/media/…``,
    ``/files/…``), which read through the storage: objects get no ACL (the bucket's own,
    private, applies) and no signed links. ``custom_domain`` only makes ``.url`` point at
    those views instead of at the bucket.
    """
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    site = urlsplit(base_url)
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "access_key": access_key or None,  # None: boto3's own chain (env, instance role)
            "secret_key": secret_key or None,
            "region_name": region or None,
            # S3-compatible servers (MinIO, Ceph, Garage…) expect bucket names in the path.
            "addressing_style": "path" if endpoint_url else None,
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
            "url_protocol": f"{site.scheme}:",
            "custom_domain": f"{site.netloc}{MEDIA_URL.rstrip('/')}",
        },
    }


SALON_S3_BUCKET = env_str("SALON_S3_BUCKET")
STORAGES = {
    "default": _file_storage(
        bucket=SALON_S3_BUCKET,
        endpoint_url=env_str("SALON_S3_ENDPOINT_URL"),
        access_key=env_str("SALON_S3_ACCESS_KEY"),
        secret_key=env_str("SALON_S3_SECRET_KEY"),
        region=env_str("SALON_S3_REGION"),
    ),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Largest file people may attach (salon.core.uploads), and largest image (photos included).
SALON_UPLOAD_MAX_BYTES = env_int("SALON_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
SALON_UPLOAD_MAX_IMAGE_BYTES = env_int("SALON_UPLOAD_MAX_IMAGE_BYTES", 5 * 1024 * 1024)

# Logs: plain text, or one JSON object a line (SALON_LOG_FORMAT=json, with a line per
# request); either way each line written during a request carries its id.
SALON_LOG_FORMAT = env_str("SALON_LOG_FORMAT", "text")
if SALON_LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured("SALON_LOG_FORMAT must be text or json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "salon.core.observability.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(levelname)s %(name)s %(request_id)s %(message)s"},
        "json": {"()": "salon.core.observability.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": SALON_LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
# How many proxies in front append to X-Forwarded-For (nginx: $proxy_add_x_forwarded_for).
# Rate limits, sign-in throttles, the audit log and /metrics read the person's address that
# many entries from the right; 0 (the default) means Salon is reached directly.
SALON_TRUSTED_PROXY_COUNT = env_int("SALON_TRUSTED_PROXY_COUNT", 0)

# /metrics answers an operator only: this bearer token, or a caller from these networks
# (comma-separated, e.g. 10.0.0.0/8,127.0.0.1/32). Neither set: /metrics is not found.
SALON_METRICS_TOKEN = env_str("SALON_METRICS_TOKEN")
SALON_METRICS_NETWORKS = env_list("SALON_METRICS_NETWORKS", [])
try:
    [ipaddress.ip_network(n, strict=False) for n in SALON_METRICS_NETWORKS]
except ValueError as exc:
    raise ImproperlyConfigured(f"SALON_METRICS_NETWORKS: {exc}") from exc

# Salon
SALON_INVITATION_DAYS = env_int("SALON_INVITATION_DAYS", 14)
SALON_BENCH = env_bool("SALON_BENCH")


def _video_host(value: str) -> str:
    """A Jitsi server's address (each online event gets a fresh room on it), or empty for
    none: then online events need a link of their own."""
    value = value.rstrip("/")
    if value and (urlsplit(value).scheme not in {"http", "https"} or not urlsplit(value).netloc):
        raise ImproperlyConfigured(f"SALON_VIDEO_HOST must be an https:// address: {value!r}")
    return value


SALON_VIDEO_HOST = _video_host(env_str("SALON_VIDEO_HOST", "https://meet.jit.si"))
# Rate limits ("count/period", period s, m, h or d), per person (or per address when
# signed out). Sign-in and password reset limits are allauth's (ACCOUNT_RATE_LIMITS).
SALON_RATE_API = env_str("SALON_RATE_API", "600/m")
SALON_RATE_API_ANONYMOUS = env_str("SALON_RATE_API_ANONYMOUS", "30/m")  # failed tokens, per IP
SALON_RATE_INVITATIONS = env_str("SALON_RATE_INVITATIONS", "500/h")
# Provisioning (/scim/v2/): per token; a directory's first full sync sends a burst.
SALON_RATE_SCIM = env_str("SALON_RATE_SCIM", "1200/m")
# Webhooks never call private, loopback or link-local addresses (an SSRF guard); the tests'
# local receiver is the exception.
SALON_WEBHOOKS_ALLOW_PRIVATE = env_bool("SALON_WEBHOOKS_ALLOW_PRIVATE", False)
# The @-autocomplete asks as people type: generous for typing, not for listing everyone.
SALON_RATE_MENTIONS = env_str("SALON_RATE_MENTIONS", "120/m")
SALON_RATE_POST = env_str("SALON_RATE_POST", "20/m")  # topics, replies, files; ×10 per IP
# Direct messages (each message, and each new conversation), and requests to connect.
SALON_RATE_MESSAGES = env_str("SALON_RATE_MESSAGES", "30/m")
SALON_RATE_CONNECTIONS = env_str("SALON_RATE_CONNECTIONS", "40/d")
# A direct message unread this long is emailed (as the member's preferences say).
SALON_UNREAD_MESSAGE_MINUTES = env_int("SALON_UNREAD_MESSAGE_MINUTES", 30)
