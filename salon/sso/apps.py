from django.apps import AppConfig


class SsoConfig(AppConfig):
    name = "salon.sso"
    label = "sso"
    verbose_name = "Single sign-on"

    def ready(self) -> None:
        from django.conf import settings
        from onelogin.saml2.constants import OneLogin_Saml2_Constants

        from salon.sso import rules, signals  # noqa: F401

        # python3-saml's leeway for an assertion's NotBefore and NotOnOrAfter is this
        # class attribute (its documented setting, 300 s by default); ours is the same for
        # both protocols (settings.SSO_CLOCK_SKEW_SECONDS, docs/sso.md).
        OneLogin_Saml2_Constants.ALLOWED_CLOCK_DRIFT = settings.SSO_CLOCK_SKEW_SECONDS
