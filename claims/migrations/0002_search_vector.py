"""Full-text and trigram search on PostgreSQL; nothing changes on SQLite.

Claim gets a stored generated tsvector column over its summary (weight A) and
its words (weight B) with a GIN index; speaker names get a GIN trigram index
so misspelled names still match. The column is not declared on the model:
annotations.search reads it through an expression.

Note for later migrations: PostgreSQL refuses to change the type of a column a
generated column uses (claims_claim.summary, claims_claim.text). To alter one,
drop search_vector first and recreate it afterwards, in the same migration.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from claims.migration_operations import RunSQLOnPostgreSQL


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
    ]

    operations = [
        TrigramExtension(),
        RunSQLOnPostgreSQL(
            sql=[
                """
                ALTER TABLE claims_claim ADD COLUMN search_vector tsvector
                GENERATED ALWAYS AS (
                    setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'A')
                    || setweight(to_tsvector('english'::regconfig, coalesce(text, '')), 'B')
                ) STORED
                """,
                "CREATE INDEX claims_claim_search_vector ON claims_claim USING gin (search_vector)",
                "CREATE INDEX claims_speaker_name_trgm ON claims_speaker USING gin (name gin_trgm_ops)",
            ],
            reverse_sql=[
                "DROP INDEX IF EXISTS claims_speaker_name_trgm",
                "DROP INDEX IF EXISTS claims_claim_search_vector",
                "ALTER TABLE claims_claim DROP COLUMN IF EXISTS search_vector",
            ],
        ),
    ]
