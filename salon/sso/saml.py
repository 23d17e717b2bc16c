"""SAML 2.0 through allauth's ``saml`` provider (python3-saml), configured from the
administrators' ``IdentityProvider`` rows rather than from files.

allauth's own views start the sign-in (``/accounts/saml/<slug>/login/``), take the answer
(``acs/``) and serve Salon's metadata (``metadata/``). Two of its views are replaced here,
at the same addresses, because they build python3-saml's settings themselves and those
settings must carry what allauth's do not: both certificates of a rollover. They are
``acs/finish/`` (checks the assertion and signs the person in) and ``sls/`` (single logout).
"""

from __future__ import annotations

import binascii
from typing import Any

import requests
from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.internal.decorators import login_not_required
from allauth.core.internal import httpkit
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.helpers import complete_social_login, render_authentication_error
from allauth.socialaccount.providers.base.constants import AuthError
from allauth.socialaccount.providers.saml.provider import SAMLProvider
from allauth.socialaccount.providers.saml.utils import (
    build_saml_config,
    get_app_or_404,
    prepare_django_request,
)
from allauth.socialaccount.sessions import LoginSession
from cryptography import x509
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from onelogin.saml2.auth import OneLogin_Saml2_Auth
from onelogin.saml2.errors import OneLogin_Saml2_Error
from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser
from onelogin.saml2.utils import OneLogin_Saml2_Utils

from salon.sso.models import IdentityProvider
from salon.sso.single_logout import LOGOUT_FACTS

SAML = SAMLProvider.id

# Where identity providers usually put the email address (Entra ID, Okta, ADFS, Google,
# Shibboleth); a NameID in the emailAddress format is used when none of them is sent.
EMAIL_ATTRIBUTES = [
    "email",
    "mail",
    "emailaddress",
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
    "urn:oid:0.9.2342.19200300.100.1.3",
    "User.Email",
]


def app_settings(provider: IdentityProvider) -> dict[str, Any]:
    """allauth's ``SocialApp.settings`` for a SAML provider."""
    return {
        "idp": {
            "entity_id": provider.saml_entity_id,
            "sso_url": provider.saml_sso_url,
            "slo_url": provider.saml_slo_url if provider.single_logout else "",
            "x509cert": provider.saml_certificate,
        },
        "signing_certificates": [
            cert for cert in (provider.saml_certificate, provider.saml_next_certificate) if cert
        ],
        # The provider vouches for the addresses of its own domains, and only those.
        "verified_email": provider.domain_list,
        "email_authentication": True,
        "attribute_mapping": {
            "uid": ["urn:oasis:names:tc:SAML:attribute:subject-id"],
            "email": EMAIL_ATTRIBUTES,
        },
        "advanced": {
            "strict": True,
            # The assertion itself must be signed, whatever else is: a signed response
            # around an unsigned assertion is how signature-wrapping attacks begin.
            "want_assertion_signed": True,
            "reject_idp_initiated_sso": True,
            # Intranet identity providers (an ADFS at https://adfs/) have one-label names.
            "allow_single_label_domains": True,
        },
    }


def build_auth(request: HttpRequest, provider: Any) -> OneLogin_Saml2_Auth:
    """python3-saml for this request, trusting every signing certificate of the provider
    (the current one and, during a rollover, the next)."""
    config = build_saml_config(request, provider.app.settings, provider.app.client_id)
    certificates = provider.app.settings.get("signing_certificates") or []
    if len(certificates) > 1:
        config["idp"]["x509certMulti"] = {"signing": certificates}
    return OneLogin_Saml2_Auth(prepare_django_request(request), config)


def _provider(request: HttpRequest, slug: str) -> Any:
    return get_app_or_404(request, slug).get_provider(request)


@csrf_exempt  # the identity provider's answer comes from its own pages
@login_not_required
def finish_acs(request: HttpRequest, organization_slug: str) -> HttpResponse:
    """Check the answer allauth's ``acs/`` kept (signature, audience, destination, time,
    the request it answers) and sign the person in; anything wrong goes to the error page
    and the audit log (``SocialAccountAdapter.on_authentication_error``)."""
    provider = _provider(request, organization_slug)
    acs_session = LoginSession(request, "saml_acs_session", "saml-acs-session")
    kept = acs_session.store.get("request")
    acs_session.delete()
    if not kept:
        return render_authentication_error(
            request, provider, extra_context={"saml_last_error_reason": "No SAML answer kept"}
        )
    acs_request = httpkit.deserialize_request(kept, HttpRequest())
    auth = build_auth(acs_request, provider)
    reason = ""
    try:
        # That it answers a request of ours is checked below, from the stashed state.
        auth.process_response(request_id=None)
        errors = auth.get_errors()
    except binascii.Error:
        errors, reason = ["invalid_response"], "Invalid response"
    except OneLogin_Saml2_Error as e:
        errors, reason = ["error"], str(e)
    if errors:
        return render_authentication_error(
            request,
            provider,
            extra_context={
                "saml_errors": errors,
                "saml_last_error_reason": auth.get_last_error_reason() or reason,
            },
        )
    if not auth.is_authenticated():
        return render_authentication_error(request, provider, error=AuthError.CANCELLED)
    state_id = auth.get_last_response_in_response_to()
    if not state_id:
        return render_authentication_error(
            request,
            provider,
            extra_context={"saml_last_error_reason": "Sign-in started at the identity provider"},
        )
    login = provider.sociallogin_from_response(request, auth)
    login.state = provider.unstash_redirect_state(request, state_id)
    # What a logout request must name (single_logout.remember_sign_in keeps it).
    setattr(
        request,
        LOGOUT_FACTS,
        {
            "name_id": auth.get_nameid(),
            "name_id_format": auth.get_nameid_format(),
            "name_id_nq": auth.get_nameid_nq(),
            "name_id_spnq": auth.get_nameid_spnq(),
            "session_index": auth.get_session_index(),
        },
    )
    return complete_social_login(request, login)


@csrf_exempt
@login_not_required
def sls(request: HttpRequest, organization_slug: str) -> HttpResponse:
    """Single logout: the identity provider's answer to our logout request, or its own
    request to end the person's session here."""
    provider = _provider(request, organization_slug)
    auth = build_auth(request, provider)
    account_adapter = get_account_adapter(request)
    redirect_to = None
    reason = ""
    try:
        redirect_to = auth.process_slo(
            delete_session_cb=lambda: account_adapter.logout(request),
            keep_local_session=not request.user.is_authenticated,
        )
        errors = auth.get_errors()
    except OneLogin_Saml2_Error as e:
        errors, reason = ["error"], str(e)
    if errors:
        return render_authentication_error(
            request,
            provider,
            extra_context={
                "saml_errors": errors,
                "saml_last_error_reason": auth.get_last_error_reason() or reason,
            },
        )
    return HttpResponseRedirect(redirect_to or account_adapter.get_logout_redirect_url(request))


def logout_url(request: HttpRequest, signed_in: dict[str, Any]) -> str | None:
    """The identity provider's single logout address with our logout request, or None."""
    app = get_adapter().get_app(request, provider=SAML, client_id=signed_in["provider"])
    if not app.settings["idp"].get("slo_url"):
        return None
    auth = build_auth(request, app.get_provider(request))
    return str(
        auth.logout(
            return_to=request.build_absolute_uri("/"),
            name_id=signed_in.get("name_id"),
            session_index=signed_in.get("session_index"),
            name_id_format=signed_in.get("name_id_format"),
            nq=signed_in.get("name_id_nq"),
            spnq=signed_in.get("name_id_spnq"),
        )
    )


# What the administrators' page does with metadata.


class MetadataError(ValueError):
    pass


def read_metadata(*, url: str = "", xml: str = "") -> dict[str, str]:
    """The entity ID, sign-in and sign-out addresses and signing certificates in an
    identity provider's metadata (fetched from ``url``, or as pasted)."""
    if url:
        try:
            response = requests.get(url, timeout=settings.SOCIALACCOUNT_REQUESTS_TIMEOUT)
            response.raise_for_status()
        except requests.RequestException as e:
            raise MetadataError(
                _("Salon could not read the metadata at this address: %(error)s")
                % {"error": type(e).__name__}
            ) from e
        xml = response.text
    try:
        idp = OneLogin_Saml2_IdPMetadataParser.parse(xml)["idp"]
    except Exception as e:  # lxml, or the parser's own errors: all mean the same to a person
        raise MetadataError(_("This is not SAML metadata of an identity provider.")) from e
    signing = idp.get("x509certMulti", {}).get("signing") or [idp.get("x509cert", "")]
    signing = [cert for cert in signing if cert]
    sso = idp.get("singleSignOnService", {}).get("url", "")
    if not (idp.get("entityId") and sso and signing):
        raise MetadataError(
            _("The metadata has no entity ID, sign-in address or signing certificate.")
        )
    return {
        "saml_entity_id": idp["entityId"],
        "saml_sso_url": sso,
        "saml_slo_url": idp.get("singleLogoutService", {}).get("url", ""),
        "saml_certificate": signing[0],
        "saml_next_certificate": signing[1] if len(signing) > 1 else "",
    }


def certificate_error(text: str) -> str | None:
    """Why ``text`` is not an X.509 certificate (PEM or its base64 body), or None."""
    pem = OneLogin_Saml2_Utils.format_cert(text.strip())
    try:
        x509.load_pem_x509_certificate(pem.encode())
    except ValueError:
        return _("This is not an X.509 certificate (paste it in PEM or base64).")
    return None
