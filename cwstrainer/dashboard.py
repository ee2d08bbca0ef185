"""What a trainer's results dashboard shows: trainees against scenarios, and missed rules.

Plain SQL over the store (submitted attempts only), so that a station holding a whole
academy's results answers quickly: one grouped query for the trainee × scenario table,
one for the rule heat map, both filtered by date and cohort. Trainer notes on an attempt
live here too.

No percent or verdict is computed here: each attempt keeps the percent and verdict of
:mod:`cwstrainer.grading` from when it was graded. The heat map counts *attempts*: per
rule, the graded attempts that were graded on it and how many of them missed it, an
attempt counting once however many findings of the rule it has; a consequence of
another mistake and advice are not misses (:func:`cwstrainer.store.schema.grades_rule`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cwstrainer.errors import FieldError
from cwstrainer.store.store import Store

# The percent kept with each attempt when it was graded (cwstrainer.grading.percent).
_PERCENT = "coalesce(a.percent, 0.0)"
NO_COHORT = ""  # Filters.cohort for attempts made under no cohort


@dataclass(frozen=True)
class Filters:
    """Which submitted attempts to count (all when a field is None)."""

    since: dt.date | None = None
    until: dt.date | None = None
    cohort: str | None = None
    """A cohort's label; ``NO_COHORT`` ("") for the attempts made under none."""
    scenario_id: str | None = None

    def where(self) -> tuple[str, list[object]]:
        """SQL conditions on ``attempts a`` (submitted attempts only)."""
        return _conditions(
            ["a.status = 'submitted'"],
            ("a.submitted_at >= ?", self.since.isoformat() if self.since else None),
            (
                "a.submitted_at < ?",
                (self.until + dt.timedelta(days=1)).isoformat() if self.until else None,
            ),
            ("coalesce(a.cohort, '') = ?", self.cohort),
            ("a.scenario_id = ?", self.scenario_id),
        )

    def summary_where(self, alias: str = "") -> tuple[str, list[object]]:
        """SQL conditions on ``result_summary`` (no dates: it is not kept by date)."""
        return _conditions(
            ["1 = 1"],
            (f"{alias}cohort = ?", self.cohort),
            (f"{alias}scenario_id = ?", self.scenario_id),
        )

    def tally_where(self) -> tuple[str, list[object]]:
        """SQL conditions on ``rule_tallies`` (kept by day)."""
        return _conditions(
            ["1 = 1"],
            ("day >= ?", self.since.isoformat() if self.since else None),
            ("day <= ?", self.until.isoformat() if self.until else None),
            ("cohort = ?", self.cohort),
            ("scenario_id = ?", self.scenario_id),
        )


def _conditions(fixed: list[str], *optional: tuple[str, str | None]) -> tuple[str, list[object]]:
    clauses, args = list(fixed), list[object]()
    for clause, value in optional:
        if value is not None and (value or "cohort" in clause):  # "" is no cohort
            clauses.append(clause)
            args.append(value)
    return " and ".join(clauses), args


@dataclass(frozen=True)
class Cell:
    """One trainee's results on one scenario."""

    trainee_id: str
    trainee: str
    scenario_id: str
    attempts: int
    best_percent: float
    last_percent: float
    last_passed: bool
    last_attempt_id: str


@dataclass(frozen=True)
class RuleMisses:
    """How often one rule was missed on one scenario: the heat map's cell.

    ``graded``: submitted attempts graded on the rule; ``missed``: how many of those
    missed it (one count per attempt, however many findings of the rule it missed).
    """

    rule_id: str
    scenario_id: str
    graded: int
    missed: int

    @property
    def rate(self) -> float:
        """The share of graded attempts that missed the rule."""
        return self.missed / self.graded if self.graded else 0.0

    @property
    def counts(self) -> str:
        """ "3 of 12 attempts": the counts behind the rate, in words."""
        return f"{self.missed} of {self.graded} attempt{'' if self.graded == 1 else 's'}"


@dataclass(frozen=True)
class Note:
    """A trainer's note on an attempt."""

    created_at: str
    author: str
    text: str


def trainee_results(
    store: Store, filters: Filters = Filters(), limit: int | None = None, offset: int = 0
) -> list[Cell]:
    """Best and last score and the number of attempts, per trainee and scenario.

    ``limit`` and ``offset`` page by trainee (in name order), so that a screen shows its
    first rows at once however large the station. Without a date filter this reads the
    summary kept at each submission; with one, it counts the attempts themselves.
    """
    if filters.since or filters.until:
        return _trainee_results_live(store, filters, limit, offset)
    where, args = filters.summary_where("s.")
    rows = store.db.execute(
        f"""
        with page as (
            select t.id, t.name, t.name_key from trainees t
            where exists (select 1 from result_summary s where s.trainee_id = t.id and {where})
            order by t.name_key limit ? offset ?
        ), ranked as (
            select s.*, p.name, p.name_key,
                   row_number() over (partition by s.trainee_id, s.scenario_id
                                      order by s.last_submitted_at desc) as recency
            from page p join result_summary s on s.trainee_id = p.id where {where}
        )
        select trainee_id, name, scenario_id, sum(attempts), max(best_percent),
               max(case when recency = 1 then last_percent end),
               max(case when recency = 1 then last_passed end),
               max(case when recency = 1 then last_attempt_id end)
        from ranked group by trainee_id, scenario_id order by name_key, scenario_id
        """,
        [*args, -1 if limit is None else limit, offset, *args],
    ).fetchall()
    return [_cell(r) for r in rows]


def _trainee_results_live(
    store: Store, filters: Filters, limit: int | None, offset: int
) -> list[Cell]:
    where, args = filters.where()
    rows = store.db.execute(
        f"""
        with ranked as (
            select a.id, a.trainee_id, t.name as trainee, a.scenario_id, a.passed,
                   {_PERCENT} as percent,
                   row_number() over (partition by a.trainee_id, a.scenario_id
                                      order by a.submitted_at desc, a.rowid desc) as recency
            from attempts a join trainees t on t.id = a.trainee_id
            where {where} and a.trainee_id in (
                select t2.id from trainees t2 where exists (
                    select 1 from attempts a where a.trainee_id = t2.id and {where})
                order by t2.name_key limit ? offset ?)
        )
        select trainee_id, trainee, scenario_id, count(*), max(percent),
               max(case when recency = 1 then percent end),
               max(case when recency = 1 then passed end),
               max(case when recency = 1 then id end)
        from ranked group by trainee_id, scenario_id order by lower(trainee), scenario_id
        """,
        [*args, *args, -1 if limit is None else limit, offset],
    ).fetchall()
    return [_cell(r) for r in rows]


def _cell(r: Any) -> Cell:
    return Cell(r[0], r[1], r[2], r[3], round(r[4], 1), round(r[5], 1), bool(r[6]), r[7])


def rule_misses(store: Store, filters: Filters = Filters()) -> list[RuleMisses]:
    """Per rule and scenario: the attempts graded on the rule, and how many missed it."""
    where, args = filters.tally_where()
    rows = store.db.execute(
        f"""
        select rule_id, scenario_id, sum(graded), sum(missed) from rule_tallies
        where {where}
        group by rule_id, scenario_id having sum(graded) > 0 order by rule_id, scenario_id
        """,
        args,
    ).fetchall()
    return [RuleMisses(r[0], r[1], r[2], r[3]) for r in rows]


def trainee_count(store: Store, filters: Filters = Filters()) -> int:
    """How many trainees have submitted attempts under the filters (for a pager)."""
    if filters.since or filters.until:
        where, args = filters.where()
        sql = f"select count(distinct a.trainee_id) from attempts a where {where}"
    else:
        where, args = filters.summary_where()
        sql = f"select count(distinct trainee_id) from result_summary where {where}"
    return int(store.db.execute(sql, args).fetchone()[0])


def cohorts(store: Store) -> list[str]:
    """Every cohort label attempts were submitted under (from the summary: fast)."""
    rows = store.db.execute(
        "select distinct cohort from result_summary where cohort != '' order by cohort"
    )
    return [r[0] for r in rows.fetchall()]


def add_note(store: Store, attempt_id: str, author: str, text: str) -> Note:
    """Keep a trainer's note on an attempt (submitted or not)."""
    clean = text.strip()
    if not clean:
        raise FieldError("Note", "type the note first")
    if len(clean) > 4000:
        raise FieldError("Note", "at most 4,000 characters")
    store.attempt(attempt_id)  # a clear error for an unknown attempt
    note = Note(dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), author.strip(), clean)
    with store.transaction() as db:
        db.table("attempt_notes").insert(
            {
                "attempt_id": attempt_id,
                "created_at": note.created_at,
                "author": note.author,
                "text": note.text,
            }
        )
    return note


def notes(store: Store, attempt_id: str) -> list[Note]:
    """The notes on an attempt, oldest first."""
    rows = store.db.execute(
        "select created_at, author, text from attempt_notes where attempt_id = ? order by id",
        [attempt_id],
    ).fetchall()
    return [Note(*r) for r in rows]
