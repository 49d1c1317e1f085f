"""Full-text search over context notes on PostgreSQL; nothing changes on SQLite.

A stored generated tsvector column over the title (weight A) and the Markdown
body (weight B), with a GIN index. Not declared on the model: annotations.search
reads it through an expression.

Note for later migrations: PostgreSQL refuses to change the type of a column a
generated column uses (title, body). To alter one, drop search_vector first and
recreate it afterwards, in the same migration.
"""

from django.db import migrations

from claims.migration_operations import RunSQLOnPostgreSQL


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0002_default_scale_and_roles"),
        ("claims", "0002_search_vector"),
    ]

    operations = [
        RunSQLOnPostgreSQL(
            sql=[
                """
                ALTER TABLE annotations_contextnote ADD COLUMN search_vector tsvector
                GENERATED ALWAYS AS (
                    setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
                    || setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'B')
                ) STORED
                """,
                "CREATE INDEX annotations_contextnote_search_vector"
                " ON annotations_contextnote USING gin (search_vector)",
            ],
            reverse_sql=[
                "DROP INDEX IF EXISTS annotations_contextnote_search_vector",
                "ALTER TABLE annotations_contextnote DROP COLUMN IF EXISTS search_vector",
            ],
        ),
    ]
