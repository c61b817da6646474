"""Full-text structures of the embedded backend: an FTS5 table on SQLite, a GIN index on PostgreSQL."""

from django.db import migrations


def create_fulltext(apps, schema_editor):
    from search.backends.embedded import ensure_fts_table

    ensure_fts_table(schema_editor.connection)


def drop_fulltext(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "sqlite":
            cursor.execute("DROP TABLE IF EXISTS search_embedded_fts")
        elif schema_editor.connection.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS search_embedded_entry_fts")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(create_fulltext, drop_fulltext)]
