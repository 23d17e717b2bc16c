"""The SCIM protocol over Salon's storage: scim2-server's service and handler, with the
discovery documents Salon announces (ServiceProviderConfig, Schemas, ResourceTypes)."""

from __future__ import annotations

from functools import cache
from typing import Any

from scim2_models import (
    AuthenticationScheme,
    Bulk,
    ChangePassword,
    ETag,
    External,
    Filter,
    Patch,
    Reference,
    ScimProvider,
    ServiceProviderConfig,
    Sort,
)
from scim2_server.handler import ScimHandler
from scim2_server.service import ScimService
from scim2_server.utils import load_default_resource_types, load_default_schemas

from salon.scim.storage import SalonStorage

MAX_RESULTS = 200

BEARER = AuthenticationScheme(
    type=AuthenticationScheme.Type.oauthbearertoken,
    name="Bearer token",
    description="A provisioning token made in Salon (Organisation → Provisioning) or by "
    "`manage.py scim_token`.",
    spec_uri=Reference[External]("https://datatracker.ietf.org/doc/html/rfc6750"),
    primary=True,
)


def _config() -> ServiceProviderConfig:
    return ServiceProviderConfig(
        patch=Patch(supported=True),
        bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
        filter=Filter(supported=True, max_results=MAX_RESULTS),
        change_password=ChangePassword(supported=False),
        sort=Sort(supported=True),
        etag=ETag(supported=True),
        authentication_schemes=[BEARER],
    )


@cache
def handler() -> ScimHandler:
    provider = ScimProvider.from_discovery(
        load_default_schemas().values(),
        load_default_resource_types().values(),
        config=_config(),
    )
    service = ScimService(provider)
    return ScimHandler(service, SalonStorage(service.get_model))


def service() -> Any:
    return handler().service
