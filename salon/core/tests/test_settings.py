from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from salon.settings import _email_settings


def test_smtp_urls_become_smtp_settings() -> None:
    settings = _email_settings("smtp+tls://mailer:p%40ss@mail.example.com:2587")

    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert settings["EMAIL_HOST"] == "mail.example.com"
    assert settings["EMAIL_PORT"] == 2587
    assert settings["EMAIL_HOST_USER"] == "mailer"
    assert settings["EMAIL_HOST_PASSWORD"] == "p@ss"
    assert settings["EMAIL_USE_TLS"] is True


def test_file_and_console_urls() -> None:
    assert _email_settings("file:///tmp/mail")["EMAIL_FILE_PATH"] == "/tmp/mail"
    assert "console" in str(_email_settings("console://")["EMAIL_BACKEND"])


def test_an_unknown_scheme_is_a_clear_configuration_error() -> None:
    with pytest.raises(ImproperlyConfigured, match="unknown scheme"):
        _email_settings("pigeon://coop")
