"""The whole database as one JSON file, and back: `manage.py export_all` / `import_all`.

A proof that nothing is lost (the round trip is tested with every app's data and history)
and a way to move an installation between databases (SQLite to PostgreSQL). The nightly
backup of a PostgreSQL installation is `pg_dump` (README, Deployment); this is the
portable form.

What is exported: every row of every installed model, the simple-history tables
included, models in dependency order (a row after the rows it points to) and rows by
primary key, primary keys kept. Content types and permissions are not exported: `migrate`
creates them in the target, and the rows that point to them (the admin's log, a group's
permissions) name them by natural key. Every other key is written as the primary key it
is: the importer then inserts a row without looking up what it points to (a key to a user
named by username cost one query per row, 10 s for 6,000 rows). Files of the older form,
with users named by username, still load. Sessions are not exported: a restore signs
everyone out.

Import goes into an empty database (migrated, without a single user account). What the
migrations seeded there (the role groups, default settings rows) is replaced by the
dump's rows. Rows are inserted as they were, without running `save()` logic or history
signals (Django's raw load): the history rows come from the file. Database rules that
refuse an UPDATE or DELETE still hold; an app whose rules also refuse some INSERTs (an
integrity record confirmed before its evidence is added would refuse the evidence)
declares the field on `import_staging`: the importer inserts such rows with the field at
its `loading_value` and writes the real value last, as the app's own workflow would.
Uploaded files (MEDIA_ROOT) are not in the JSON: copy that folder with the dump.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from typing import IO, Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction

from kernel.extensions import ErrorPolicy, extension_point

# Recreated by `migrate` in the target (and referred to by natural key), or not data.
NOT_EXPORTED = frozenset({"contenttypes.contenttype", "auth.permission", "sessions.session"})


@dataclass(frozen=True)
class StagedField:
    """A field the importer writes last: rows of `model` are inserted with `field` at
    `loading_value`, then updated to their real value once every row is in."""

    model: str  # "app_label.modelname"
    field: str
    loading_value: Any

    @property
    def key(self) -> str:
        return f"{self.model}.{self.field}"


import_staging = extension_point(
    "kernel.import_staging",
    policy=ErrorPolicy.PROPAGATE,
    doc="StagedField declarations: fields `import_all` sets after every row is inserted, "
    "for tables whose database rules refuse some inserts once the field has its value.",
)


class FullPrecisionEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; an export keeps the microseconds."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time) and o.microsecond:
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def _named_by_natural_key(model: type[models.Model]) -> bool:
    """A key to `model` is written as its natural key: only for the models `migrate`
    recreates in the target, whose primary keys there differ from the source's."""
    return model._meta.concrete_model._meta.label_lower in NOT_EXPORTED


class ExportSerializer(JSONSerializer):
    """Django's JSON serializer, writing natural keys only where `_named_by_natural_key`
    says (Django's own option is all or nothing)."""

    def handle_fk_field(self, obj, field):
        self.use_natural_foreign_keys = _named_by_natural_key(field.remote_field.model)
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self.use_natural_foreign_keys = _named_by_natural_key(field.remote_field.model)
        super().handle_m2m_field(obj, field)


class ImportRefused(Exception):
    """The target database is not empty, or the file is not an export."""


def _dependencies(model: type[models.Model], exported: set) -> set:
    wanted = set()
    for field in model._meta.get_fields(include_hidden=True):
        related = getattr(field, "related_model", None)
        if related is None or related is model or not field.concrete:
            continue
        if field.many_to_one or field.one_to_one or field.many_to_many:
            related = related._meta.concrete_model
            if related in exported:
                wanted.add(related)
    return wanted


def exported_models(*, include_auto_created: bool = False) -> list[type[models.Model]]:
    """Every model that `export_all` writes, a model after those it points to (a cycle is
    broken in app order: within one transaction the database checks keys at commit)."""
    candidates = [
        model
        for model in apps.get_models(include_auto_created=include_auto_created)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in NOT_EXPORTED
    ]
    remaining = {model: _dependencies(model, set(candidates)) for model in candidates}
    ordered: list[type[models.Model]] = []
    while remaining:
        ready = [model for model, needs in remaining.items() if not needs - set(ordered)]
        if not ready:
            ready = [next(iter(remaining))]
        for model in ready:
            ordered.append(model)
            del remaining[model]
    return ordered


def _rows(model: type[models.Model], using: str) -> Iterator[models.Model]:
    # Keys written as natural keys (content types) are joined here, so that writing them
    # costs no query per row.
    natural = [
        field.name
        for field in model._meta.concrete_fields
        if field.is_relation and _named_by_natural_key(field.related_model)
    ]
    rows = model._base_manager.using(using).order_by("pk")
    if natural:
        rows = rows.select_related(*natural)
    # Many-to-many values (a user's groups) in key order: the serializer writes them in
    # the order the database returns them, which PostgreSQL does not keep across a
    # restore, and two exports of the same data must be the same file.
    m2m = [
        models.Prefetch(
            field.name, queryset=field.related_model._base_manager.using(using).order_by("pk")
        )
        for field in model._meta.many_to_many
        if field.remote_field.through._meta.auto_created
    ]
    if m2m:
        rows = rows.prefetch_related(*m2m)
    return rows.iterator(chunk_size=2000)


def export_all(stream: IO[str], *, using: str = DEFAULT_DB_ALIAS) -> Counter:
    """Write the database to `stream` as JSON; the number of rows per model."""
    counts: Counter = Counter()

    def counted(model: type[models.Model]) -> Iterable[models.Model]:
        for row in _rows(model, using):
            counts[model._meta.label_lower] += 1
            yield row

    with transaction.atomic(using=using):  # one consistent snapshot on PostgreSQL
        ExportSerializer().serialize(
            chain.from_iterable(counted(model) for model in exported_models()),
            stream=stream,
            use_natural_primary_keys=False,
            cls=FullPrecisionEncoder,
        )
    return counts


def _require_empty(using: str) -> None:
    if get_user_model()._base_manager.using(using).exists():
        raise ImportRefused(
            "The database holds user accounts: import_all loads into an empty database only "
            "(create one and run `migrate`)."
        )


def _clear_seeded_rows(using: str) -> None:
    """Rows the migrations wrote into the empty database (role groups, defaults) give way
    to the dump's: deleted without signals, so no history row records the deletion."""
    for model in reversed(exported_models(include_auto_created=True)):
        rows = model._base_manager.using(using).all()
        if rows.exists():
            rows._raw_delete(using)


class _InsertBatch:
    """Rows of one model in a row, inserted together: one INSERT per model and chunk
    rather than one per row (the tables are empty, so there is nothing to update). Like
    Django's raw load, and unlike it without one query per row, it runs no `save()` logic
    and sends no signals (the history rows come from the file); many-to-many values go
    into their link tables the same way."""

    CHUNK = 500

    def __init__(self, using: str):
        self.using = using
        self.model: type[models.Model] | None = None
        self.rows: list[models.Model] = []
        self.links: dict[type[models.Model], list[models.Model]] = defaultdict(list)

    def add(self, loaded) -> None:
        row = loaded.object
        if type(row) is not self.model or len(self.rows) >= self.CHUNK:
            self.flush()
            self.model = type(row)
        self.rows.append(row)
        for name, targets in (loaded.m2m_data or {}).items():
            field = row._meta.get_field(name)
            through = field.remote_field.through
            source = field.m2m_field_name() + "_id"
            target = field.m2m_reverse_field_name() + "_id"
            self.links[through].extend(
                through(**{source: row.pk, target: target_pk}) for target_pk in targets
            )
        loaded.m2m_data = None  # a deferred row's second save must not add them twice

    def flush(self) -> None:
        if self.rows:
            self._insert(self.model, self.rows)
        for through, links in self.links.items():
            if links:  # a row with no many-to-many values still names the field
                self._insert(through, links)
        self.model, self.rows, self.links = None, [], defaultdict(list)

    def _insert(self, model: type[models.Model], rows: list[models.Model]) -> None:
        # QuerySet._insert with raw=True is what Model.save_base(raw=True) (Django's own
        # raw load) calls, for many rows at once: the values are written as they are in the
        # file. bulk_create would give auto_now and auto_now_add fields the import's time.
        fields = model._meta.local_concrete_fields
        if rows[0].pk is None:  # link-table rows: their keys are the database's to give
            fields = [field for field in fields if not field.primary_key]
        size = connections[self.using].ops.bulk_batch_size(fields, rows) or len(rows)
        queryset = model._base_manager.using(self.using)
        for start in range(0, len(rows), size):
            queryset._insert(rows[start : start + size], fields=fields, raw=True)
        for row in rows:
            row._state.adding, row._state.db = False, self.using


@transaction.atomic
def import_all(stream: IO[str], *, using: str = DEFAULT_DB_ALIAS) -> Counter:
    """Load an `export_all` file into the empty database `using`; rows per model."""
    _require_empty(using)
    _clear_seeded_rows(using)
    staged: dict[str, list[StagedField]] = defaultdict(list)
    for declaration in import_staging:
        staged[declaration.model].append(declaration)
    later: dict[tuple, list] = defaultdict(list)
    counts: Counter = Counter()
    deferred = []
    connection = connections[using]
    batch = _InsertBatch(using)
    with connection.constraint_checks_disabled():
        for loaded in serializers.deserialize(
            "json", stream, using=using, handle_forward_references=True
        ):
            row = loaded.object
            label = row._meta.label_lower
            if label in NOT_EXPORTED:
                raise ImportRefused(f"{label} is not part of an export_all file.")
            for declaration in staged.get(label, ()):
                value = getattr(row, declaration.field)
                if value != declaration.loading_value:
                    later[(type(row), declaration.field, value)].append(row.pk)
                    setattr(row, declaration.field, declaration.loading_value)
            batch.add(loaded)
            if loaded.deferred_fields:
                deferred.append(loaded)
            counts[label] += 1
        batch.flush()
        for loaded in deferred:
            # A key the file names before the row it points to (by natural key only: keys
            # by primary key need no look-up); rare, and saved one by one.
            loaded.object.skip_history_when_saving = True
            loaded.save_deferred_fields(using=using)
    for (model, field, value), pks in later.items():
        # The staged field's real value, as the app's workflow sets it after the insert;
        # a plain UPDATE: the row's history already came from the file.
        model._base_manager.using(using).filter(pk__in=pks).update(**{field: value})
    loaded_models = [model for model in exported_models() if counts[model._meta.label_lower]]
    connection.check_constraints(table_names=[model._meta.db_table for model in loaded_models])
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), loaded_models):
            cursor.execute(statement)
    return counts
