"""Inserting many rows fast: what bulk_create does, without building and preparing a model instance per row."""

from __future__ import annotations

from django.db import connection, models

BATCH = 500


def insert_rows(model: type[models.Model], rows: list[dict], *, common: dict | None = None) -> list[int]:
    """Insert rows given as {attname: value} dicts (the same keys in every row) and return their new ids.

    `common` holds values shared by every row (a timestamp, a foreign key). Each value is still adapted by
    its field (get_db_prep_save), once per distinct value. Imports and evidence searches write thousands of
    rows at a time, and bulk_create's per-instance work took longer than the search engine needed to index
    or find them. On PostgreSQL the rows go in with COPY, their ids drawn from the table's sequence first.
    Elsewhere (SQLite) one INSERT ... RETURNING per batch of rows. Call it inside a transaction.
    """
    if not rows:
        return []
    common = common or {}
    fields = {f.attname: f for f in model._meta.concrete_fields}
    columns = [*rows[0], *common]
    cache: dict = {}

    def prepared(name, value):
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
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, len(rows)]
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
