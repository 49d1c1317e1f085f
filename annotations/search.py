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
    Case,
    Exists,
    Expression,
    F,
    FloatField,
    Func,
    Lookup,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast

from annotations.models import ContextNote
from claims.models import Speaker
from publication import keyset
from publication.keyset import Window

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


def search_claims(claims: QuerySet, query: str, *, window: Window | None = None) -> QuerySet:
    """Claims matching `query`, annotated with `rank`; every page that searches claims calls this.

    Order by relevance with `.order_by("-rank", <your usual order>)`: a higher
    rank is a better match (a match in the summary, then the speaker's name,
    then the claim's words; claims found only through a note rank 0 and follow
    in your usual order). On SQLite, and for an empty query, `rank` is 0 for
    every row, so the same ordering falls back to the usual one. Only published
    notes count, so a draft note cannot make a claim show up in a public search.
    Queries are cut to MAX_QUERY_LENGTH characters.

    `window` is for keyset pages ordered by (rank, published_at, pk), as the
    public list reads them: a claim found only through its speaker's name ranks
    by that speaker's score alone, so of those claims a page can only show each
    matching speaker's `window.size` claims next to the cursor, read through the
    index on (speaker, published_at, id). The result then holds only what that
    page needs, and a busy speaker's thousands of claims are not all ranked to
    show 25. Filter `claims` before searching: the narrowing must see the filters.
    """
    # PostgreSQL text cannot hold NUL, and nobody types a whole page into a search box.
    query = (query or "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH].strip()
    if not query:
        return claims.annotate(rank=Value(0.0, output_field=FloatField()))
    if connections[claims.db].vendor == "postgresql":
        return _full_text(claims, query, window)
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


def _full_text(claims: QuerySet, query: str, window: Window | None) -> QuerySet:
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
    words = Q(SearchVectorExact(SearchVectorColumn(), tsquery))
    matches = words | Q(EqualsAny(F("pk"), by_note))
    # 0 unless the claim's own words match (ts_rank of a partial match is not quite 0),
    # so a claim matched by its speaker alone ranks exactly by the speaker's score.
    rank = Case(
        When(words, then=SearchRank(SearchVectorColumn(), tsquery)),
        default=Value(0.0),
        output_field=FloatField(),
    )
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
        rank = rank + ScoreOf(F("speaker_id"), keys=ids, scores=scores) * Value(SPEAKER_WEIGHT)
        if window is None:
            matches |= Q(EqualsAny(F("speaker_id"), ids))
        else:
            for newest in _newest_by_speaker(claims, matches, speakers, window):
                matches |= Q(EqualsAny(F("pk"), newest))
    # Double precision, as keyset cursors carry it back: a real (float4) read as text loses
    # digits, and the next page would no longer find the row it starts after.
    return claims.filter(matches).annotate(rank=Cast(rank, FloatField()))


def _newest_by_speaker(
    claims: QuerySet, matches: Q, speakers: dict[int, float], window: Window
) -> list[ArraySubquery]:
    """Ids of the claims of `speakers` not in `matches` that the page in `window` can show.

    Such a claim ranks SPEAKER_WEIGHT × its speaker's score (the rank
    _full_text computes, exactly: 0 plus that product), so a speaker ranked past
    the cursor gives its first `window.size` claims in page order, one ranked
    level with it those past the cursor's (published_at, pk), and one ranked
    before it none. Each speaker's are read through the index on (speaker,
    published_at, id), in one subquery per group.
    """
    fields = ["published_at", "pk"]
    level, past = [], []
    for pk, score in speakers.items():
        rank = score * SPEAKER_WEIGHT
        if window.cursor is None:
            past.append(pk)
        elif rank == window.cursor[0]:
            level.append(pk)
        elif (rank < window.cursor[0]) == window.older:
            past.append(pk)
    groups = [(past, Q())] if past else []
    if level:
        groups.append((level, keyset.beyond(fields, window.cursor[1:], older=window.older)))
    subqueries = []
    for pks, condition in groups:
        newest = (
            claims.filter(condition, speaker_id=OuterRef("pk"))
            .exclude(matches)
            .order_by(*keyset.ordering(fields, descending=window.older))
            .values("pk")[: window.size]
        )
        found = (
            Speaker.objects.filter(pk__in=pks)
            .annotate(found=ArraySubquery(newest))
            .annotate(claim=Func(F("found"), function="unnest", output_field=BigIntegerField()))
            .order_by()
            .values("claim")
        )
        subqueries.append(ArraySubquery(found))
    return subqueries


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
