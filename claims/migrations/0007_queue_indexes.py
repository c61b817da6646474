"""Indexes the queue reads: its priority expression (keyset pages) and, on PostgreSQL, full-text search on claims."""

from django.conf import settings
from django.db import migrations, models

import claims.priority


def create_claim_text_search_index(apps, schema_editor):
    """The queue's full-text search on PostgreSQL reads this exact expression (claims/queue.py)."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS claim_text_search ON claims_claim "
            "USING gin (to_tsvector('english'::regconfig, COALESCE(text, ''::text)))"
        )


def drop_claim_text_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS claim_text_search")


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0006_fact_check_matches"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(claims.priority.PriorityBase(), name="claim_queue_priority"),
        ),
        migrations.RunPython(create_claim_text_search_index, drop_claim_text_search_index),
    ]
