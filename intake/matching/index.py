"""The per-process matching index: every claim's vectors in a numpy matrix, kept current.

Each request asks the database two index lookups: the highest claim id (new claims,
bulk inserts included) and the latest embedding save (every save of a claim touches its
embedding, even when the words did not change, so a claim published in another process
moves it). When either changed since the last load, the index first embeds the claims
that have no current embedding (bulk inserts fire no signals), then loads the new claims
and those saved since. A deleted claim may stay in the matrix until the process restarts;
matches are always read back from the database, so it is never shown.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

import numpy as np
from django.db import connection
from django.db.models import Max, Q

from claims.models import Claim
from claims.workflow import Status
from intake import embeddings
from intake.matching.text import claim_numbers, words
from intake.models import ClaimEmbedding

# Visibility levels stored per row; drafts and retracted claims are never matched.
HIDDEN, IN_REVIEW, PUBLIC = 0, 1, 2
LEVELS = {Status.PUBLISHED: PUBLIC, Status.CORRECTED: PUBLIC, Status.IN_REVIEW: IN_REVIEW}
# A number said by more claims than this is too common to point at any of them.
MAX_NUMBER_POSTINGS = 50
# Dimensions of the coarse matrix searched in full for each sentence (see Index.coarse).
COARSE_DIM = 128


@dataclass
class Index:
    """Vectors and what scoring needs of each claim, row by row."""

    ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    # The first COARSE_DIM dimensions of summary + words, renormalised, float32: the one
    # matrix read in full per sentence (wordllama's vectors are Matryoshka-trained, so a
    # prefix is itself an embedding). The full vectors, float16, are read for candidates.
    coarse: np.ndarray = field(default_factory=lambda: np.zeros((0, COARSE_DIM), "f4"))
    summaries: np.ndarray = field(default_factory=lambda: np.zeros((0, embeddings.DIM), "f2"))
    texts: np.ndarray = field(default_factory=lambda: np.zeros((0, embeddings.DIM), "f2"))
    levels: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int8))
    words: list[str] = field(default_factory=list)  # summary and text, tokenised on demand
    # The numbers each claim states, read once here: the figure extractor is too slow to
    # run again on every candidate of every sentence.
    numbers: list[list[Decimal]] = field(default_factory=list)
    row_of: dict[int, int] = field(default_factory=dict)
    by_number: dict[Decimal, list[int]] = field(default_factory=dict)
    document_frequency: Counter[str] = field(default_factory=Counter)
    marker: tuple = (-1, None)  # as the database answered _marker()
    top: int | None = None  # the highest claim id loaded
    latest: datetime | None = None  # the latest embedding save loaded

    @property
    def size(self) -> int:
        return len(self.ids)

    def nbytes(self) -> int:
        """Memory held by the matrices (the Python lists add about as much again)."""
        matrices = (self.coarse, self.summaries, self.texts, self.ids, self.levels)
        return sum(matrix.nbytes for matrix in matrices)

    def idf(self, word: str) -> float:
        """Inverse document frequency: rare words weigh more than common ones."""
        return math.log(1 + (self.size + 1) / (self.document_frequency.get(word, 0) + 1))

    def load(self, rows: list[tuple], *, replace: bool) -> dict[int, list[str]]:
        """Put (id, status, summary, text, vector bytes, numbers) rows in (all anew if asked).

        Returns the numbers it had to read from the text, by claim id, for the caller to
        store: rows whose stored numbers are NULL.
        """
        if replace:
            self.__init__()  # type: ignore[misc]
        new_ids, new_vectors, new_levels = [], [], []
        worked_out: dict[int, list[str]] = {}
        for claim_id, status, summary, text, vector, stored in rows:
            vectors = embeddings.from_bytes(vector)
            level = LEVELS.get(status, HIDDEN)
            if stored is None:
                stored = worked_out[claim_id] = claim_numbers(summary, text)
            numbers = [Decimal(number) for number in stored]
            row = self.row_of.get(claim_id)
            if row is not None:
                # An edited claim: its new words replace the old (their counts stay; harmless).
                self.summaries[row], self.texts[row] = vectors
                self.coarse[row] = coarse(vectors[None])[0]
                self.levels[row] = level
                self.words[row] = f"{summary}\n{text}"
                self.numbers[row] = numbers
                continue
            self.row_of[claim_id] = self.size + len(new_ids)
            new_ids.append(claim_id)
            new_vectors.append(vectors)
            new_levels.append(level)
            self.words.append(f"{summary}\n{text}")
            self.document_frequency.update(set(words(f"{summary} {text}")))
            self.numbers.append(numbers)
            for number in set(self.numbers[-1]):
                self.by_number.setdefault(number.normalize(), []).append(self.row_of[claim_id])
        if new_ids:
            stacked = np.asarray(new_vectors, dtype=np.float16).reshape(-1, 2, embeddings.DIM)
            self.coarse = np.concatenate([self.coarse, coarse(stacked)])
            self.ids = np.concatenate([self.ids, np.asarray(new_ids, dtype=np.int64)])
            self.summaries = np.concatenate([self.summaries, stacked[:, 0]])
            self.texts = np.concatenate([self.texts, stacked[:, 1]])
            self.levels = np.concatenate([self.levels, np.asarray(new_levels, dtype=np.int8)])
        return worked_out

    def rows_with(self, number: Decimal) -> list[int]:
        """Rows whose claim says `number`, unless so many do that it says nothing."""
        rows = self.by_number.get(number.normalize(), [])
        return rows if len(rows) <= MAX_NUMBER_POSTINGS else []


def coarse(vectors: np.ndarray) -> np.ndarray:
    """The coarse search vectors of (claims, 2, DIM) vectors: a unit-length prefix of their sum."""
    summed = vectors[:, 0, :COARSE_DIM].astype(np.float32) + vectors[:, 1, :COARSE_DIM]
    norms = np.linalg.norm(summed, axis=1, keepdims=True)
    return summed / np.maximum(norms, 1e-6)


_index = Index()
_lock = threading.Lock()


def current_index() -> Index:
    """This process's index, brought up to date with the database (one query when it is)."""
    global _index
    marker = _marker()
    if marker == _index.marker:
        return _index
    with _lock:
        if marker != _index.marker:
            _index = refreshed(_index, new_top=marker[0])
    return _index


def _marker() -> tuple:
    """The highest claim id and the latest embedding save, both read from an index.

    New claims (bulk inserts included) raise the first; every save of a claim touches its
    embedding, even when its words did not change, so a claim published in another
    process moves the second. Compared as the database returns them.
    """
    claims = connection.ops.quote_name(Claim._meta.db_table)
    vectors = connection.ops.quote_name(ClaimEmbedding._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(id) FROM {claims}), (SELECT MAX(updated_at) FROM {vectors})"
        )
        return tuple(cursor.fetchone())


def refreshed(index: Index, *, new_top: int | None) -> Index:
    """`index` with the claims added or saved since it was loaded (all of them the first time)."""
    first = index.top is None or index.latest is None
    if first or new_top != index.top:
        # New claims: some may be bulk inserts, which no signal embedded. Saves of existing
        # claims were embedded by the signal, so a save alone skips this (slower) search.
        embeddings.catch_up()
    # Read after catching up (which saves embeddings) and before loading: a save made
    # after this moves the marker again and is loaded on the next request.
    marker = _marker()
    top = Claim.objects.aggregate(top=Max("pk"))["top"]
    latest = ClaimEmbedding.objects.aggregate(latest=Max("updated_at"))["latest"]
    claims = Claim.objects.filter(embedding__isnull=False)
    if not first:
        # >= rather than >: two saves in the same microsecond must not be missed.
        claims = claims.filter(Q(pk__gt=index.top) | Q(embedding__updated_at__gte=index.latest))
    fields = ("pk", "status", "summary", "text", "embedding__vector", "embedding__numbers")
    rows = list(claims.order_by("pk").values_list(*fields))
    target = Index() if first else index
    store_numbers(target.load(rows, replace=False))
    target.marker, target.top, target.latest = marker, top, latest
    return target


def store_numbers(worked_out: dict[int, list[str]]) -> None:
    """Keep the numbers read from claims' texts, so no process reads them again.

    Written without touching `updated_at`, which would tell every process to reload.
    """
    rows = [ClaimEmbedding(claim_id=pk, numbers=numbers) for pk, numbers in worked_out.items()]
    ClaimEmbedding.objects.bulk_update(rows, ["numbers"], batch_size=1000)


def reset() -> None:
    """Forget the loaded index (tests; a process that switched databases)."""
    global _index
    _index = Index()
