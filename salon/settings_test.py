"""Test overrides: a fast password hasher and tasks that run where they are enqueued."""

from salon.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Serve static files from the apps directly: no collectstatic needed, nothing to race on.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
