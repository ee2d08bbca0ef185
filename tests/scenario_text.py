"""The worked example's text, for tests that bend it into bad files."""

from pathlib import Path

EXAMPLE_PATH = Path(__file__).resolve().parents[1] / "scenarios" / "in-care-victim-2016.yaml"
EXAMPLE = EXAMPLE_PATH.read_text(encoding="utf-8")


def line_of(text: str, fragment: str) -> int:
    """1-based line number of the first line containing ``fragment``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} not in text")


def replace_once(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def submit_example(
    store,
    name: str,
    start: str | None = "10/10/2016",
    mode: str = "practice",
    cohort: str | None = None,
) -> str:
    """Submit one graded attempt at the worked example whose only entry is S-CSEC Referral
    on the CSE referral, starting on ``start`` (None: nothing entered). Returns its id."""
    from cwstrainer.grading import grade
    from cwstrainer.records import RecordKind
    from cwstrainer.scenario.loader import load_file
    from cwstrainer.special_projects import Notebook

    loaded = load_file(EXAMPLE_PATH)
    attempt = store.start_attempt(store.sign_in(name), loaded, mode, cohort=cohort)
    if start:
        referral = store.records(attempt.id).referrals[-1]
        row = store.add_special_project(attempt.id, Notebook.REFERRAL, referral.id)
        store.update(
            attempt.id, RecordKind.SPECIAL_PROJECT, row.id, code="S-CSEC Referral", start_date=start
        )
    report = grade(loaded.scenario, store.records(attempt.id))
    store.submit(attempt.id, report.score, report.possible, report.passed, report.to_json())
    return attempt.id
