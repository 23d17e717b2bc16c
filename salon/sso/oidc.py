"""OpenID Connect through allauth's ``openid_connect`` provider, with two additions:

- the ID token is accepted within ``SSO_CLOCK_SKEW_SECONDS`` of our clock (allauth allows
  no leeway at all, so a provider whose clock runs a second ahead would fail everyone), by
  a callback view at allauth's own address;
- RP-initiated logout: the provider's ``end_session_endpoint``, when it offers one.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import jwt
import requests
from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse

from salon.sso.single_logout import LOGOUT_FACTS

OIDC = "openid_connect"


class SkewTolerantAdapter(OpenIDConnectOAuth2Adapter):
    def complete_login(self, request: HttpRequest, app: Any, token: Any, **kwargs: Any) -> Any:
        # The hint a logout request gives the provider (single_logout.remember_sign_in).
        setattr(request, LOGOUT_FACTS, {"id_token": kwargs["response"].get("id_token") or ""})
        return super().complete_login(request, app, token, **kwargs)

    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict[str, Any]:
        # As allauth's: the signature is checked unless the token came straight from the
        # token endpoint over TLS (OpenID Connect Core 3.1.3.7); plus the leeway.
        verify_signature = not self.did_fetch_access_token
        key: Any = ""
        algorithms = None
        if verify_signature:
            alg, key = jwtkit.fetch_key(
                id_token, self.openid_config["jwks_uri"], jwtkit.lookup_kid_jwk
            )
            algorithms = [alg]
        try:
            data: dict[str, Any] = jwt.decode(
                id_token,
                key=key,
                algorithms=algorithms,
                options={
                    "verify_signature": verify_signature,
                    "verify_iss": True,
                    "verify_aud": True,
                    "verify_exp": True,
                    "verify_iat": True,
                    "verify_nbf": True,
                },
                issuer=self.openid_config["issuer"],
                audience=app.client_id,
                leeway=settings.SSO_CLOCK_SKEW_SECONDS,
            )
        except jwt.PyJWTError as e:
            raise OAuth2Error(f"Invalid id_token: {e}") from e
        jwtkit.verify_jti(data)
        return data


@login_not_required
def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        view = OAuth2CallbackView.adapter_view(SkewTolerantAdapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None


def _end_session_endpoint(issuer: str) -> str:
    """The provider's ``end_session_endpoint`` ("" when it has none), read from its
    discovery document and kept for an hour."""
    key = f"sso.oidc.end_session.{issuer}"
    endpoint = cache.get(key)
    if endpoint is None:
        try:
            with get_adapter().get_requests_session() as session:
                response = session.get(f"{issuer.rstrip('/')}/.well-known/openid-configuration")
                response.raise_for_status()
                endpoint = str(response.json().get("end_session_endpoint") or "")
        except (requests.RequestException, ValueError):
            return ""  # not cached: the next sign-out asks again
        cache.set(key, endpoint, 60 * 60)
    return str(endpoint)


def logout_url(request: HttpRequest, signed_in: dict[str, Any], provider: Any) -> str | None:
    endpoint = _end_session_endpoint(provider.issuer)
    if not endpoint:
        return None
    params = {
        "client_id": provider.client_id,
        "post_logout_redirect_uri": request.build_absolute_uri("/"),
    }
    if signed_in.get("id_token"):
        params["id_token_hint"] = signed_in["id_token"]
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}{urlencode(params)}"
