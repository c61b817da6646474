"""Many rows at once, fast: an insert without a model instance per row, and a lookup for long lists of values."""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db import connection, models
from django.db.models import NOT_PROVIDED, Lookup

BATCH = 500


@models.Field.register_lookup
class AnyOf(Lookup):
    """`field__any_of=[...]`: `field IN (...)`, sent on PostgreSQL as one array parameter, `= ANY(%s)`.

    An import asks about 500 URLs or ids at a time; `__in` prepares and binds each value on its own, which
    took longer than the database needed to answer.
    """

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        field = self.lhs.output_field
        values = [field.get_db_prep_value(v, connection, prepared=False) for v in self.rhs]
        if not values:
            raise EmptyResultSet
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, values]
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]


def insert_rows(model: type[models.Model], rows: list[dict], *, common: dict | None = None) -> list[int]:
    """Insert rows given as {attname: value} dicts (the same keys in every row) and return their new ids.

    `common` holds values shared by every row (a timestamp, a foreign key); a field the rows leave out gets
    its default. Text goes in as it is; other
    values are adapted by their field (get_db_prep_save), once per distinct value. Imports and evidence
    searches write thousands of rows at a time, and bulk_create's per-instance work took longer than the
    search engine needed to index or find them. On PostgreSQL the rows go in with COPY, their ids drawn from the table's sequence first.
    Elsewhere (SQLite) one INSERT ... RETURNING per batch of rows. Call it inside a transaction.
    """
    if not rows:
        return []
    common = dict(common or {})
    fields = {f.attname: f for f in model._meta.concrete_fields}
    # Columns the rows leave out get their field's default, as Model.save would give them (COPY would not).
    for name, f in fields.items():
        if name not in rows[0] and name not in common and not f.primary_key and f.db_default is NOT_PROVIDED:
            common[name] = f.get_default()
    columns = [*rows[0], *common]
    text_fields = {name for name, f in fields.items() if isinstance(f, models.CharField | models.TextField)}
    cache: dict = {}

    def prepared(name, value):
        if name in text_fields and (value is None or type(value) is str):
            return value  # what CharField and TextField would prepare, without the calls
        try:
            key = (name, value)
            return cache[key]
        except KeyError:
            cache[key] = adapted = fields[name].get_db_prep_save(value, connection)
            return adapted
        except TypeError:  # unhashable: a JSON list or dict
            return fields[name].get_db_prep_save(value, connection)

    shared = [prepared(name, value) for name, value in common.items()]
    table, pk, quote = model._meta.db_table, model._meta.pk.column, connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk, len(rows)],
            )
            ids = [pk_value for (pk_value,) in cursor.fetchall()]
            names = ", ".join(quote(fields[name].column) for name in [model._meta.pk.attname, *columns])
            with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for pk_value, row in zip(ids, rows, strict=True):
                    copy.write_row([pk_value, *(prepared(k, v) for k, v in row.items()), *shared])
            return ids
        placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
        per_statement = max(1, min(BATCH, (connection.features.max_query_params or 65535) // len(columns)))
        sql = (
            f"INSERT INTO {quote(table)} ({', '.join(quote(fields[name].column) for name in columns)}) "
            f"VALUES {{rows}} RETURNING {quote(pk)}"
        )
        ids = []
        for start in range(0, len(rows), per_statement):
            batch = rows[start : start + per_statement]
            params = [p for row in batch for p in (*(prepared(k, v) for k, v in row.items()), *shared)]
            cursor.execute(sql.format(rows=", ".join([placeholders] * len(batch))), params)
            ids += [pk_value for (pk_value,) in cursor.fetchall()]
        return ids
