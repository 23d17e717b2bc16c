"""Views of single sign-on at allauth's own addresses, ahead of allauth's (``saml`` and
``oidc`` say why each is replaced). Their names are allauth's, prefixed ``sso_``."""

from django.urls import path

from salon.sso import oidc, saml

urlpatterns = [
    path("oidc/<str:provider_id>/login/callback/", oidc.callback, name="sso_oidc_callback"),
    path("saml/<str:organization_slug>/acs/finish/", saml.finish_acs, name="sso_saml_finish_acs"),
    path("saml/<str:organization_slug>/sls/", saml.sls, name="sso_saml_sls"),
]
