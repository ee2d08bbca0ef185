"""Which rules the scenario library exercises, computed by grading its attempt files.

Each scenario may have worked attempts beside it, in ``attempts/<scenario-id>/``:
``reference.json``, the scenario documented as the letters ask (it must score full
marks), and any number of mistake attempts (``<mistake-name>.json``), each holding the
mistakes new workers really make. Nothing is declared: a rule is exercised

* as **met** by a scenario when grading its reference yields a scored "met" finding of
  the rule; a rule with nothing to win in that scenario (a guard such as DATE-ORDER,
  whose checks only ever take points off) counts as **checked** when the reference yields
  its unscored "met" finding (the check ran and found nothing wrong);
* as **missed** when grading one of its mistake attempts yields a missed, wrong-value or
  extra finding of the rule.

The library is covered when every rule of the engine is met (or checked) by some
scenario and missed by some mistake attempt, and every attempt file is sound: a
reference at full marks, mistakes that each lose something, all made on the scenario's
current version.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cwstrainer import attempt_file
from cwstrainer.errors import TrainerError
from cwstrainer.grading import Report, grade
from cwstrainer.rules.findings import Outcome
from cwstrainer.rules.registry import checks
from cwstrainer.scenario.loader import LoadedScenario, load_library

BUNDLED_SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
ATTEMPTS_DIR = "attempts"
REFERENCE = "reference"


@dataclass(frozen=True)
class GradedAttempt:
    """One attempt file and the report grading it gave."""

    name: str
    path: Path
    report: Report

    @property
    def is_reference(self) -> bool:
        return self.name == REFERENCE

    def rules(self, outcomes: Iterable[Outcome]) -> tuple[str, ...]:
        """The rule ids with a finding of one of these outcomes, in catalogue order.

        A consequence shown under its cause counts: its rule was exercised, and the
        trainee reads it there.
        """
        wanted = set(outcomes)
        return tuple(dict.fromkeys(f.rule_id for f in self.report.findings if f.outcome in wanted))


_LOST = (Outcome.MISSED, Outcome.WRONG_VALUE, Outcome.EXTRA)


@dataclass(frozen=True)
class ScenarioCoverage:
    """What one scenario's attempts exercise, and what is wrong with its attempt files."""

    loaded: LoadedScenario
    reference: GradedAttempt | None
    mistakes: tuple[GradedAttempt, ...]
    problems: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.loaded.scenario.id

    @property
    def met(self) -> frozenset[str]:
        """Rules the reference meets for points."""
        if self.reference is None:
            return frozenset()
        return frozenset(
            f.rule_id
            for f in self.reference.report.findings
            if f.outcome is Outcome.MET and f.possible > 0
        )

    @property
    def checked(self) -> frozenset[str]:
        """Rules with nothing to win here whose check ran on the reference and passed."""
        if self.reference is None:
            return frozenset()
        scored = {f.rule_id for f in self.reference.report.findings if f.possible > 0}
        return frozenset(
            f.rule_id
            for f in self.reference.report.findings
            if f.outcome is Outcome.MET and f.rule_id not in scored
        )

    def missed_by(self, rule_id: str) -> tuple[str, ...]:
        """The mistake attempts that lose points (or a guard) on this rule."""
        return tuple(m.name for m in self.mistakes if rule_id in m.rules(_LOST))

    @property
    def missed(self) -> frozenset[str]:
        return frozenset(r for m in self.mistakes for r in m.rules(_LOST))


@dataclass(frozen=True)
class Coverage:
    """The library's scenarios, what each exercises, and every problem found."""

    rule_ids: tuple[str, ...]
    scenarios: tuple[ScenarioCoverage, ...]
    library_problems: tuple[str, ...] = field(default=())

    def met_in(self, rule_id: str) -> tuple[str, ...]:
        return tuple(s.id for s in self.scenarios if rule_id in s.met | s.checked)

    def missed_in(self, rule_id: str) -> tuple[str, ...]:
        return tuple(s.id for s in self.scenarios if rule_id in s.missed)

    @property
    def never_met(self) -> tuple[str, ...]:
        return tuple(r for r in self.rule_ids if not self.met_in(r))

    @property
    def never_missed(self) -> tuple[str, ...]:
        return tuple(r for r in self.rule_ids if not self.missed_in(r))

    @property
    def problems(self) -> tuple[str, ...]:
        return self.library_problems + tuple(p for s in self.scenarios for p in s.problems)

    @property
    def complete(self) -> bool:
        """Every rule met (or checked) and missed somewhere, and no problem."""
        return not (self.never_met or self.never_missed or self.problems)


def attempts_folder(loaded: LoadedScenario, attempts: Path | None = None) -> Path:
    """Where a scenario's attempts are: ``<attempts>/<id>``, by default beside its file."""
    base = attempts if attempts is not None else Path(loaded.source).parent / ATTEMPTS_DIR
    return base / loaded.scenario.id


def scenario_coverage(loaded: LoadedScenario, attempts: Path | None = None) -> ScenarioCoverage:
    """Grade every attempt file of one scenario; bad files are problems, never errors."""
    s = loaded.scenario
    folder = attempts_folder(loaded, attempts)
    problems: list[str] = []
    graded: list[GradedAttempt] = []
    files = sorted(folder.glob("*.json")) if folder.is_dir() else []
    for path in files:
        try:
            attempt = attempt_file.read(path)
        except TrainerError as exc:
            problems.append(str(exc))
            continue
        if attempt.scenario_id != s.id:
            problems.append(f"{path}: an attempt at {attempt.scenario_id!r}, not {s.id!r}")
            continue
        if attempt.scenario_version != s.version:
            problems.append(
                f"{path}: made on version {attempt.scenario_version} of {s.id!r}, which is now "
                f"at version {s.version}; check the attempt against the scenario and update it"
            )
        graded.append(GradedAttempt(path.stem, path, grade(s, attempt.records)))
    reference = next((g for g in graded if g.is_reference), None)
    mistakes = tuple(g for g in graded if not g.is_reference)
    if reference is None:
        problems.append(f"{folder / (REFERENCE + '.json')}: no reference attempt for {s.id!r}")
    elif (
        reference.report.score != reference.report.possible
        or reference.rules(_LOST)
        or not reference.report.passed
    ):
        lost = ", ".join(reference.rules(_LOST)) or "points"
        problems.append(
            f"{reference.path}: the reference does not score full marks "
            f"({reference.report.score:g} of {reference.report.possible:g}; loses {lost})"
        )
    for m in mistakes:
        if not m.rules(_LOST):
            problems.append(f"{m.path}: the mistake attempt loses nothing: it exercises no rule")
    return ScenarioCoverage(loaded, reference, mistakes, tuple(problems))


def library_coverage(
    paths: Iterable[Path | str] = (BUNDLED_SCENARIOS,), attempts: Path | None = None
) -> Coverage:
    """The coverage of every scenario in ``paths`` (files or folders) by its attempts."""
    library = load_library(paths)
    problems = tuple(str(p) for p in library.problems)
    scenarios = tuple(
        scenario_coverage(loaded, attempts)
        for loaded in sorted(library.scenarios, key=lambda ls: ls.scenario.id)
    )
    if not scenarios and not problems:
        problems = ("no scenario files found",)
    return Coverage(tuple(checks()), scenarios, problems)


# -- the matrix, for a person -------------------------------------------------------------


def cell(s: ScenarioCoverage, rule_id: str) -> str:
    """``M`` met for points, ``c`` checked (nothing to win), ``x`` missed by a mistake."""
    first = "M" if rule_id in s.met else ("c" if rule_id in s.checked else "")
    second = "x" if rule_id in s.missed else ""
    return (first + second) or "."


def matrix_text(cov: Coverage) -> str:
    """The rules (rows) against the scenarios (numbered columns), with totals."""
    width = max((len(r) for r in cov.rule_ids), default=10)
    cols = range(1, len(cov.scenarios) + 1)
    header = " " * width + "  " + "".join(f"{i:>3}" for i in cols) + "   met missed"
    lines = [header]
    for rule_id in cov.rule_ids:
        cells = "".join(f"{cell(s, rule_id):>3}" for s in cov.scenarios)
        met, missed = len(cov.met_in(rule_id)), len(cov.missed_in(rule_id))
        flag = "  <- never met" if not met else ("  <- never missed" if not missed else "")
        lines.append(f"{rule_id:<{width}}  {cells}   {met:>3} {missed:>6}{flag}")
    lines += [
        "",
        "M met for points by the reference; c checked by the reference with nothing to win "
        "(a guard);",
        "x missed, wrong or extra in a mistake attempt; . not exercised.",
        "",
    ]
    for i, s in enumerate(cov.scenarios, 1):
        lines.append(
            f"{i:>3}  {s.id}  (reference {'yes' if s.reference else 'NO'}, "
            f"{len(s.mistakes)} mistake attempt(s))"
        )
    return "\n".join(lines)


def summary_text(cov: Coverage) -> str:
    n = len(cov.rule_ids)
    refs = sum(s.reference is not None for s in cov.scenarios)
    mistakes = sum(len(s.mistakes) for s in cov.scenarios)
    lines = [
        f"{n} rules, {len(cov.scenarios)} scenarios, {refs} reference attempts, "
        f"{mistakes} mistake attempts.",
        f"Met (or checked) somewhere: {n - len(cov.never_met)} of {n}; "
        f"missed somewhere: {n - len(cov.never_missed)} of {n}.",
    ]
    if cov.never_met:
        lines.append(f"Never met: {', '.join(cov.never_met)}")
    if cov.never_missed:
        lines.append(f"Never missed: {', '.join(cov.never_missed)}")
    return "\n".join(lines)
