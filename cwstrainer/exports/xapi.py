"""xAPI 1.0.3 statements for submitted attempts, as JSON lines, for a Learning Record Store.

Per attempt: one ``passed`` or ``failed`` statement with the score (the report's percent,
scaled) and the verdict's reason (critical errors) in its result's extensions, and one
``answered`` statement per rule finding, with its weight. The actor is identified by
account (the station's home page and the trainee's sign-in id), never by e-mail.
Statement ids are derived from the attempt id, so exporting the same attempt twice gives
the same statements and an LRS or the station import keeps one copy.
``context.registration`` is the attempt id.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cwstrainer.exports.results import AttemptResult
from cwstrainer.paths import open_private
from cwstrainer.rules.catalog import rule
from cwstrainer.rules.findings import Finding, Outcome

XAPI_VERSION = "1.0.3"
DEFAULT_HOME_PAGE = "https://cwstrainer.local/"
_NAMESPACE = uuid.UUID("6f1c2a56-3f3e-4b7e-9a52-0c5f1f4d2b11")
_ADL = "http://adlnet.gov/expapi"
VERBS = {
    "passed": f"{_ADL}/verbs/passed",
    "failed": f"{_ADL}/verbs/failed",
    "answered": f"{_ADL}/verbs/answered",
}
PLATFORM = "CWS/CMS CSEC Documentation Trainer"


def _verb(name: str) -> dict[str, Any]:
    return {"id": VERBS[name], "display": {"en-US": name}}


def _duration(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"PT{hours}H{minutes}M{secs}S"


def statement_id(attempt_id: str, part: str) -> str:
    """A stable statement id for one part of one attempt."""
    return str(uuid.uuid5(_NAMESPACE, f"{attempt_id}/{part}"))


def statements(result: AttemptResult, home_page: str = DEFAULT_HOME_PAGE) -> list[dict[str, Any]]:
    """The statements of one submitted attempt: its verdict first, then one per finding."""
    base = home_page.rstrip("/") + "/xapi"
    attempt, report = result.attempt, result.report
    actor = {
        "objectType": "Agent",
        "name": result.trainee_name,
        "account": {"homePage": home_page, "name": result.trainee_name.casefold()},
    }
    scenario_activity = {
        "objectType": "Activity",
        "id": f"{base}/scenarios/{attempt.scenario_id}",
        "definition": {
            "name": {"en-US": attempt.scenario_id},
            "type": f"{_ADL}/activities/assessment",
        },
    }
    context = {
        "registration": str(uuid.UUID(hex=attempt.id)),
        "platform": PLATFORM,
        "language": "en-US",
        "extensions": {
            f"{base}/extensions/mode": attempt.mode,
            f"{base}/extensions/scenario-version": attempt.scenario_version,
            f"{base}/extensions/variant": attempt.variant,
            f"{base}/extensions/cohort": attempt.cohort,
        },
    }
    # The report's one percent, scaled; raw, min and max only when there is a maximum
    # (xAPI wants max above min).
    score: dict[str, Any] = {"scaled": round(report.percent / 100, 4)}
    if report.possible > 0:
        score.update(raw=report.score, min=0, max=report.possible)
    verdict = {
        "id": statement_id(attempt.id, "attempt"),
        "actor": actor,
        "verb": _verb("passed" if report.passed else "failed"),
        "object": scenario_activity,
        "result": {
            "score": score,
            "success": report.passed,
            "completion": True,
            "duration": _duration(result.duration_seconds),
            "extensions": {
                f"{base}/extensions/percent": report.percent,
                f"{base}/extensions/pass-mark": report.pass_mark,
                f"{base}/extensions/critical-errors": len(report.critical_errors),
                f"{base}/extensions/verdict": report.verdict,
            },
        },
        "context": context,
        "timestamp": attempt.submitted_at,
        "version": XAPI_VERSION,
    }
    out = [verdict]
    for index, finding in enumerate(report.findings):
        out.append(
            {
                "id": statement_id(attempt.id, f"finding/{index}"),
                "actor": actor,
                "verb": _verb("answered"),
                "object": _rule_activity(base, finding),
                "result": _finding_result(base, finding),
                "context": {**context, "contextActivities": {"parent": [scenario_activity]}},
                "timestamp": attempt.submitted_at,
                "version": XAPI_VERSION,
            }
        )
    return out


def _rule_activity(base: str, finding: Finding) -> dict[str, Any]:
    try:
        statement = rule(finding.rule_id).statement
    except KeyError:  # a rule this trainer no longer has (a report an older one kept)
        statement = finding.rule_id
    return {
        "objectType": "Activity",
        "id": f"{base}/rules/{finding.rule_id}",
        "definition": {
            "name": {"en-US": finding.rule_id},
            "description": {"en-US": statement},
            "type": f"{_ADL}/activities/cmi.interaction",
            "interactionType": "other",
        },
    }


def _finding_result(base: str, finding: Finding) -> dict[str, Any]:
    result: dict[str, Any] = {
        "success": finding.outcome is Outcome.MET,
        "response": str(finding.outcome),
        "extensions": {
            f"{base}/extensions/points": finding.points,
            f"{base}/extensions/weight": str(finding.weight),
            f"{base}/extensions/consequence-of": finding.cause,
            f"{base}/extensions/citation": finding.citation,
            f"{base}/extensions/inference": finding.inference,
            f"{base}/extensions/entered": finding.entered,
            f"{base}/extensions/expected": finding.expected,
        },
    }
    if finding.possible > 0:
        raw = min(max(finding.points, 0.0), finding.possible)
        result["score"] = {
            "raw": raw,
            "min": 0,
            "max": finding.possible,
            "scaled": round(raw / finding.possible, 4),
        }
    return result


def write_jsonl(
    results: Iterable[AttemptResult], path: Path, home_page: str = DEFAULT_HOME_PAGE
) -> int:
    """Write every statement, one JSON object per line (the file 0600); returns how many."""
    count = 0
    with open_private(path, "w", encoding="utf-8", newline="\n") as fh:
        for result in results:
            for statement in statements(result, home_page):
                fh.write(json.dumps(statement, ensure_ascii=False) + "\n")
                count += 1
    return count
