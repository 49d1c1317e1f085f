"""Search over claims: their words, summaries, speakers and the notes attached to them.

On PostgreSQL this is ranked full-text search: claims and context notes carry
a stored `search_vector` column (a generated tsvector with the 'english'
configuration, GIN-indexed, created by claims/0002 and annotations/0003), and
speaker names are matched by trigram word similarity (pg_trgm, GIN-indexed), so
"convictions" finds "convicted" and "Lechlietner" finds Lechleitner.
On any other database (SQLite for a local start) it is a plain substring match.
"""

from __future__ import annotations

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorExact,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.db import connections
from django.db.models import (
    BigIntegerField,
    Exists,
    Expression,
    F,
    FloatField,
    Lookup,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast

from annotations.models import ContextNote
from claims.models import Speaker

SEARCH_CONFIG = "english"
# pg_trgm's default (0.6) misses a name with two letters swapped ("Lechlietner"
# scores 0.5 against "Patrick J. Lechleitner"); unrelated words score near 0.
SPEAKER_SIMILARITY_THRESHOLD = 0.45
# A speaker-name match ranks between a match in a claim's summary (weight A,
# ts_rank about 0.61) and one in its words (weight B, about 0.24).
SPEAKER_WEIGHT = 0.4
MAX_QUERY_LENGTH = 200


class SearchVectorColumn(Expression):
    """The `search_vector` column of the queried table, which the model does not declare.

    The column exists only on PostgreSQL (see claims/0002_search_vector), so it
    cannot be a model field without breaking SQLite. Resolving the primary key
    gives the right table alias, also inside subqueries.
    """

    output_field = SearchVectorField()

    def __init__(self) -> None:
        super().__init__()
        self.ref = F("pk")

    def get_source_expressions(self) -> list[Expression]:
        return [self.ref]

    def set_source_expressions(self, exprs: list[Expression]) -> None:
        (self.ref,) = exprs

    def as_sql(self, compiler, connection) -> tuple[str, list]:
        alias = compiler.quote_name_unless_alias(self.ref.alias)
        return f"{alias}.{connection.ops.quote_name('search_vector')}", []


def set_trigram_threshold(sender, connection, **kwargs) -> None:
    """Tune pg_trgm's word-similarity threshold on each new PostgreSQL connection.

    The `%>` operator reads this setting, and only that operator (not a
    comparison with word_similarity()) can use the trigram index on speaker
    names. Without it, search still works, it just forgives fewer typos.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
                [str(SPEAKER_SIMILARITY_THRESHOLD)],
            )


def speaker_name_matches(query: str, field: str = "speaker__name") -> TrigramWordSimilar:
    """`query` is word-similar to a part of the name in `field` (pg_trgm's `%>`, index-backed)."""
    return TrigramWordSimilar(F(field), Value(query))


def search_claims(claims: QuerySet, query: str) -> QuerySet:
    """Claims matching `query`, annotated with `rank`; every page that searches claims calls this.

    Order by relevance with `.order_by("-rank", <your usual order>)`: a higher
    rank is a better match (a match in the summary, then the speaker's name,
    then the claim's words; claims found only through a note rank 0 and follow
    in your usual order). On SQLite, and for an empty query, `rank` is 0 for
    every row, so the same ordering falls back to the usual one. Only published
    notes count, so a draft note cannot make a claim show up in a public search.
    Queries are cut to MAX_QUERY_LENGTH characters.
    """
    # PostgreSQL text cannot hold NUL, and nobody types a whole page into a search box.
    query = (query or "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH].strip()
    if not query:
        return claims.annotate(rank=Value(0.0, output_field=FloatField()))
    if connections[claims.db].vendor == "postgresql":
        return _full_text(claims, query)
    return _substring(claims, query)


def _substring(claims: QuerySet, query: str) -> QuerySet:
    matching_note = ContextNote.objects.published().filter(
        claims=OuterRef("pk"), body__icontains=query
    )
    return claims.filter(
        Q(text__icontains=query)
        | Q(summary__icontains=query)
        | Q(speaker__name__icontains=query)
        | Exists(matching_note)
    ).annotate(rank=Value(0.0, output_field=FloatField()))


def _full_text(claims: QuerySet, query: str) -> QuerySet:
    tsquery = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
    # Each way of matching becomes one index condition on claims_claim, so PostgreSQL
    # reads the matching claims once (a BitmapOr of index scans). The notes that match
    # are looked up once per query, as an array.
    by_note = ArraySubquery(
        ContextNote.objects.published()
        .filter(SearchVectorExact(SearchVectorColumn(), tsquery), claims__isnull=False)
        .order_by()
        .values("claims")
    )
    matches = Q(SearchVectorExact(SearchVectorColumn(), tsquery)) | Q(EqualsAny(F("pk"), by_note))
    rank = SearchRank(SearchVectorColumn(), tsquery)
    # The speakers whose name matches are read first, in one query: as a subquery, the
    # trigram match over every speaker ran again in each query of the page (the page's
    # ids, its neighbours, the filters), several milliseconds each.
    speakers = dict(
        Speaker.objects.filter(speaker_name_matches(query, field="name"))
        .annotate(score=TrigramWordSimilarity(Value(query), "name"))
        .order_by("pk")
        .values_list("pk", "score")
    )
    if speakers:
        ids = Value(list(speakers), output_field=ArrayField(BigIntegerField()))
        scores = Value(list(speakers.values()), output_field=ArrayField(FloatField()))
        matches |= Q(EqualsAny(F("speaker_id"), ids))
        rank = rank + ScoreOf(F("speaker_id"), keys=ids, scores=scores) * Value(SPEAKER_WEIGHT)
    # Double precision, as keyset cursors carry it back: a real (float4) read as text loses
    # digits, and the next page would no longer find the row it starts after.
    return claims.filter(matches).annotate(rank=Cast(rank, FloatField()))


class EqualsAny(Lookup):
    """`lhs = ANY(array)`: unlike IN (subquery), usable as an index condition inside an OR."""

    lookup_name = "equals_any"

    def as_sql(self, compiler, connection) -> tuple[str, list]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


class ScoreOf(Expression):
    """The score paired with `key` in two parallel arrays (keys, scores), or 0.

    Looks a speaker's name similarity up once per row instead of computing
    trigrams for every matching claim.
    """

    output_field = FloatField()

    def __init__(self, key: Expression, *, keys: Expression, scores: Expression) -> None:
        super().__init__()
        self.key, self.keys, self.scores = key, keys, scores

    def get_source_expressions(self) -> list[Expression]:
        return [self.key, self.keys, self.scores]

    def set_source_expressions(self, exprs: list[Expression]) -> None:
        self.key, self.keys, self.scores = exprs

    def as_sql(self, compiler, connection) -> tuple[str, list]:
        key, key_params = compiler.compile(self.key)
        keys, keys_params = compiler.compile(self.keys)
        scores, scores_params = compiler.compile(self.scores)
        return (
            f"COALESCE(({scores})[array_position({keys}, {key})], 0)",
            [*scores_params, *keys_params, *key_params],
        )
