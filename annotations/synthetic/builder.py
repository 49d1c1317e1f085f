"""Writes a synthetic published archive with bulk inserts, one chunk of claims at a time.

bulk_create sends no signals, so django-simple-history records no history rows
for it: a synthetic archive has no past worth recording, and skipping it is
what makes 100,000 claims take minutes rather than hours.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connections, models, reset_queries, transaction
from django.utils.text import slugify
from tqdm import tqdm

from annotations.models import (
    Citation,
    ContextNote,
    Correction,
    NoteFigure,
    NoteKind,
    Rating,
    Verdict,
)
from annotations.synthetic import vocabulary as v
from annotations.synthetic.topics import TOPICS
from annotations.synthetic.writing import ClaimDraft, Writer, shorten
from claims.models import Claim, ClaimRelation, DatePrecision, Figure, Source, Speaker, Tag
from claims.workflow import Status

FIRST_DAY, LAST_DAY = dt.date(2018, 1, 1), dt.date(2026, 6, 30)
CHUNK = 1000  # claims written per round; their notes, figures and citations go with them
NOTE_KINDS = [kind for kind in NoteKind.values if kind != NoteKind.CORRECTION]
PLATFORMS = ("X", "Facebook", "Truth Social", "Instagram")
EXTRA_TAGS = ("statistics", "federal data", "state data", "campaign", "congress")


def settle_after_bulk_load(using: str = "default") -> None:
    """On PostgreSQL, do now what autovacuum would do later after a bulk load.

    Freshly inserted rows sit in each GIN index's pending list, which every
    search must read in full, and the planner's statistics do not know about
    them yet; both would make the first searches slow and mis-planned. Both
    steps also work inside a transaction (VACUUM would not).
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT gin_clean_pending_list(i.indexrelid::regclass) FROM pg_index i"
            " JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE am.amname = 'gin' AND n.nspname = current_schema()"
        )
        cursor.execute("ANALYZE")


class ArchiveExists(Exception):
    """The archive for this seed is already in the database."""


@dataclass
class Chunk:
    """The claims of one round, with what the notes written for them need to know."""

    claims: list[Claim]
    drafts: list[ClaimDraft]
    topics: list[v.Topic]
    figures: list[list[Figure]]


class ArchiveBuilder:
    """Builds `claims` published claims and everything around them, deterministically for `seed`."""

    def __init__(self, *, claims: int, seed: int = 1, batch_size: int = 2000) -> None:
        self.n = claims
        self.seed = seed
        self.batch_size = batch_size
        self.rng = random.Random(seed)
        self.write = Writer(self.rng)
        self.counts: Counter[str] = Counter()
        self.topic_claims: dict[str, list[int]] = {topic.tag: [] for topic in TOPICS}
        self.relations: set[tuple[int, int, str]] = set()
        self.note_index = 0
        self.rating_ids: list[int] = []

    def build(self, *, progress: bool | None = None) -> Counter[str]:
        """Write the archive in one transaction and return how many rows of each kind were made."""
        with transaction.atomic():
            self.editors, self.reviewers = self.make_users()
            self.tags = self.make_tags()
            self.speakers, self.speaker_topics = self.make_speakers()
            self.sources = self.make_sources()
            self.rating_ids = list(
                Rating.objects.filter(scale__is_default=True)
                .order_by("value")
                .values_list("pk", flat=True)
            )
            corrected = max(1, self.n // 500)
            self.corrected_claims = set(self.rng.sample(range(self.n), min(corrected, self.n)))
            self.corrected_notes = set(self.rng.sample(range(self.n), max(1, self.n // 1000)))
            with tqdm(
                total=self.n, unit="claims", disable=None if progress is None else not progress
            ) as bar:
                for start in range(0, self.n, CHUNK):
                    size = min(CHUNK, self.n - start)
                    self.make_chunk(start, size)
                    bar.update(size)
                    # With DEBUG on, Django keeps every (multi-megabyte) INSERT in memory.
                    reset_queries()
            settle_after_bulk_load()
        return self.counts

    def bulk(self, model: type[models.Model], rows: list) -> list:
        """Insert `rows` in batches (no signals, so no history) and count them."""
        created = model._default_manager.bulk_create(rows, batch_size=self.batch_size)
        self.counts[model._meta.verbose_name_plural] += len(rows)
        return created

    def slug(self, text: str, index: int) -> str:
        """A slug unique by construction: the seed and a running number end it."""
        return f"{slugify(text)[:60].strip('-')}-{self.seed}-{index}"

    def moment(self, day: dt.date) -> dt.datetime:
        """A time within the 20 days after `day`."""
        return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC) + dt.timedelta(
            seconds=self.rng.randrange(86400 * 20)
        )

    # --- people, tags, speakers, sources -------------------------------------

    def make_users(self) -> tuple[list, list]:
        """The desk's editors and reviewers (no password: nobody logs in as them)."""
        User = get_user_model()
        groups = {group.name: group for group in Group.objects.all()}
        made = {}
        for role, count in (("editor", 6), ("reviewer", 4)):
            made[role] = []
            for k in range(1, count + 1):
                user, created = User.objects.get_or_create(
                    username=f"archive-{role}-{k}", defaults={"email": f"{role}{k}@archive.example"}
                )
                if created:
                    user.set_unusable_password()
                    user.save()
                    if role in groups:
                        user.groups.add(groups[role])
                made[role].append(user)
        return made["editor"], made["reviewer"]

    def make_tags(self) -> dict[str, Tag]:
        """One tag per beat plus a few cross-cutting ones, shared with existing rows."""
        tags = {}
        for name in [topic.tag for topic in TOPICS] + list(EXTRA_TAGS):
            tags[name] = Tag.objects.filter(name=name).first() or Tag.objects.create(name=name)
        return tags

    def make_speakers(self) -> tuple[list[Speaker], list[tuple[v.Topic, v.Topic]]]:
        """A few hundred people and organisations, each with a main and a second beat."""
        rng, write = self.rng, self.write
        count = max(10, min(400, self.n // 4))
        people = rng.sample(list(itertools.product(v.FIRST_NAMES, v.LAST_NAMES)), count)
        speakers, topics, names = [], [], set()
        for i in range(count):
            topic, second = rng.sample(TOPICS, 2)
            if rng.random() < 0.8:
                first, last = people[i]
                middle = f" {chr(65 + rng.randrange(26))}." if rng.random() < 0.3 else ""
                name, kind = f"{first}{middle} {last}", Speaker.Kind.PERSON
                role = write.fill(write.pick(topic.roles), agency=write.pick(topic.agencies))
                affiliation = write.pick(v.PARTIES) if rng.random() < 0.6 else ""
            else:
                kind = Speaker.Kind.ORGANIZATION
                name = write.fill(write.pick(v.ORGANISATION_KINDS), tag=topic.tag.title())
                role, affiliation = "Spokesperson", ""
            if name in names:
                name = f"{name} ({write.pick(v.STATES)})"
            names.add(name)
            same_as = f"https://www.wikidata.org/wiki/Q{rng.randrange(10**5, 10**8)}"
            speakers.append(
                Speaker(
                    slug=self.slug(name, i),
                    name=name,
                    kind=kind,
                    role=role,
                    affiliation=affiliation,
                    same_as_url=same_as if rng.random() < 0.5 else "",
                )
            )
            topics.append((topic, second))
        if Speaker.objects.filter(slug__in=[s.slug for s in speakers[:5]]).exists():
            raise ArchiveExists(
                f"An archive generated with seed {self.seed} is already in this database. "
                "Use another --seed or an empty database."
            )
        # A few speakers say most things, as on a real desk.
        self.speaker_weights = list(itertools.accumulate(1 / (i + 1) ** 0.7 for i in range(count)))
        return self.bulk(Speaker, speakers), topics

    def make_sources(self) -> list[list[Source]]:
        """Sources by speaker index (each speaker has at least one)."""
        rng, write = self.rng, self.write
        count = max(len(self.speakers), self.n // 30)
        authors = list(range(len(self.speakers))) + rng.choices(
            range(len(self.speakers)),
            cum_weights=self.speaker_weights,
            k=count - len(self.speakers),
        )
        rows = []
        for i, author in enumerate(authors):
            speaker = self.speakers[author]
            topic = self.speaker_topics[author][0]
            kind = rng.choice(Source.Kind.values[:-1])
            outlet = write.pick(v.NEWS_OUTLETS)
            title = {
                "letter": f"Letter from {speaker.name} to the {write.pick(topic.agencies)}",
                "statement": f"Statement by {speaker.name} on {topic.tag}",
                "speech": write.fill(f"Remarks by {speaker.name} at {write.pick(v.EVENTS)}"),
                "interview": f"Interview with {speaker.name}, {outlet}",
                "article": f"Op-ed by {speaker.name} in {outlet}",
                "post": f"Post by {speaker.name} on {write.pick(PLATFORMS)}",
                "dataset": f"{write.pick(topic.agencies)} {topic.tag} data release",
            }[kind]
            publisher = outlet if kind in ("interview", "article") else speaker.name
            day = write.date_between(FIRST_DAY, LAST_DAY)
            precision = rng.choices(DatePrecision.values, weights=(80, 10, 5, 5))[0]
            day = {
                "day": day,
                "month": day.replace(day=1),
                "year": day.replace(month=1, day=1),
            }.get(precision)
            url = f"https://www.{slugify(publisher)[:40]}.example/{slugify(title)[:50]}-{i}"
            rows.append(
                Source(
                    slug=self.slug(title, i),
                    kind=kind,
                    title=shorten(title, 300),
                    publisher=shorten(publisher, 200),
                    author=speaker,
                    url=url if rng.random() < 0.7 else "",
                    date=day,
                    date_precision=precision,
                )
            )
        by_speaker: list[list[Source]] = [[] for _ in self.speakers]
        for author, source in zip(authors, self.bulk(Source, rows), strict=True):
            by_speaker[author].append(source)
        return by_speaker

    # --- claims and everything attached to them -------------------------------

    def make_chunk(self, start: int, size: int) -> None:
        """Claims `start` to `start + size` with their figures, verdicts, relations and notes."""
        chunk = self.make_claims(start, size)
        self.make_figures(chunk)
        self.make_verdicts_and_relations(chunk)
        self.make_notes(start, chunk)

    def workflow(self, day: dt.date, corrected: bool) -> dict:
        """Status fields of an item written, reviewed by someone else and published."""
        created_at = self.moment(day)
        submitted_at = created_at + dt.timedelta(hours=self.rng.randrange(1, 48))
        published_at = submitted_at + dt.timedelta(hours=self.rng.randrange(1, 72))
        fields = {
            "status": Status.PUBLISHED,
            "created_by": self.write.pick(self.editors),
            "approved_by": self.write.pick(self.reviewers),
            "created_at": created_at,
            "submitted_at": submitted_at,
            "published_at": published_at,
            "version": 3,
        }
        if corrected:
            fields |= {
                "status": Status.CORRECTED,
                "version": 4,
                "corrected_at": published_at + dt.timedelta(days=self.rng.randrange(1, 60)),
            }
        return fields

    def make_claims(self, start: int, size: int) -> Chunk:
        """The claims of one chunk, with their tags and correction entries."""
        rng, write = self.rng, self.write
        claims, drafts, topics, tag_rows = [], [], [], []
        Through = Claim.tags.through
        for index in range(start, start + size):
            who = rng.choices(range(len(self.speakers)), cum_weights=self.speaker_weights)[0]
            speaker = self.speakers[who]
            source = write.pick(self.sources[who])
            main, second = self.speaker_topics[who]
            topic = (
                main
                if rng.random() < 0.75
                else (second if rng.random() < 0.6 else write.pick(TOPICS))
            )
            said_on = source.date or write.date_between(FIRST_DAY, LAST_DAY)
            draft = write.claim(topic, speaker.name, said_on)
            claims.append(
                Claim(
                    slug=self.slug(draft.summary, index),
                    speaker=speaker,
                    source=source,
                    said_on=source.date,
                    said_on_precision=source.date_precision,
                    text=draft.text,
                    text_kind=draft.text_kind,
                    summary=draft.summary,
                    **self.workflow(said_on, index in self.corrected_claims),
                )
            )
            drafts.append(draft)
            topics.append(topic)
        claims = self.bulk(Claim, claims)
        corrections = []
        for index, (claim, topic) in enumerate(zip(claims, topics, strict=True), start=start):
            self.topic_claims[topic.tag].append(claim.pk)
            names = {topic.tag, *rng.sample(EXTRA_TAGS, rng.randrange(0, 3))}
            tag_rows += [
                Through(claim_id=claim.pk, tag_id=self.tags[name].pk) for name in sorted(names)
            ]
            if index in self.corrected_claims:
                corrections.append(self.correction(claim=claim, at=claim.corrected_at))
        self.bulk(Through, tag_rows)
        self.bulk(Correction, corrections)
        return Chunk(claims, drafts, topics, [[] for _ in claims])

    def correction(self, *, at: dt.datetime, **target) -> Correction:
        """The public entry for a corrected claim or note."""
        text = self.write.pick(
            (
                "An earlier version gave the wrong date for this statement; it has been corrected.",
                "The summary misstated the figure; it now matches the speaker's words.",
                "An earlier version attributed this statement to the wrong source document.",
                "A citation link pointed to the wrong report and has been replaced.",
            )
        )
        return Correction(
            **target,
            kind=Correction.Kind.CORRECTION,
            text=text,
            created_at=at,
            created_by=self.write.pick(self.reviewers),
        )

    def make_figures(self, chunk: Chunk) -> None:
        """The claims' figures: wholes first, so that their parts can point at them."""
        for wholes in (True, False):
            rows, owners = [], []
            for i, (claim, draft) in enumerate(zip(chunk.claims, chunk.drafts, strict=True)):
                for position, f in enumerate(draft.figures):
                    if (f.part_of is None) != wholes:
                        continue
                    part_of = None if wholes else chunk.figures[i][f.part_of]
                    rows.append(
                        Figure(
                            claim_id=claim.pk,
                            value=f.value,
                            qualifier=f.qualifier,
                            counts=f.counts,
                            unit=f.unit,
                            as_of=f.as_of,
                            period=f.period,
                            position=position,
                            part_of=part_of,
                        )
                    )
                    owners.append((i, position))
            for (i, position), figure in zip(owners, self.bulk(Figure, rows), strict=True):
                figures = chunk.figures[i]
                figures.extend([None] * (position + 1 - len(figures)))
                figures[position] = figure

    def make_verdicts_and_relations(self, chunk: Chunk) -> None:
        """Verdicts on about 40 % of claims; relations to earlier claims on the same beat."""
        rng, write = self.rng, self.write
        verdicts, relations = [], []
        for claim, topic in zip(chunk.claims, chunk.topics, strict=True):
            if rng.random() < 0.4:
                rating = rng.choices(self.rating_ids, weights=v.RATING_WEIGHTS)[0]
                verdicts.append(
                    Verdict(
                        claim=claim,
                        rating_id=rating,
                        created_by=write.pick(self.reviewers),
                        created_at=claim.published_at,
                        explanation=write.pick(v.VERDICT_EXPLANATIONS),
                    )
                )
            if rng.random() < 0.2 and len(self.topic_claims[topic.tag]) > 1:
                other = write.pick(self.topic_claims[topic.tag])
                kind = write.pick(ClaimRelation.Kind.values)
                key = (claim.pk, other, kind)
                if other != claim.pk and key not in self.relations:
                    self.relations.add(key)
                    relations.append(ClaimRelation(from_claim=claim, to_claim_id=other, kind=kind))
        self.bulk(Verdict, verdicts)
        self.bulk(ClaimRelation, relations)

    def make_notes(self, start: int, chunk: Chunk) -> None:
        """About three notes per claim, each on 1–3 claims, with citations and figures."""
        rng, write = self.rng, self.write
        notes, attached, citations, note_figures, corrections = [], [], [], [], []
        by_topic: dict[str, list[int]] = {}
        for i, topic in enumerate(chunk.topics):
            by_topic.setdefault(topic.tag, []).append(i)
        for i, (claim, draft, topic) in enumerate(
            zip(chunk.claims, chunk.drafts, chunk.topics, strict=True)
        ):
            for k in range(rng.choices((2, 3, 4), weights=(25, 50, 25))[0]):
                kind = write.pick(NOTE_KINDS)
                corrected = k == 0 and start + i in self.corrected_notes
                title, body = write.note(kind, topic, draft)
                notes.append(
                    ContextNote(
                        slug=self.slug(title, self.note_index),
                        kind=kind,
                        title=title,
                        body=body,
                        **self.workflow(claim.published_at.date(), corrected),
                    )
                )
                self.note_index += 1
                # Attached to 1–3 claims: this one and others on the same topic nearby.
                pool = by_topic[topic.tag]
                extra = rng.choices((0, 1, 2), weights=(45, 35, 20))[0]
                attached.append(sorted({i, *rng.sample(pool, min(extra, len(pool)))}))
                citations.append(
                    [
                        write.citation(topic)
                        for _ in range(rng.choices((0, 1, 2, 3), weights=(10, 35, 33, 22))[0])
                    ]
                )
                figure = chunk.figures[i][0] if chunk.figures[i] and rng.random() < 0.25 else None
                note_figures.append(figure)
        Through = ContextNote.claims.through
        links, cited, counted = [], [], []
        for note, claims, refs, figure in zip(
            self.bulk(ContextNote, notes), attached, citations, note_figures, strict=True
        ):
            links += [Through(contextnote_id=note.pk, claim_id=chunk.claims[c].pk) for c in claims]
            cited += [
                Citation(note_id=note.pk, position=p, **fields) for p, fields in enumerate(refs)
            ]
            if figure is not None:
                share = Decimal(rng.uniform(0.05, 0.6))
                counted.append(
                    NoteFigure(
                        note=note,
                        part_of=figure,
                        value=(figure.value * share).quantize(1),
                        qualifier="about",
                        counts=shorten(f"{figure.counts} {write.pick(v.NOTE_SUBSETS)}", 300),
                        unit=figure.unit,
                        as_of=figure.as_of,
                        period=figure.period,
                    )
                )
            if note.status == Status.CORRECTED:
                corrections.append(self.correction(note=note, at=note.corrected_at))
        self.bulk(Through, links)
        self.bulk(Citation, cited)
        self.bulk(NoteFigure, counted)
        self.bulk(Correction, corrections)
