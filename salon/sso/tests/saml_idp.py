"""A real SAML 2.0 identity provider for the tests: it reads Salon's AuthnRequest from the
redirect Salon sends the browser, and answers with a Response whose Assertion it signs with
its own key through xmlsec (python3-saml's IdP-side signing), exactly as Entra ID or Okta
would post it back. It has three keys: its current one, the next one (a certificate
rollover), and one Salon was never told about. Its clock can run ahead of ours.

It also serves its metadata on loopback over HTTP, for the "metadata URL" set-up, and its
sign-in page, for the browser journey (``serving_idp``)."""

from __future__ import annotations

import base64
import datetime as dt
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape, quoteattr

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from lxml import etree
from onelogin.saml2.constants import OneLogin_Saml2_Constants as C
from onelogin.saml2.utils import OneLogin_Saml2_Utils

ENTITY_ID = "https://idp.corp.test/saml"
SSO_URL = "https://idp.corp.test/saml/sso"
SLO_URL = "https://idp.corp.test/saml/slo"
NS = {"samlp": C.NS_SAMLP, "saml": C.NS_SAML}


def _key_pair(name: str) -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return key_pem, cert.public_bytes(serialization.Encoding.PEM).decode()


def _instant(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _body(pem: str) -> str:
    return "".join(line for line in pem.splitlines() if "-----" not in line)


class SamlIdp:
    def __init__(self) -> None:
        self.keys = {name: _key_pair(f"Corp IdP {name}") for name in ("current", "next", "wrong")}
        self.metadata_url = ""

    def certificate(self, name: str) -> str:
        return self.keys[name][1]

    def metadata(self, *signing: str) -> str:
        """Its metadata, announcing the signing certificates named (current, next…)."""
        descriptors = "".join(
            f'<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>'
            f"{_body(self.certificate(name))}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>"
            f"</md:KeyDescriptor>"
            for name in signing or ("current",)
        )
        return (
            '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
            f'xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="{ENTITY_ID}">'
            f'<md:IDPSSODescriptor protocolSupportEnumeration="{C.NS_SAMLP}">'
            f"{descriptors}"
            f'<md:SingleLogoutService Binding="{C.BINDING_HTTP_REDIRECT}" Location="{SLO_URL}"/>'
            f'<md:SingleSignOnService Binding="{C.BINDING_HTTP_REDIRECT}" Location="{SSO_URL}"/>'
            "</md:IDPSSODescriptor></md:EntityDescriptor>"
        )

    @staticmethod
    def read_request(redirect: str, parameter: str = "SAMLRequest") -> etree._Element:
        """The request Salon sent in a redirect to the provider (HTTP-Redirect binding)."""
        encoded = parse_qs(urlsplit(redirect).query)[parameter][0]
        return etree.fromstring(OneLogin_Saml2_Utils.decode_base64_and_inflate(encoded))

    def answer(
        self,
        redirect: str,
        *,
        email: str,
        attributes: dict[str, str],
        key: str = "current",
        clock_ahead: dt.timedelta = dt.timedelta(0),
        tamper: bool = False,
    ) -> str:
        """The person signed in on the provider's page: the base64 SAMLResponse it posts to
        Salon, answering the AuthnRequest in ``redirect``."""
        request = self.read_request(redirect)
        request_id = request.get("ID")
        acs = request.get("AssertionConsumerServiceURL")
        audience = request.findtext("saml:Issuer", namespaces=NS)
        now = dt.datetime.now(dt.UTC) + clock_ahead
        later = _instant(now + dt.timedelta(minutes=5))
        values = "".join(
            f"<saml:Attribute Name={quoteattr(name)}>"
            f'<saml:AttributeValue xsi:type="xs:string">{escape(value)}</saml:AttributeValue>'
            "</saml:Attribute>"
            for name, value in attributes.items()
        )
        assertion = (
            f'<saml:Assertion xmlns:saml="{C.NS_SAML}" xmlns:xs="{C.NS_XS}" xmlns:xsi="{C.NS_XSI}"'
            f' ID="_a{secrets.token_hex(16)}" Version="2.0" IssueInstant="{_instant(now)}">'
            f"<saml:Issuer>{ENTITY_ID}</saml:Issuer>"
            f'<saml:Subject><saml:NameID Format="{C.NAMEID_EMAIL_ADDRESS}">{escape(email)}'
            f'</saml:NameID><saml:SubjectConfirmation Method="{C.CM_BEARER}">'
            f'<saml:SubjectConfirmationData NotOnOrAfter="{later}" Recipient="{acs}"'
            f' InResponseTo="{request_id}"/></saml:SubjectConfirmation></saml:Subject>'
            f'<saml:Conditions NotBefore="{_instant(now)}" NotOnOrAfter="{later}">'
            f"<saml:AudienceRestriction><saml:Audience>{audience}</saml:Audience>"
            "</saml:AudienceRestriction></saml:Conditions>"
            f'<saml:AuthnStatement AuthnInstant="{_instant(now)}"'
            f' SessionIndex="_s{secrets.token_hex(8)}"><saml:AuthnContext>'
            f"<saml:AuthnContextClassRef>{C.AC_PASSWORD_PROTECTED}</saml:AuthnContextClassRef>"
            "</saml:AuthnContext></saml:AuthnStatement>"
            f"<saml:AttributeStatement>{values}</saml:AttributeStatement>"
            "</saml:Assertion>"
        )
        key_pem, cert_pem = self.keys[key]
        signed = OneLogin_Saml2_Utils.add_sign(
            assertion,
            key_pem,
            cert_pem,
            sign_algorithm=C.RSA_SHA256,
            digest_algorithm=C.SHA256,
        ).decode()
        if signed.startswith("<?xml"):
            signed = signed.split("?>", 1)[1]
        if tamper:  # someone changes the signed assertion on its way
            signed = signed.replace(escape(email), "mallory@corp.test")
        response = (
            f'<samlp:Response xmlns:samlp="{C.NS_SAMLP}" xmlns:saml="{C.NS_SAML}"'
            f' ID="_r{secrets.token_hex(16)}" Version="2.0" IssueInstant="{_instant(now)}"'
            f' Destination="{acs}" InResponseTo="{request_id}">'
            f"<saml:Issuer>{ENTITY_ID}</saml:Issuer>"
            f'<samlp:Status><samlp:StatusCode Value="{C.STATUS_SUCCESS}"/></samlp:Status>'
            f"{signed}</samlp:Response>"
        )
        return base64.b64encode(response.encode()).decode()

    def logout_message(
        self, destination: str, *, name_id: str = "", in_response_to: str = ""
    ) -> str:
        """Its single logout message on the HTTP-Redirect binding (deflated, base64): a
        LogoutRequest for ``name_id``, or the LogoutResponse to ``in_response_to``."""
        now = _instant(dt.datetime.now(dt.UTC))
        common = (
            f'xmlns:samlp="{C.NS_SAMLP}" xmlns:saml="{C.NS_SAML}" ID="_l{secrets.token_hex(16)}"'
            f' Version="2.0" IssueInstant="{now}" Destination="{destination}"'
        )
        if name_id:
            xml = (
                f"<samlp:LogoutRequest {common}><saml:Issuer>{ENTITY_ID}</saml:Issuer>"
                f'<saml:NameID Format="{C.NAMEID_EMAIL_ADDRESS}">{escape(name_id)}</saml:NameID>'
                "</samlp:LogoutRequest>"
            )
        else:
            xml = (
                f'<samlp:LogoutResponse {common} InResponseTo="{in_response_to}">'
                f"<saml:Issuer>{ENTITY_ID}</saml:Issuer><samlp:Status>"
                f'<samlp:StatusCode Value="{C.STATUS_SUCCESS}"/></samlp:Status>'
                "</samlp:LogoutResponse>"
            )
        return str(OneLogin_Saml2_Utils.deflate_and_base64_encode(xml))


@contextmanager
def serving_metadata(idp: SamlIdp, *signing: str) -> Iterator[str]:
    """The provider's metadata at a loopback URL, while the block runs."""
    body = idp.metadata(*signing).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/samlmetadata+xml")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/federationmetadata.xml"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serving_idp(idp: SamlIdp, person: dict[str, str]) -> Iterator[str]:
    """The provider's sign-in page on loopback (its SSO URL is yielded): it shows who is
    signing in, and its button posts the signed answer to Salon, as Entra ID's does."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            redirect = f"http://{self.headers['Host']}{self.path}"
            acs = idp.read_request(redirect).get("AssertionConsumerServiceURL")
            answer = idp.answer(redirect, email=next(iter(person.values())), attributes=person)
            page = (
                '<!doctype html><html lang="en"><head><title>Corp sign-in</title></head><body>'
                f'<main><h1>Corp</h1><form method="post" action={quoteattr(str(acs))}>'
                f'<input type="hidden" name="SAMLResponse" value="{answer}">'
                '<button type="submit">Sign in to Salon</button></form></main></body></html>'
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sso"
    finally:
        server.shutdown()
        server.server_close()
