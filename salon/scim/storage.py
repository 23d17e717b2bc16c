"""Salon's people and groups as SCIM resources, for scim2-server's protocol handling.

scim2-server validates requests, applies PATCH and PUT, checks ETags and writes responses;
this storage reads and writes Salon's tables. A resource is the document the directory
wrote, with Salon's own values laid over it where someone changed them in Salon (a name,
a title, being switched off), so the directory reads back what it wrote unless Salon knows
better. A resource's version (ETag) is a digest of what it reads as.
"""

from __future__ import annotations

import copy
import hashlib
import json
import uuid
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, Union

from django.db import transaction
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Coalesce
from scim2_models import (
    InvalidValueException,
    NotFoundException,
    PreconditionFailedException,
    Resource,
    ResourceType,
    ResponseParameters,
    ScimFilter,
    SearchRequest,
    UniquenessException,
)
from scim2_server.storage import ScimStorage, SearchPage
from scim2_server.utils import parametrize

from salon.accounts.models import User
from salon.scim import services
from salon.scim.filters import GROUP_FIELDS, USER_FIELDS, Unmapped, order_by, to_q
from salon.scim.models import ScimGroup, ScimUser

USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
PLACEHOLDER_DOMAIN = "provisioned.invalid"
ZONES = frozenset(zoneinfo.available_timezones())


def _version(document: dict[str, Any]) -> str:
    digest = hashlib.sha256(json.dumps(document, sort_keys=True, default=str).encode())
    return f'W/"{digest.hexdigest()[:20]}"'


def _meta(resource_type: str, created: datetime, modified: datetime, doc: dict[str, Any]) -> None:
    doc["meta"] = {
        "resourceType": resource_type,
        "created": created.isoformat(),
        "lastModified": max(created, modified).isoformat(),
        "version": _version(doc),
    }


# People -----------------------------------------------------------------------------------


def _primary_email(doc: dict[str, Any]) -> str | None:
    emails = [e for e in doc.get("emails") or [] if isinstance(e, dict) and e.get("value")]
    primary = [e for e in emails if e.get("primary")]
    if primary or emails:
        return str((primary or emails)[0]["value"]).strip().lower()
    user_name = str(doc.get("userName") or "")
    return user_name.lower() if "@" in user_name else None


def _full_name(doc: dict[str, Any]) -> str:
    name = doc.get("name") or {}
    formatted = str(name.get("formatted") or "").strip()
    parts = " ".join(
        str(name.get(k) or "").strip() for k in ("givenName", "familyName") if name.get(k)
    )
    return (formatted or parts or str(doc.get("displayName") or "") or str(doc["userName"]))[:150]


def _manager_id(doc: dict[str, Any]) -> int | None:
    value = str(((doc.get(ENTERPRISE) or {}).get("manager") or {}).get("value") or "")
    return int(value) if value.isdigit() else None


def person_of(doc: dict[str, Any], *, email: str | None = None) -> services.Person:
    """What Salon keeps of a user document (``email`` when the document has none)."""
    enterprise = doc.get(ENTERPRISE) or {}
    document = {k: v for k, v in doc.items() if k not in ("id", "meta", "password", "groups")}
    return services.Person(
        user_name=str(doc["userName"]),
        external_id=str(doc.get("externalId") or ""),
        email=_primary_email(doc) or email or f"user-{uuid.uuid4().hex}@{PLACEHOLDER_DOMAIN}",
        name=_full_name(doc),
        title=str(doc.get("title") or "")[:150],
        is_active=doc.get("active") is not False,
        organisation=str(enterprise.get("organization") or "")[:150],
        organisation_unit=str(enterprise.get("department") or "")[:150],
        manager_id=_manager_id(doc),
        timezone=zone if (zone := str(doc.get("timezone") or "")) in ZONES else "",
        document=document,
    )


def user_document(user: User) -> dict[str, Any]:
    """The user as the directory reads them: their document, with Salon's values over it
    where they differ from what the document says."""
    scim: ScimUser | None = getattr(user, "scim", None)
    doc = copy.deepcopy(scim.document) if scim is not None else {}
    doc["userName"] = scim.user_name if scim is not None else user.email
    if scim is not None and scim.external_id:
        doc["externalId"] = scim.external_id
    else:
        doc.pop("externalId", None)
    said = person_of(doc, email=user.email)
    if said.email != user.email and not user.email.endswith("@" + PLACEHOLDER_DOMAIN):
        others = [e for e in doc.get("emails") or [] if e.get("value", "").lower() != user.email]
        doc["emails"] = [{"value": user.email, "type": "work", "primary": True}] + [
            {**e, "primary": False} for e in others
        ]
    if said.name != user.name:
        doc["displayName"] = user.name
        doc.setdefault("name", {})["formatted"] = user.name
    if said.title != user.title:
        if user.title:
            doc["title"] = user.title
        else:
            doc.pop("title", None)
    if said.timezone and said.timezone != user.timezone:
        doc["timezone"] = user.timezone
    if "active" in doc or not user.is_active:
        doc["active"] = user.is_active
    enterprise = dict(doc.get(ENTERPRISE) or {})
    for key, value in (
        ("organization", user.organisation),
        ("department", user.organisation_unit),
    ):
        if str(enterprise.get(key) or "") != value:
            if value:
                enterprise[key] = value
            else:
                enterprise.pop(key, None)
    if said.manager_id != user.manager_id:
        if user.manager_id:
            enterprise["manager"] = {"value": str(user.manager_id)}
        else:
            enterprise.pop("manager", None)
    schemas = [USER_SCHEMA]
    if enterprise:
        doc[ENTERPRISE] = enterprise
        schemas.append(ENTERPRISE)
    else:
        doc.pop(ENTERPRISE, None)
    doc["schemas"] = schemas
    doc["id"] = str(user.pk)
    groups = [
        {"value": g.scim_id.hex, "$ref": f"Groups/{g.scim_id.hex}", "display": g.display_name}
        for g in user.scim_groups.all()
    ]
    if groups:
        doc["groups"] = groups
    else:
        doc.pop("groups", None)
    created = scim.created_at if scim is not None else user.date_joined
    _meta("User", user.date_joined, scim.updated_at if scim is not None else created, doc)
    return doc


def users() -> QuerySet[User]:
    """The people the directory sees: everyone but those it deleted."""
    return (
        User.objects.filter(Q(scim__isnull=True) | Q(scim__deleted_at__isnull=True))
        .select_related("scim")
        .prefetch_related("scim_groups")
        .annotate(scim_user_name=Coalesce("scim__user_name", "email", output_field=CharField()))
    )


# Groups -----------------------------------------------------------------------------------


def team_of(doc: dict[str, Any]) -> services.Team:
    members: dict[int, dict[str, Any]] = {}
    for entry in doc.get("members") or []:
        value = str(entry.get("value") or "")
        if not value.isdigit():
            raise InvalidValueException(detail=f"No user has the id {value!r}.")
        members[int(value)] = {k: v for k, v in entry.items() if k != "$ref"}
    unknown = services.unknown_members(members)
    if unknown:
        raise InvalidValueException(detail=f"No user has the id {min(unknown)}.")
    document = {k: v for k, v in doc.items() if k not in ("id", "meta", "members")}
    return services.Team(
        display_name=str(doc.get("displayName") or "")[:254],
        external_id=str(doc.get("externalId") or ""),
        members=members,
        document=document,
    )


def group_document(group: ScimGroup) -> dict[str, Any]:
    doc = copy.deepcopy(group.document)
    doc["schemas"] = [GROUP_SCHEMA]
    doc["id"] = group.scim_id.hex
    doc["displayName"] = group.display_name
    if group.external_id:
        doc["externalId"] = group.external_id
    members = [
        {**m.entry, "value": str(m.user_id), "$ref": f"Users/{m.user_id}"}
        for m in sorted(group.memberships.all(), key=lambda m: m.pk)
    ]
    if members:
        doc["members"] = members
    else:
        doc.pop("members", None)
    _meta("Group", group.created_at, group.updated_at, doc)
    return doc


def groups() -> QuerySet[ScimGroup]:
    return ScimGroup.objects.prefetch_related("memberships")


def _group_id(resource_id: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(resource_id)
    except ValueError:
        return None


# The storage ------------------------------------------------------------------------------


class SalonStorage(ScimStorage):
    def __init__(self, model_for: Any) -> None:
        self.model_for = model_for

    @contextmanager
    def operation(self) -> Iterator[None]:
        with transaction.atomic():
            yield

    def _resource(self, resource_type: ResourceType, doc: dict[str, Any]) -> Resource[Any]:
        model = self.model_for(resource_type)
        return model.model_validate(doc)

    def _user(self, resource_id: str, *, lock: bool = False) -> User:
        found = None
        if resource_id.isdigit():
            query = users().filter(pk=int(resource_id))
            if lock:
                query = query.select_for_update(of=("self",))
            found = query.first()
        if found is None:
            raise NotFoundException(detail=f"User {resource_id!r} not found")
        return found

    def _group(self, resource_id: str, *, lock: bool = False) -> ScimGroup:
        scim_id = _group_id(resource_id)
        query = groups().filter(scim_id=scim_id) if scim_id else ScimGroup.objects.none()
        if lock:
            query = query.select_for_update()
        found = query.first()
        if found is None:
            raise NotFoundException(detail=f"Group {resource_id!r} not found")
        return found

    def _document(self, resource_type: ResourceType, resource_id: str, lock: bool = False) -> Any:
        if resource_type.name == "User":
            return user_document(self._user(resource_id, lock=lock))
        return group_document(self._group(resource_id, lock=lock))

    def get(
        self,
        resource_type: ResourceType,
        resource_id: str,
        *,
        response_parameters: ResponseParameters[Any] | None = None,
    ) -> Resource[Any]:
        return self._resource(resource_type, self._document(resource_type, resource_id))

    def create(self, resource_type: ResourceType, resource: Resource[Any]) -> Resource[Any]:
        doc = resource.model_dump(mode="json")
        try:
            if resource_type.name == "User":
                user = services.user_provision(person=person_of(doc))
                return self._resource(resource_type, user_document(self._user(str(user.pk))))
            group = services.group_create(team=team_of(doc))
            return self._resource(resource_type, group_document(self._group(group.scim_id.hex)))
        except services.Taken as taken:
            raise UniquenessException(detail=f"That {taken} is already taken.") from None

    def update(
        self,
        resource_type: ResourceType,
        resource: Resource[Any],
        *,
        expected_version: str | None = None,
    ) -> Resource[Any]:
        resource_id = str(resource.id)
        current = self._document(resource_type, resource_id, lock=True)
        if expected_version is not None and current["meta"]["version"] != expected_version:
            raise PreconditionFailedException
        doc = resource.model_dump(mode="json")
        try:
            if resource_type.name == "User":
                user = self._user(resource_id)
                services.user_update(user=user, person=person_of(doc, email=user.email))
            else:
                services.group_update(group=self._group(resource_id), team=team_of(doc))
        except services.Taken as taken:
            raise UniquenessException(detail=f"That {taken} is already taken.") from None
        return self.get(resource_type, resource_id)

    def delete(
        self, resource_type: ResourceType, resource_id: str, *, expected_version: str | None = None
    ) -> None:
        current = self._document(resource_type, resource_id, lock=True)
        if expected_version is not None and current["meta"]["version"] != expected_version:
            raise PreconditionFailedException
        if resource_type.name == "User":
            services.user_delete(user=self._user(resource_id))
        else:
            services.group_delete(group=self._group(resource_id))

    def search(
        self,
        resource_types: list[ResourceType],
        search_request: SearchRequest[Any],
        *,
        position: Any = None,
    ) -> SearchPage:
        if len(resource_types) != 1:
            return self._search_everything(resource_types, search_request)
        resource_type = resource_types[0]
        is_user = resource_type.name == "User"
        query: QuerySet[Any] = users() if is_user else groups()
        fields = USER_FIELDS if is_user else GROUP_FIELDS
        render = user_document if is_user else group_document
        scim_filter = search_request.filter
        try:
            if scim_filter is not None:
                query = query.filter(to_q(scim_filter.ast, fields)).distinct()
            ordering = order_by(search_request, fields)
        except Unmapped:
            return self._search_in_memory(resource_type, query, search_request)
        query = query.order_by(*ordering)
        total = query.count()
        start = search_request.start_index_0 or 0
        count = search_request.count
        if count == 0:
            return SearchPage(total, [])
        page = query[start : start + count] if count is not None else query[start:]
        return SearchPage(total, [self._resource(resource_type, render(o)) for o in page])

    def _search_in_memory(
        self, resource_type: ResourceType, query: QuerySet[Any], search_request: SearchRequest[Any]
    ) -> SearchPage:
        """A filter or an order on what Salon keeps only in the directory's documents."""
        render = user_document if resource_type.name == "User" else group_document
        found = [self._resource(resource_type, render(o)) for o in query.order_by("pk")]
        return self._page_in_memory(found, search_request)

    def _search_everything(
        self, resource_types: list[ResourceType], search_request: SearchRequest[Any]
    ) -> SearchPage:
        """A search at the root (``/.search``): every type, filtered and paged as one."""
        found: list[Resource[Any]] = []
        for resource_type in resource_types:
            if resource_type.name == "User":
                found += [self._resource(resource_type, user_document(u)) for u in users()]
            else:
                found += [self._resource(resource_type, group_document(g)) for g in groups()]
        return self._page_in_memory(found, search_request)

    def _page_in_memory(
        self, found: list[Resource[Any]], search_request: SearchRequest[Any]
    ) -> SearchPage:
        scim_filter = search_request.filter
        if scim_filter is not None and not scim_filter.models and found:
            models = tuple(dict.fromkeys(type(r) for r in found))
            scim_filter = parametrize(ScimFilter, Union[models])(str(scim_filter))  # noqa: UP007
        if scim_filter is not None:
            found = [r for r in found if scim_filter.match(r)]
        if search_request.sort_by is not None:
            descending = search_request.sort_order == SearchRequest.SortOrder.descending

            def key(resource: Resource[Any]) -> tuple[bool, Any]:
                value = search_request.sort_value(resource)
                return value is None, value if value is not None else ""

            found.sort(key=key, reverse=descending)
        start = search_request.start_index_0 or 0
        stop = None if search_request.count is None else start + search_request.count
        return SearchPage(len(found), found[start:stop])
