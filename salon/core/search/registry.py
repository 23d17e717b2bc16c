"""What apps register: sources (what to index) and audiences (who may see a document).

See docs/search.md for the walk-through. In short, an app's ``search.py`` (imported from
its ``AppConfig.ready``) calls::

    register(Source(kind="circle", label=_("Circle"), model=Circle, audience="circle",
                    document=circle_document))

and from then on every save of a ``Circle`` writes its document, every delete removes it,
and ``manage.py reindex`` rebuilds them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.functional import Promise

from salon.core.models import SearchDocument
from salon.core.search.text import index_text

TITLE_LENGTH = 300
BODY_LENGTH = 20_000
URL_LENGTH = 500
MAX_TAGS = 50
BATCH_SIZE = 1000


@dataclass(frozen=True)
class Document:
    """What a source says about one object: its text, where it lives and its address."""

    community_id: int
    title: str
    url: str
    body: str = ""
    tags: Sequence[str] = ()
    circle_id: int | None = None


@dataclass(frozen=True)
class Audience:
    """Who may see documents with this audience, in SQL, mirroring one rule of the policy.

    ``visible(user)`` is a filter on ``SearchDocument`` (it may return ``Q(pk__in=[])``
    for nobody); ``target(document)`` is the object that ``can(user, action, target)`` is
    asked about. Tests check that the two agree for every hit.
    """

    name: str
    action: str
    visible: Callable[[Any], Q]
    target: Callable[[SearchDocument], Any]


@dataclass(frozen=True)
class Dependency:
    """Another model whose changes change documents: when one of its objects is saved, the
    source's ``objects(instance)`` are indexed again. ``fields``: only when a save touches
    one of these (a save with ``update_fields`` that names none of them is skipped)."""

    model: type[models.Model]
    objects: Callable[[Any], Iterable[models.Model]]
    fields: frozenset[str] | None = None


@dataclass(frozen=True)
class Source:
    """One kind of searchable object.

    ``document(obj)`` returns the ``Document`` for an object, or None when it should not be
    found at all (a deactivated person). ``queryset()`` lists every object for ``manage.py
    reindex``; give it the ``select_related`` that ``document`` needs.
    """

    kind: str
    label: str | Promise
    model: type[models.Model]
    audience: str
    document: Callable[[Any], Document | None]
    queryset: Callable[[], models.QuerySet[Any]] | None = None
    depends_on: tuple[Dependency, ...] = field(default=())

    def all_objects(self) -> models.QuerySet[Any]:
        if self.queryset is not None:
            return self.queryset()
        return self.model._default_manager.all()


_SOURCES: dict[str, Source] = {}
_AUDIENCES: dict[str, Audience] = {}


def register_audience(audience: Audience) -> Audience:
    if audience.name in _AUDIENCES:
        raise ValueError(f"A search audience {audience.name!r} is already registered.")
    _AUDIENCES[audience.name] = audience
    return audience


def register(source: Source) -> Source:
    """Index ``source.model`` from now on: on every save and delete, and on reindex."""
    if source.kind in _SOURCES:
        raise ValueError(f"A search source {source.kind!r} is already registered.")
    if len(source.kind) > 40:
        raise ValueError("A search kind has at most 40 characters.")
    _SOURCES[source.kind] = source
    uid = f"salon.search.{source.kind}"

    def saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
        if not raw:
            index(instance, kind=source.kind)

    def deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
        unindex(instance, kind=source.kind)

    post_save.connect(saved, sender=source.model, weak=False, dispatch_uid=uid)
    post_delete.connect(deleted, sender=source.model, weak=False, dispatch_uid=uid)
    for n, dependency in enumerate(source.depends_on):
        post_save.connect(
            _dependency_receiver(source, dependency),
            sender=dependency.model,
            weak=False,
            dispatch_uid=f"{uid}.{n}",
        )
    return source


def _dependency_receiver(source: Source, dependency: Dependency) -> Callable[..., None]:
    def changed(
        sender: Any, instance: Any, raw: bool = False, update_fields: Any = None, **kw: Any
    ) -> None:
        if raw:
            return
        watched = dependency.fields
        if update_fields is not None and watched is not None and not watched & update_fields:
            return
        for obj in dependency.objects(instance):
            index(obj, kind=source.kind)

    return changed


def sources() -> list[Source]:
    return list(_SOURCES.values())


def source(kind: str) -> Source | None:
    return _SOURCES.get(kind)


def audiences() -> list[Audience]:
    return list(_AUDIENCES.values())


def audience(name: str) -> Audience:
    return _AUDIENCES[name]


def kind_choices() -> list[tuple[str, str | Promise]]:
    return [(s.kind, s.label) for s in _SOURCES.values()]


# Writes ----------------------------------------------------------------------------------


def _fields(source: Source, document: Document) -> dict[str, Any]:
    tags = [str(t) for t in document.tags][:MAX_TAGS]
    return {
        "audience": source.audience,
        "community_id": document.community_id,
        "circle_id": document.circle_id,
        "title": document.title[:TITLE_LENGTH],
        "body": document.body[:BODY_LENGTH],
        "tags": tags,
        "url": document.url[:URL_LENGTH],
        "search_title": index_text(document.title[:TITLE_LENGTH]),
        "search_tags": index_text(" ".join(tags)),
        "search_body": index_text(document.body[:BODY_LENGTH]),
    }


def _sources_for(instance: Any, kind: str | None) -> list[Source]:
    if kind is not None:
        return [_SOURCES[kind]]
    return [s for s in _SOURCES.values() if isinstance(instance, s.model)]


def index(instance: Any, *, kind: str | None = None) -> None:
    """Write (or remove) the documents of one object now, in the current transaction.

    Saves and deletes do this by themselves; call it after changes that send no signals
    (``QuerySet.update``).
    """
    for src in _sources_for(instance, kind):
        document = src.document(instance)
        if document is None:
            SearchDocument.objects.filter(kind=src.kind, object_id=instance.pk).delete()
            continue
        fields = _fields(src, document)
        # An edit is one UPDATE; only a new object needs the INSERT as well.
        updated = SearchDocument.objects.filter(kind=src.kind, object_id=instance.pk).update(
            updated_at=timezone.now(), **fields
        )
        if not updated:
            SearchDocument.objects.create(kind=src.kind, object_id=instance.pk, **fields)


def unindex(instance: Any, *, kind: str | None = None) -> None:
    for src in _sources_for(instance, kind):
        SearchDocument.objects.filter(kind=src.kind, object_id=instance.pk).delete()


def reindex(kinds: Iterable[str] | None = None) -> dict[str, int]:
    """Rebuild every document of these kinds (all by default); returns how many each."""
    chosen = [_SOURCES[k] for k in kinds] if kinds is not None else sources()
    counts: dict[str, int] = {}
    for src in chosen:
        with transaction.atomic():
            SearchDocument.objects.filter(kind=src.kind).delete()
            batch: list[SearchDocument] = []
            count = 0
            for obj in src.all_objects().iterator(chunk_size=BATCH_SIZE):
                document = src.document(obj)
                if document is None:
                    continue
                batch.append(
                    SearchDocument(kind=src.kind, object_id=obj.pk, **_fields(src, document))
                )
                if len(batch) >= BATCH_SIZE:
                    SearchDocument.objects.bulk_create(batch)
                    count += len(batch)
                    batch = []
            SearchDocument.objects.bulk_create(batch)
            counts[src.kind] = count + len(batch)
    return counts
