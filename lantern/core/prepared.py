"""Reads and inserts that hot requests make, compiled once per database and run with a plain
cursor.

Turning a queryset into SQL costs more than running it for a short read by key (ADR 8). A
``PreparedRead`` builds its queryset with the ORM once per database alias, using marker values
for its arguments, and keeps the SQL, where each argument goes and the database's converters
for each column. Each call then binds the arguments as the ORM would (the field's own
``get_db_prep_value``), runs the SQL and converts the row: the same SQL, values and types as the
queryset, without building it again.

A ``PreparedInsert`` does the same for ``bulk_create`` of whole rows: one multi-row INSERT
whose text depends only on the model and the number of rows, each value bound by its field's
own ``get_db_prep_save``, as ``bulk_create`` binds it.

Only names and SQL made by the ORM or the model's metadata go into the text; arguments are
always parameters."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections, router
from django.db.models import Field, Model, QuerySet


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    slots: tuple[int, ...]  # where each argument goes in params
    converters: dict[int, tuple[list[Any], Any]]


class PreparedRead:
    """A ``values_list`` queryset of at most one row, compiled once per database alias.

    ``build`` takes one marker per argument and returns the queryset; ``fields`` are the model
    fields whose ``get_db_prep_value`` binds each argument. Markers must be values no argument
    will take (a ``PreparedRead`` checks that each appears exactly once in the SQL's
    parameters)."""

    def __init__(
        self,
        model: type[Model],
        build: Callable[..., QuerySet[Any, Any]],
        arguments: Sequence[tuple[Field[Any, Any], Any]],
    ) -> None:
        self.model = model
        self._build = build
        self._arguments = tuple(arguments)
        self._compiled: dict[str, _Compiled] = {}

    def _compile(self, alias: str) -> _Compiled:
        connection = connections[alias]
        queryset = self._build(*(marker for _, marker in self._arguments)).using(alias)
        compiler = queryset.query.get_compiler(alias)
        sql, params = compiler.as_sql()
        slots = []
        for field, marker in self._arguments:
            bound = field.get_db_prep_value(marker, connection)
            found = [i for i, p in enumerate(params) if p == bound]
            if len(found) != 1:
                raise ValueError(f"marker {marker!r} appears {len(found)} times in {sql}")
            slots.append(found[0])
        converters = compiler.get_converters([column for column, _, _ in compiler.select])
        return _Compiled(sql, tuple(params), tuple(slots), converters)

    def row(self, *arguments: Any) -> tuple[Any, ...] | None:
        """The row for these arguments, converted as the ORM would, or None."""
        alias = router.db_for_read(self.model)
        compiled = self._compiled.get(alias)
        if compiled is None:
            compiled = self._compiled[alias] = self._compile(alias)
        connection = connections[alias]
        params = list(compiled.params)
        for slot, (field, _), value in zip(compiled.slots, self._arguments, arguments, strict=True):
            params[slot] = field.get_db_prep_value(value, connection)
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        values = list(row)
        for position, (functions, expression) in compiled.converters.items():
            value = values[position]
            for function in functions:
                value = function(value, expression, connection)
            values[position] = value
        return tuple(values)


def instance(model: type[Model], attnames: Sequence[str], values: Sequence[Any]) -> Any:
    """A model instance from values read for ``attnames`` (in the model's field order); the
    fields left out are deferred, as with ``QuerySet.defer``."""
    return model.from_db(router.db_for_read(model), list(attnames), list(values))


def loaded_fields(model: type[Model], *, leave_out: Sequence[str] = ()) -> list[str]:
    """The attnames of a model's concrete fields, in order, less ``leave_out`` (field names)."""
    return [f.attname for f in model._meta.concrete_fields if f.name not in leave_out]


class PreparedInsert:
    """``bulk_create`` of whole rows of one model, without compiling the INSERT each time.

    Every concrete field is written except a primary key the database assigns, which is not read
    back (the rows' ``pk`` stays unset). No signals are sent, as with ``bulk_create``. Fields
    with their own SQL placeholder (``get_placeholder``) are refused when the INSERT is built."""

    def __init__(self, model: type[Model]) -> None:
        self.model = model
        meta = model._meta
        self.fields = tuple(
            f for f in meta.concrete_fields if not f.generated and not f.db_returning
        )
        self._sql: dict[tuple[str, int], str] = {}

    def _compile(self, alias: str, rows: int) -> str:
        connection = connections[alias]
        for field in self.fields:
            if hasattr(field, "get_placeholder"):
                raise ValueError(f"{field} has its own placeholder; use bulk_create")
        q = connection.ops.quote_name
        columns = ", ".join(q(str(f.column)) for f in self.fields)
        placeholders: Any = [["%s"] * len(self.fields)] * rows  # the stubs say list[str]
        values = connection.ops.bulk_insert_sql(self.fields, placeholders)
        return f"INSERT INTO {q(self.model._meta.db_table)} ({columns}) {values}"

    def save(self, objs: Sequence[Model]) -> None:
        """Insert these unsaved rows: one statement, or one per batch of as many rows as the
        database takes parameters for."""
        if not objs:
            return
        alias = router.db_for_write(self.model)
        connection = connections[alias]
        batch = max(1, connection.ops.bulk_batch_size(list(self.fields), list(objs)))
        for start in range(0, len(objs), batch):
            chunk = objs[start : start + batch]
            sql = self._sql.get((alias, len(chunk)))
            if sql is None:
                sql = self._sql[(alias, len(chunk))] = self._compile(alias, len(chunk))
            params = [
                field.get_db_prep_save(field.pre_save(obj, True), connection)
                for obj in chunk
                for field in self.fields
            ]
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
        for obj in objs:
            obj._state.adding = False
            obj._state.db = alias
