"""The organisation's sign-in page: IT administrators (site staff) set up the identity
provider and the rules there, in the app."""

from __future__ import annotations

from typing import Any

from conftest import client_for, make_user
from salon.accounts.models import User
from salon.core.models import AuditEvent
from salon.sso.models import IdentityProvider, SignInPolicy

FORM = {
    "name": "Corp",
    "slug": "corp",
    "protocol": "oidc",
    "issuer": "https://login.corp.test/tenant/v2.0/",
    "client_id": "salon-app",
    "client_secret": "very-secret",
    "domains": "corp.test\n@Corp-Subsidiary.test",
    "sso_only": "on",
    "is_active": "on",
    "claim_name": "name",
    "claim_title": "jobTitle",
    "claim_department": "department",
    "claim_region": "extension_region",
    "claim_manager": "manager_email",
    "claim_locale": "locale",
}


def _admin(db: Any) -> User:
    return make_user("it@acme.test", "Ian Tech", is_staff=True)


def test_an_administrator_adds_a_provider_with_its_mapping(db: Any) -> None:
    admin = _admin(db)
    client = client_for(admin)
    assert client.get("/organisation/sign-in/").status_code == 200

    response = client.post("/organisation/sign-in/providers/new/", FORM)

    assert response.status_code == 302
    provider = IdentityProvider.objects.get()
    assert provider.issuer == "https://login.corp.test/tenant/v2.0"
    assert provider.domain_list == ["corp.test", "corp-subsidiary.test"]
    assert provider.claim_map()["title"] == "jobTitle"
    assert provider.sso_only
    event = AuditEvent.objects.get(action="sso.provider.created")
    assert "very-secret" not in str(event.details)
    page = client.get(response["Location"]).content.decode()
    assert "http://testserver/accounts/oidc/corp/login/callback/" in page
    assert "very-secret" not in page


def test_saving_without_a_secret_keeps_the_saved_one(db: Any) -> None:
    admin = _admin(db)
    client = client_for(admin)
    client.post("/organisation/sign-in/providers/new/", FORM)
    provider = IdentityProvider.objects.get()

    response = client.post(
        f"/organisation/sign-in/providers/{provider.pk}/",
        {**FORM, "client_secret": "", "claim_title": "title"},
    )

    assert response.status_code == 302
    provider.refresh_from_db()
    assert (provider.client_secret, provider.claim_title) == ("very-secret", "title")
    changed = AuditEvent.objects.get(action="sso.provider.updated")
    assert changed.details["changed"] == "claim_title"


def test_a_wrong_domain_or_issuer_is_explained(db: Any) -> None:
    client = client_for(_admin(db))

    response = client.post(
        "/organisation/sign-in/providers/new/",
        {**FORM, "domains": "corp.test not a domain", "issuer": "javascript:alert(1)"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "These are not email domains: not, a, domain" in page
    assert "Enter a web address" in page
    assert not IdentityProvider.objects.exists()


def test_an_administrator_requires_two_step_sign_in(db: Any) -> None:
    admin = _admin(db)

    response = client_for(admin).post("/organisation/sign-in/rules/", {"require_mfa": "on"})

    assert response.status_code == 302
    assert SignInPolicy.objects.get().require_mfa
    assert AuditEvent.objects.filter(action="sso.policy.updated", actor=admin).exists()


def test_nobody_else_sees_or_changes_sign_in(member: User, director: User) -> None:
    for person in (member, director):
        client = client_for(person)
        assert client.get("/organisation/sign-in/").status_code == 404
        assert client.post("/organisation/sign-in/providers/new/", FORM).status_code == 404
        assert client.post("/organisation/sign-in/rules/", {"require_mfa": "on"}).status_code == 404
    assert not IdentityProvider.objects.exists()
    assert not SignInPolicy.objects.exists()


def test_the_sign_in_page_lists_providers_in_flat_queries(
    db: Any, django_assert_max_num_queries: Any
) -> None:
    admin = _admin(db)
    client = client_for(admin)
    for n in range(3):
        IdentityProvider.objects.create(
            name=f"P{n}",
            slug=f"p{n}",
            issuer="https://x.test",
            client_id="c",
            client_secret="s",
            domains=f"p{n}.test",
        )
    client.get("/organisation/sign-in/")
    # session, user, providers, policy (+ the header's own reads)
    with django_assert_max_num_queries(12) as small:
        client.get("/organisation/sign-in/")
    for n in range(3, 30):
        IdentityProvider.objects.create(
            name=f"P{n}",
            slug=f"p{n}",
            issuer="https://x.test",
            client_id="c",
            client_secret="s",
            domains=f"p{n}.test",
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/organisation/sign-in/")
