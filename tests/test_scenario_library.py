"""The scenario library's worked attempts, graded (issue 6).

Every bundled scenario has, in ``scenarios/attempts/<id>/``, a reference attempt that
scores full marks and mistake attempts holding the mistakes new workers really make.
Each mistake attempt is listed here with a one-line description (the attempt format has
no place for one) and the exact findings it must produce: rule id, outcome, points, and
the entered and expected values. Findings not listed are "met".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cwstrainer import attempt_file
from cwstrainer.grading import Report, grade
from cwstrainer.rules.findings import Outcome
from cwstrainer.scenario.loader import load_file, load_library
from cwstrainer.scenario.model import Scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
ATTEMPTS = SCENARIOS / "attempts"
SCENARIO_IDS = sorted(ls.scenario.id for ls in load_library([SCENARIOS]).scenarios)

Row = tuple[str, str, float, str | None, str | None]


def mistake(
    scenario_id: str,
    name: str,
    description: str,
    score: float,
    verdict: str,
    findings: list[Row],
) -> Any:
    return pytest.param(
        scenario_id, name, description, score, verdict, findings, id=f"{scenario_id}/{name}"
    )


def scenario(scenario_id: str) -> Scenario:
    return load_file(SCENARIOS / f"{scenario_id}.yaml").scenario


def graded(scenario_id: str, name: str) -> Report:
    s = scenario(scenario_id)
    attempt = attempt_file.read(ATTEMPTS / scenario_id / f"{name}.json")
    assert (attempt.scenario_id, attempt.scenario_version) == (s.id, s.version)
    return grade(s, attempt.records)


MISTAKES = [
    # -- in-care-victim-2016
    mistake(
        "in-care-victim-2016",
        "referral-code-dated-at-screening",
        (
            "S-CSEC Referral starts 10/12/2016, the day of the CSEC screening, instead of "
            "10/10/2016, the day the hotline received the referral."
        ),
        18.0,
        "Not passed: 1 critical error",
        [
            ("REF-SPC-START", "wrong value", 0.0, "10/12/2016", "10/10/2016"),
        ],
    ),
    mistake(
        "in-care-victim-2016",
        "victim-code-ended-with-investigation",
        (
            "Victim During Care is end-dated 10/28/2016 when the investigation closed, although "
            "Maya still receives child welfare services."
        ),
        18.0,
        "Not passed: 1 critical error",
        [
            ("VICTIM-END", "wrong value", 0.0, "10/28/2016", "no end date"),
        ],
    ),
    mistake(
        "in-care-victim-2016",
        "client-code-on-the-referral",
        (
            "Victim During Care is added on the referral's Special Projects page instead of "
            "Maya's case."
        ),
        10.0,
        "Not passed: 2 critical errors",
        [
            ("CASE-SPC-ON-SUBSTANTIATION", "missed", 0.0, "(none)", "S-CSEC Victim During Care"),
            ("VDC-WHEN", "missed", 0.0, "(none)", "S-CSEC Victim During Care"),
            ("VDC-START", "missed", 0.0, None, "09/24/2016"),
            ("VICTIM-END", "missed", 0.0, None, "no end date"),
            ("SPC-WRONG-NOTEBOOK", "extra", -2.0, "referral notebook", "case notebook"),
        ],
    ),
    mistake(
        "in-care-victim-2016",
        "before-care-code-for-in-care-victim",
        (
            "Victim Before Care instead of Victim During Care for a youth who became a victim "
            "while in her foster home."
        ),
        18.0,
        "Not passed: 1 critical error",
        [
            (
                "VDC-WHEN",
                "wrong value",
                0.0,
                "S-CSEC Victim Before Care",
                "S-CSEC Victim During Care",
            ),
        ],
    ),
    # -- exploitation-primary-removal-2015
    mistake(
        "exploitation-primary-removal-2015",
        "general-neglect-as-only-reason",
        (
            "The removal is entered with General Neglect as its only reason, although the "
            "exploitation itself was why Alondra was removed."
        ),
        14.0,
        "Not passed: 1 critical error",
        [
            (
                "RMV-EXPLOITATION-REASON",
                "wrong value",
                0.0,
                "primary General Neglect, secondary (blank)",
                "Exploitation as primary or secondary reason",
            ),
        ],
    ),
    mistake(
        "exploitation-primary-removal-2015",
        "victim-code-dated-from-victimization",
        (
            "Victim Before Care starts 06/06/2015, the day she became a victim, instead of "
            "07/22/2015, the day her case was opened."
        ),
        14.0,
        "Not passed: 1 critical error",
        [
            ("VBC-START", "wrong value", 0.0, "06/06/2015", "07/22/2015"),
        ],
    ),
    mistake(
        "exploitation-primary-removal-2015",
        "referral-code-in-2015",
        (
            "S-CSEC Referral is added to the referral in August 2015, a year before the code "
            "existed (the replica's dropdown does not offer it; an attempt file can still hold "
            "it)."
        ),
        14.0,
        "Passed",
        [
            ("SPC-NOT-YET-ACTIVE", "extra", -2.0, "S-CSEC Referral", "available from 09/21/2016"),
        ],
    ),
    # -- failure-to-protect-removal-2016
    mistake(
        "failure-to-protect-removal-2016",
        "reasons-for-removal-reversed",
        (
            "Exploitation is entered as the primary reason for removal and General Neglect as the "
            "secondary, although the father's failure to protect was the main reason."
        ),
        28.0,
        "Passed",
        [
            (
                "RMV-FAIL-TO-PROTECT",
                "wrong value",
                0.0,
                "primary Exploitation, secondary General Neglect",
                "primary General Neglect, secondary Exploitation",
            ),
        ],
    ),
    mistake(
        "failure-to-protect-removal-2016",
        "father-named-on-exploitation",
        (
            "The father is named as perpetrator on the Exploitation allegation and no General "
            "Neglect allegation is entered for his failure to protect."
        ),
        22.0,
        "Not passed: 78.6% is below the pass mark of 80%",
        [
            ("REF-SUBCATEGORY", "missed", 0.0, None, "Fail/Unable to Protect from CSE"),
            ("ALG-PERPETRATOR", "wrong value", 0.0, "BRANDT, Dale", "OAKES, Tremaine"),
            ("ALG-OTHER", "missed", 0.0, "(none)", "General Neglect"),
        ],
    ),
    mistake(
        "failure-to-protect-removal-2016",
        "during-care-code-for-before-care-victim",
        (
            "Victim During Care instead of Victim Before Care: Kaylee is in care now, but she "
            "became a victim while living at home."
        ),
        24.0,
        "Not passed: 1 critical error",
        [
            ("RMV-SPC-LINK", "missed", 0.0, "(none)", "S-CSEC Victim Before Care"),
            (
                "VBC-WHEN",
                "wrong value",
                0.0,
                "S-CSEC Victim During Care",
                "S-CSEC Victim Before Care",
            ),
        ],
    ),
    # -- direct-report-in-care-2017
    mistake(
        "direct-report-in-care-2017",
        "no-code-on-direct-report",
        (
            "The referral is created and the allegation entered, but S-CSEC Referral is left off "
            "because the report did not come through the hotline."
        ),
        14.0,
        "Not passed: 1 critical error",
        [
            ("REF-SPC-REQUIRED", "missed", 0.0, "(none)", "S-CSEC Referral"),
            ("REF-SPC-START", "missed", 0.0, None, "02/14/2017"),
            ("REF-SPC-END", "missed", 0.0, None, "03/03/2017"),
        ],
    ),
    mistake(
        "direct-report-in-care-2017",
        "referral-dated-at-screening",
        (
            "The referral and its S-CSEC Referral are dated 02/16/2017, the day of the screening, "
            "instead of 02/14/2017, the day Jasmine told her worker."
        ),
        18.0,
        "Not passed: 1 critical error",
        [
            ("REF-SPC-START", "wrong value", 0.0, "02/16/2017", "02/14/2017"),
        ],
    ),
    mistake(
        "direct-report-in-care-2017",
        "victim-code-from-disclosure",
        (
            "Victim During Care starts 02/14/2017, the day of the disclosure, instead of "
            "01/28/2017, the day the screening found she became a victim."
        ),
        18.0,
        "Not passed: 1 critical error",
        [
            ("VDC-START", "wrong value", 0.0, "02/14/2017", "01/28/2017"),
        ],
    ),
    # -- duplicate-referral-2016
    mistake(
        "duplicate-referral-2016",
        "referral-code-on-the-duplicate-too",
        (
            "S-CSEC Referral is added to the duplicate afternoon referral as well as to the "
            "primary one."
        ),
        18.0,
        "Not passed: 1 critical error",
        [
            (
                "REF-DUPLICATE-PRIMARY",
                "wrong value",
                0.0,
                "S-CSEC Referral",
                "(none: the primary referral carries it)",
            ),
        ],
    ),
    mistake(
        "duplicate-referral-2016",
        "referral-code-on-the-duplicate-only",
        (
            "S-CSEC Referral is put on the afternoon duplicate instead of the morning primary "
            "referral."
        ),
        12.0,
        "Not passed: 2 critical errors",
        [
            ("REF-SPC-REQUIRED", "missed", 0.0, "(none)", "S-CSEC Referral"),
            ("REF-SPC-START", "missed", 0.0, None, "11/03/2016"),
            ("REF-SPC-END", "missed", 0.0, None, "11/30/2016"),
            (
                "REF-DUPLICATE-PRIMARY",
                "wrong value",
                0.0,
                "S-CSEC Referral",
                "(none: the primary referral carries it)",
            ),
        ],
    ),
    mistake(
        "duplicate-referral-2016",
        "neglect-against-protective-mother",
        (
            "A General Neglect / Fail-Unable to Protect allegation is entered against the mother, "
            "who went to the police the day she found out."
        ),
        18.0,
        "Passed",
        [
            ("ALG-OTHER", "extra", -2.0, "General Neglect", "(none)"),
        ],
    ),
    # -- associated-referrals-2017
    mistake(
        "associated-referrals-2017",
        "no-absence-code",
        (
            "Victim During Care only: no Absence From Placement for the April absence during "
            "which Lena was exploited."
        ),
        28.0,
        "Not passed: 1 critical error",
        [
            (
                "SPC-MULTIPLE",
                "missed",
                0.0,
                "S-CSEC Victim During Care",
                "S-CSEC Victim During Care, S-CSEC Absence From Placement",
            ),
            ("ABS-WHEN", "missed", 0.0, "(none)", "S-CSEC Absence From Placement"),
            ("ABS-DATES", "missed", 0.0, None, "04/08/2017"),
            ("ABS-DATES", "missed", 0.0, None, "04/10/2017"),
        ],
    ),
    mistake(
        "associated-referrals-2017",
        "absence-ended-at-screening",
        (
            "Absence From Placement ends 04/11/2017, the day of the follow-up screening, instead "
            "of 04/10/2017, the night she returned to placement."
        ),
        32.0,
        "Not passed: 1 critical error",
        [
            ("ABS-DATES", "wrong value", 0.0, "04/11/2017", "04/10/2017"),
        ],
    ),
    mistake(
        "associated-referrals-2017",
        "referral-code-on-police-report",
        (
            "S-CSEC Referral is put on the police fax referral, the associated one, instead of "
            "the primary hotline referral."
        ),
        26.0,
        "Not passed: 2 critical errors",
        [
            ("REF-SPC-REQUIRED", "missed", 0.0, "(none)", "S-CSEC Referral"),
            ("REF-SPC-START", "missed", 0.0, None, "04/03/2017"),
            ("REF-SPC-END", "missed", 0.0, None, "05/05/2017"),
            (
                "REF-DUPLICATE-PRIMARY",
                "wrong value",
                0.0,
                "S-CSEC Referral",
                "(none: the primary referral carries it)",
            ),
        ],
    ),
    # -- several-children-one-report-2016
    mistake(
        "several-children-one-report-2016",
        "both-sisters-on-one-referral",
        (
            "Harmony's allegations and removal are entered on Serenity's referral; no separate "
            "referral is created for Harmony."
        ),
        50.0,
        "Passed",
        [
            ("REF-SPC-REQUIRED", "missed", 0.0, None, "S-CSEC Referral"),
            ("REF-SPC-START", "missed", 0.0, None, "11/07/2016"),
            ("REF-SPC-END", "missed", 0.0, None, "12/06/2016"),
            ("REF-ONE-PER-CHILD", "missed", 0.0, "(none)", "a referral for MOORE, Serenity"),
            ("REF-ONE-PER-CHILD", "missed", 0.0, "(none)", "a referral for MOORE, Harmony"),
        ],
    ),
    mistake(
        "several-children-one-report-2016",
        "second-referral-dated-when-created",
        (
            "Harmony's new referral and its S-CSEC Referral are dated 11/08/2016, the day it was "
            "created, instead of 11/07/2016, the day of the call."
        ),
        58.0,
        "Not passed: 1 critical error",
        [
            ("REF-SPC-START", "wrong value", 0.0, "11/08/2016", "11/07/2016"),
        ],
    ),
    mistake(
        "several-children-one-report-2016",
        "victim-code-for-one-sister",
        "Victim Before Care is attached to Serenity's case only, not to Harmony's.",
        50.0,
        "Not passed: 1 critical error",
        [
            ("RMV-SPC-LINK", "missed", 0.0, "(none)", "S-CSEC Victim Before Care"),
            ("CASE-SPC-ON-SUBSTANTIATION", "missed", 0.0, "(none)", "S-CSEC Victim Before Care"),
            ("VBC-WHEN", "missed", 0.0, "(none)", "S-CSEC Victim Before Care"),
            ("VBC-START", "missed", 0.0, None, "11/10/2016"),
            ("VICTIM-END", "missed", 0.0, None, "no end date"),
        ],
    ),
    # -- at-risk-two-indicators-2016
    mistake(
        "at-risk-two-indicators-2016",
        "at-risk-from-first-indicator",
        (
            "At-Risk starts 09/30/2016, the day of the first indicator (truancy), instead of "
            "10/14/2016, the day the worker identified Mateo as at risk."
        ),
        4.0,
        "Not passed: 1 critical error",
        [
            ("AR-START", "wrong value", 0.0, "09/30/2016", "10/14/2016"),
        ],
    ),
    mistake(
        "at-risk-two-indicators-2016",
        "no-at-risk-code",
        (
            "Nothing entered: the worker waits for an allegation of exploitation before "
            "documenting risk."
        ),
        0.0,
        "Not passed: 1 critical error",
        [
            ("AR-WHEN", "missed", 0.0, "(none)", "S-CSEC At-Risk"),
            ("AR-START", "missed", 0.0, None, "10/14/2016"),
            ("AR-END", "missed", 0.0, None, "no end date"),
        ],
    ),
    # -- at-risk-one-indicator-2016
    mistake(
        "at-risk-one-indicator-2016",
        "at-risk-with-one-indicator",
        (
            "At-Risk is attached on 10/26/2016 on the strength of prior sexual trauma alone (her "
            "new phone is not an indicator)."
        ),
        0.0,
        "Not passed: 1 critical error",
        [
            ("AR-WHEN", "wrong value", 0.0, "S-CSEC At-Risk", "(none: fewer than two indicators)"),
        ],
    ),
    # -- at-risk-then-victim-2017
    mistake(
        "at-risk-then-victim-2017",
        "at-risk-left-open",
        (
            "At-Risk (from 10/12/2016) and Victim During Care are both entered, but At-Risk is "
            "left without an end date."
        ),
        24.0,
        "Not passed: 1 critical error",
        [
            ("AR-END", "wrong value", 0.0, "no end date", "01/21/2017"),
            (
                "AR-TO-VICTIM",
                "missed",
                0.0,
                "At-Risk not end-dated, Victim During Care added",
                "At-Risk end-dated, Victim During Care added",
            ),
        ],
    ),
    mistake(
        "at-risk-then-victim-2017",
        "dated-from-the-hotline-call",
        (
            "At-Risk is ended and Victim During Care started on 01/26/2017, the day of the "
            "hotline call, instead of 01/21/2017, the day she became a victim."
        ),
        24.0,
        "Not passed: 2 critical errors",
        [
            ("VDC-START", "wrong value", 0.0, "01/26/2017", "01/21/2017"),
            ("AR-END", "wrong value", 0.0, "01/26/2017", "01/21/2017"),
        ],
    ),
    mistake(
        "at-risk-then-victim-2017",
        "victim-code-only",
        (
            "Victim During Care only: At-Risk is never entered, as if a victim no longer needed "
            "the at-risk history."
        ),
        20.0,
        "Not passed: 1 critical error",
        [
            (
                "SPC-MULTIPLE",
                "missed",
                0.0,
                "S-CSEC Victim During Care",
                "S-CSEC At-Risk, S-CSEC Victim During Care",
            ),
            ("AR-WHEN", "missed", 0.0, "(none)", "S-CSEC At-Risk"),
            ("AR-START", "missed", 0.0, None, "10/12/2016"),
            ("AR-END", "missed", 0.0, None, "01/21/2017"),
            (
                "AR-TO-VICTIM",
                "missed",
                0.0,
                "At-Risk not end-dated, Victim During Care added",
                "At-Risk end-dated, Victim During Care added",
            ),
        ],
    ),
    mistake(
        "at-risk-then-victim-2017",
        "at-risk-end-year-typo",
        "At-Risk end date typed 01/21/2016, last year's number, in February.",
        26.0,
        "Not passed: 1 critical error",
        [
            ("AR-END", "wrong value", 0.0, "01/21/2016", "01/21/2017"),
            ("DATE-ORDER", "extra", 0.0, "01/21/2016", "on or after 10/12/2016"),
        ],
    ),
    # -- absence-from-placement-2015
    mistake(
        "absence-from-placement-2015",
        "absence-from-first-exploitation",
        (
            "Absence From Placement starts 10/04/2015, the day the exploitation began, instead of "
            "10/02/2015, the day she left the group home."
        ),
        8.0,
        "Not passed: 1 critical error",
        [
            ("ABS-DATES", "wrong value", 0.0, "10/04/2015", "10/02/2015"),
        ],
    ),
    mistake(
        "absence-from-placement-2015",
        "victim-during-care-instead",
        (
            "Victim During Care from 10/04/2015 instead of Absence From Placement for a youth "
            "exploited while away from her placement."
        ),
        4.0,
        "Not passed: 1 critical error",
        [
            ("ABS-WHEN", "missed", 0.0, "(none)", "S-CSEC Absence From Placement"),
            ("ABS-DATES", "missed", 0.0, None, "10/02/2015"),
            ("ABS-DATES", "missed", 0.0, None, "10/09/2015"),
        ],
    ),
    # -- several-absences-2016
    mistake(
        "several-absences-2016",
        "one-code-for-two-absences",
        (
            "One Absence From Placement from 06/02/2016 to 09/30/2016 covers both absences during "
            "which Gabriela was exploited."
        ),
        26.0,
        "Not passed: 2 critical errors",
        [
            ("ABS-WHEN", "missed", 0.0, "(none)", "S-CSEC Absence From Placement"),
            ("ABS-DATES", "wrong value", 0.0, "09/30/2016", "06/10/2016"),
            ("ABS-DATES", "missed", 0.0, None, "09/17/2016"),
            ("ABS-DATES", "missed", 0.0, None, "09/30/2016"),
            ("ABS-PER-INCIDENT", "missed", 0.0, "1 code(s)", "2 codes"),
        ],
    ),
    mistake(
        "several-absences-2016",
        "code-for-every-absence",
        (
            "Absence From Placement is added for the March absence too, when she stayed with a "
            "classmate's family and was not exploited."
        ),
        34.0,
        "Not passed: 1 critical error",
        [
            ("ABS-WHEN", "extra", -2.0, "S-CSEC Absence From Placement", "(none)"),
        ],
    ),
    mistake(
        "several-absences-2016",
        "absence-dated-from-disclosure",
        (
            "The September absence code runs from 09/19/2016, when the exploitation began, to "
            "11/15/2016, when she disclosed it."
        ),
        32.0,
        "Not passed: 2 critical errors",
        [
            ("ABS-DATES", "wrong value", 0.0, "09/19/2016", "09/17/2016"),
            ("ABS-DATES", "wrong value", 0.0, "11/15/2016", "09/30/2016"),
        ],
    ),
    # -- in-home-at-risk-2016
    mistake(
        "in-home-at-risk-2016",
        "absence-code-for-running-from-home",
        (
            "Absence From Placement is added for her three nights away from her mother's home "
            "(11/12-11/15/2016), although she is not in foster care."
        ),
        6.0,
        "Not passed: 1 critical error",
        [
            (
                "ABS-POPULATION",
                "wrong value",
                0.0,
                "S-CSEC Absence From Placement",
                "(none: not in foster care)",
            ),
        ],
    ),
    mistake(
        "in-home-at-risk-2016",
        "at-risk-from-first-indicator",
        (
            "At-Risk starts 11/18/2016, when the running away was noted, instead of 11/29/2016, "
            "the day the worker identified her as at risk."
        ),
        6.0,
        "Not passed: 1 critical error",
        [
            ("AR-START", "wrong value", 0.0, "11/18/2016", "11/29/2016"),
        ],
    ),
    # -- independent-living-youth-2017
    mistake(
        "independent-living-youth-2017",
        "absence-code-for-time-away",
        (
            "Absence From Placement is added for the ten days away from her guardian's home, "
            "although she receives only independent living services."
        ),
        6.0,
        "Not passed: 1 critical error",
        [
            (
                "ABS-POPULATION",
                "wrong value",
                0.0,
                "S-CSEC Absence From Placement",
                "(none: not in foster care)",
            ),
        ],
    ),
    mistake(
        "independent-living-youth-2017",
        "at-risk-from-tattoo",
        (
            "At-Risk starts 04/03/2017, the day the tattoo was noticed (one indicator), instead "
            "of 04/10/2017, the day she was identified as at risk."
        ),
        6.0,
        "Not passed: 1 critical error",
        [
            ("AR-START", "wrong value", 0.0, "04/03/2017", "04/10/2017"),
        ],
    ),
    # -- services-ended-2017
    mistake(
        "services-ended-2017",
        "victim-code-left-open",
        ("Victim Before Care is entered without an end date, although services ended 06/09/2017."),
        14.0,
        "Not passed: 1 critical error",
        [
            ("VICTIM-END", "wrong value", 0.0, "no end date", "06/09/2017"),
        ],
    ),
    mistake(
        "services-ended-2017",
        "ended-when-she-went-home",
        (
            "Victim Before Care ends 01/20/2017, the day Nia went home, although family "
            "maintenance services continued until 06/09/2017."
        ),
        14.0,
        "Not passed: 1 critical error",
        [
            ("VICTIM-END", "wrong value", 0.0, "01/20/2017", "06/09/2017"),
        ],
    ),
    mistake(
        "services-ended-2017",
        "victim-code-from-victimization",
        (
            "Victim Before Care starts 08/12/2016, the day she became a victim, before she "
            "entered the child welfare system."
        ),
        14.0,
        "Not passed: 1 critical error",
        [
            ("VBC-START", "wrong value", 0.0, "08/12/2016", "10/03/2016"),
        ],
    ),
    mistake(
        "services-ended-2017",
        "referral-code-dated-today",
        (
            "S-CSEC Referral is dated from today, 06/16/2017, the day the worker typed it, with "
            "no end date."
        ),
        12.0,
        "Not passed: 2 critical errors",
        [
            ("REF-SPC-START", "wrong value", 0.0, "06/16/2017", "09/29/2016"),
            ("REF-SPC-END", "wrong value", 0.0, "no end date", "10/21/2016"),
        ],
    ),
    mistake(
        "services-ended-2017",
        "end-date-at-month-end",
        (
            "Victim Before Care is end-dated 06/30/2017, the end of the month the file will "
            "close, a date still to come."
        ),
        14.0,
        "Not passed: 1 critical error",
        [
            ("VICTIM-END", "wrong value", 0.0, "06/30/2017", "06/09/2017"),
            ("DATE-NOT-FUTURE", "extra", 0.0, "06/30/2017", "on or before 06/16/2017"),
        ],
    ),
    # -- investigation-open-2016
    mistake(
        "investigation-open-2016",
        "end-date-guessed",
        (
            "S-CSEC Referral is given the investigation's due date, 10/26/2016, as its end date "
            "while the investigation is still open."
        ),
        10.0,
        "Not passed: 1 critical error",
        [
            ("REF-SPC-END", "wrong value", 0.0, "10/26/2016", "no end date"),
            ("DATE-NOT-FUTURE", "extra", 0.0, "10/26/2016", "on or before 10/07/2016"),
        ],
    ),
    mistake(
        "investigation-open-2016",
        "end-date-today",
        "S-CSEC Referral is end-dated today, 10/07/2016, though the investigation continues.",
        10.0,
        "Not passed: 1 critical error",
        [
            ("REF-SPC-END", "wrong value", 0.0, "10/07/2016", "no end date"),
        ],
    ),
    mistake(
        "investigation-open-2016",
        "father-named-as-perpetrator",
        (
            "The father is named as perpetrator because the field seemed to need a name; nobody "
            "has been identified."
        ),
        10.0,
        "Passed",
        [
            ("ALG-PERPETRATOR", "wrong value", 0.0, "COLE, Gerald", "(none)"),
        ],
    ),
    mistake(
        "investigation-open-2016",
        "sexual-abuse-category",
        "The allegation is entered as Sexual Abuse instead of Exploitation.",
        6.0,
        "Not passed: 1 critical error",
        [
            ("REF-SUBCATEGORY", "missed", 0.0, None, "Commercial Sexual Exploitation"),
            ("ALG-EXPLOITATION", "wrong value", 0.0, "Sexual Abuse", "Exploitation"),
            ("ALG-PERPETRATOR", "missed", 0.0, None, "(none)"),
        ],
    ),
    # -- unsubstantiated-allegation-2017
    mistake(
        "unsubstantiated-allegation-2017",
        "no-code-because-unfounded",
        "No S-CSEC Referral because the allegation was unfounded.",
        6.0,
        "Not passed: 1 critical error",
        [
            ("REF-SPC-REQUIRED", "missed", 0.0, "(none)", "S-CSEC Referral"),
            ("REF-SPC-START", "missed", 0.0, None, "07/10/2017"),
            ("REF-SPC-END", "missed", 0.0, None, "08/04/2017"),
        ],
    ),
    mistake(
        "unsubstantiated-allegation-2017",
        "victim-code-on-unfounded",
        (
            "Victim During Care is attached to Kiara's case from 07/08/2017 although the "
            "allegation was unfounded."
        ),
        10.0,
        "Not passed: 1 critical error",
        [
            ("VDC-WHEN", "extra", -2.0, "S-CSEC Victim During Care", "(none)"),
        ],
    ),
    # -- referral-before-scsec-code-2016
    mistake(
        "referral-before-scsec-code-2016",
        "referral-code-before-it-existed",
        (
            "S-CSEC Referral is added in August 2016, before the code became active on 09/21/2016 "
            "(the replica's dropdown does not offer it; an attempt file can still hold it)."
        ),
        12.0,
        "Passed",
        [
            ("SPC-NOT-YET-ACTIVE", "extra", -2.0, "S-CSEC Referral", "available from 09/21/2016"),
        ],
    ),
    mistake(
        "referral-before-scsec-code-2016",
        "no-subcategory",
        "The Exploitation allegation is entered without its subcategory, as in 2015.",
        12.0,
        "Passed",
        [
            ("REF-SUBCATEGORY", "wrong value", 0.0, "(blank)", "Commercial Sexual Exploitation"),
        ],
    ),
    mistake(
        "referral-before-scsec-code-2016",
        "victim-code-from-hotline-date",
        (
            "Victim During Care starts 07/18/2016, the day of the hotline call, instead of "
            "07/02/2016, the day she became a victim."
        ),
        12.0,
        "Not passed: 1 critical error",
        [
            ("VDC-START", "wrong value", 0.0, "07/18/2016", "07/02/2016"),
        ],
    ),
    # -- at-risk-ended-2017
    mistake(
        "at-risk-ended-2017",
        "at-risk-never-ended",
        (
            "At-Risk is entered from 10/20/2016 but not end-dated although the team decided on "
            "05/12/2017 that he is no longer at risk."
        ),
        4.0,
        "Not passed: 1 critical error",
        [
            ("AR-END", "wrong value", 0.0, "no end date", "05/12/2017"),
        ],
    ),
    mistake(
        "at-risk-ended-2017",
        "absence-code-without-exploitation",
        (
            "Absence From Placement is added for the October absence (returned by police), "
            "although no exploitation was identified."
        ),
        4.0,
        "Not passed: 1 critical error",
        [
            ("ABS-WHEN", "extra", -2.0, "S-CSEC Absence From Placement", "(none)"),
        ],
    ),
    # -- the CSEC Data Grid (ACL 16-49)
    mistake(
        "grid-in-home-victim-2017",
        "victim-before-foster-care",
        (
            "The grid row is Victim Before Foster Care, although Aaliyah was never removed and "
            "has an open in-home case: the type is Victim in Open Case not in Foster Care."
        ),
        4.0,
        "Not passed: 66.7% is below the pass mark of 80%",
        [
            (
                "GRID-TYPE",
                "wrong value",
                0.0,
                "Victim Before Foster Care",
                "Victim in Open Case not in Foster Care",
            ),
        ],
    ),
    mistake(
        "grid-in-home-victim-2017",
        "started-on-the-referral-date",
        (
            "The row starts 02/27/2017, the day the hotline received the referral, instead of "
            "02/04/2017, the day the exploitation began."
        ),
        4.0,
        "Not passed: 66.7% is below the pass mark of 80%",
        [
            ("GRID-DATES", "wrong value", 0.0, "02/27/2017", "02/04/2017"),
        ],
    ),
    mistake(
        "grid-independent-living-youth-2017",
        "absence-row-for-the-nights-away",
        (
            "Beside the right row, a Victim while Absent from Placement row from 04/21/2017 with "
            "no End Date for the nights Brianna spent away from her guardian's home."
        ),
        2.0,
        "Not passed: 1 critical error",
        [
            ("GRID-TYPE", "extra", -2.0, "Victim while Absent from Placement", "(none)"),
            ("GRID-ABSENT-END", "extra", -2.0, "no End Date", "an End Date"),
        ],
    ),
    mistake(
        "grid-independent-living-youth-2017",
        "victim-in-open-case",
        (
            "The row is Victim in Open Case not in Foster Care, although Brianna's dependency "
            "case has closed and she receives only ILP services."
        ),
        4.0,
        "Not passed: 66.7% is below the pass mark of 80%",
        [
            (
                "GRID-TYPE",
                "wrong value",
                0.0,
                "Victim in Open Case not in Foster Care",
                "Victim with Closed Case, Rcv ILP Svcs",
            ),
        ],
    ),
    mistake(
        "grid-absence-end-date-2017",
        "absence-row-without-end-date",
        (
            "The Victim while Absent from Placement row is left without an End Date; Jada "
            "returned to placement on 03/09/2017."
        ),
        2.0,
        "Not passed: 1 critical error",
        [
            ("GRID-DATES", "wrong value", 0.0, "no End Date", "03/09/2017"),
            ("GRID-ABSENT-END", "extra", -2.0, "no End Date", "an End Date"),
        ],
    ),
    mistake(
        "grid-absence-end-date-2017",
        "victim-during-foster-care",
        (
            "The row is Victim During Foster Care, with the absence's dates, instead of Victim "
            "while Absent from Placement."
        ),
        4.0,
        "Not passed: 66.7% is below the pass mark of 80%",
        [
            (
                "GRID-TYPE",
                "wrong value",
                0.0,
                "Victim During Foster Care",
                "Victim while Absent from Placement",
            ),
        ],
    ),
    mistake(
        "grid-absence-end-date-2017",
        "started-on-the-day-exploitation-began",
        (
            "The absence row starts 03/04/2017, the day the exploitation began, instead of "
            "03/03/2017, the first day Jada was absent."
        ),
        4.0,
        "Not passed: 66.7% is below the pass mark of 80%",
        [
            ("GRID-DATES", "wrong value", 0.0, "03/04/2017", "03/03/2017"),
        ],
    ),
    mistake(
        "grid-absence-end-date-2017",
        "end-date-typed-with-last-year",
        (
            "The absence row's End Date is typed 03/09/2016 instead of 03/09/2017, before its "
            "Start Date."
        ),
        2.0,
        "Not passed: 1 critical error",
        [
            ("GRID-DATES", "wrong value", 0.0, "03/09/2016", "03/09/2017"),
            ("GRID-DATE-ORDER", "extra", -2.0, "03/09/2016", "on or after 03/03/2017"),
        ],
    ),
    mistake(
        "grid-at-risk-then-victim-2017",
        "at-risk-left-open",
        (
            "Victim During Foster Care is added from 02/18/2017 but the At Risk row is left "
            "without an End Date."
        ),
        6.0,
        "Not passed: 75% is below the pass mark of 80%",
        [
            ("GRID-DATES", "wrong value", 0.0, "no End Date", "02/18/2017"),
        ],
    ),
    mistake(
        "grid-at-risk-then-victim-2017",
        "at-risk-row-deleted",
        (
            "The At Risk row the previous worker saved is deleted instead of end-dated; Victim "
            "During Foster Care is added."
        ),
        4.0,
        "Not passed: 50% is below the pass mark of 80%",
        [
            ("GRID-TYPE", "missed", 0.0, "(none)", "At Risk"),
            ("GRID-DATES", "missed", 0.0, None, "11/15/2016"),
            ("GRID-DATES", "missed", 0.0, None, "02/18/2017"),
            (
                "GRID-NO-DUPLICATE",
                "extra",
                -2.0,
                "(the row deleted)",
                "the row kept, end-dated if it has ended",
            ),
        ],
    ),
    mistake(
        "grid-at-risk-then-victim-2017",
        "at-risk-deleted-and-entered-again",
        (
            "The saved At Risk row is deleted and entered again with the right dates, instead of "
            "end-dating the saved row."
        ),
        6.0,
        "Not passed: 75% is below the pass mark of 80%",
        [
            (
                "GRID-NO-DUPLICATE",
                "extra",
                -2.0,
                "(the row deleted)",
                "the row kept, end-dated if it has ended",
            ),
        ],
    ),
    mistake(
        "grid-before-care-exploitation-began-earlier-2017",
        "grid-row-started-on-case-opening",
        (
            "The Victim Before Foster Care row starts 01/12/2017, the day the case was opened, "
            "instead of 09/10/2016, the day the exploitation began."
        ),
        14.0,
        "Passed",
        [
            ("GRID-DATES", "wrong value", 0.0, "01/12/2017", "09/10/2016"),
        ],
    ),
    mistake(
        "grid-before-care-exploitation-began-earlier-2017",
        "case-code-started-when-exploitation-began",
        (
            "S-CSEC Victim Before Care starts 09/10/2016, the day the exploitation began, instead "
            "of 01/12/2017, the day the case was opened."
        ),
        14.0,
        "Not passed: 1 critical error",
        [
            ("VBC-START", "wrong value", 0.0, "09/10/2016", "01/12/2017"),
        ],
    ),
    mistake(
        "grid-runaway-from-home-2017",
        "absent-from-placement-instead",
        (
            "The row is Victim while Absent from Placement, although Imani ran away from her "
            "father's home and was never in a placement."
        ),
        4.0,
        "Not passed: 66.7% is below the pass mark of 80%",
        [
            (
                "GRID-TYPE",
                "wrong value",
                0.0,
                "Victim while Absent from Placement",
                "Victim in Open Case not in Foster Care",
            ),
        ],
    ),
    mistake(
        "grid-runaway-from-home-2017",
        "absent-from-placement-as-well",
        (
            "Beside the right row, a Victim while Absent from Placement row for the days Imani "
            "was away from home."
        ),
        4.0,
        "Not passed: 66.7% is below the pass mark of 80%",
        [
            ("GRID-TYPE", "extra", -2.0, "Victim while Absent from Placement", "(none)"),
        ],
    ),
    mistake(
        "grid-duplicate-type-2017",
        "second-at-risk-while-first-open",
        (
            "A second At Risk row is added from 03/14/2017 while the first, from 08/22/2016, is "
            "left without an End Date."
        ),
        4.0,
        "Not passed: 1 critical error",
        [
            ("GRID-DATES", "wrong value", 0.0, "no End Date", "12/16/2016"),
            ("GRID-NO-DUPLICATE", "extra", -2.0, "two At Risk rows", "one at a time"),
        ],
    ),
    mistake(
        "grid-duplicate-type-2017",
        "first-at-risk-row-reused",
        (
            "The saved At Risk row's Start Date is moved to 03/14/2017 instead of end-dating it "
            "on 12/16/2016 and adding a new row."
        ),
        4.0,
        "Not passed: 50% is below the pass mark of 80%",
        [
            ("GRID-TYPE", "missed", 0.0, "(none)", "At Risk"),
            ("GRID-DATES", "missed", 0.0, None, "08/22/2016"),
            ("GRID-DATES", "missed", 0.0, None, "12/16/2016"),
            (
                "GRID-NO-DUPLICATE",
                "extra",
                -2.0,
                "(the row rewritten as another episode)",
                "the row kept, end-dated if it has ended",
            ),
        ],
    ),
    mistake(
        "grid-start-before-birth-2017",
        "start-year-typed-as-birth-year",
        (
            "The Victim During Foster Care row starts 04/01/2002, Destiny's birth year typed by "
            "mistake, instead of 04/01/2017."
        ),
        2.0,
        "Not passed: 1 critical error",
        [
            ("GRID-DATES", "wrong value", 0.0, "04/01/2002", "04/01/2017"),
            ("GRID-NOT-BEFORE-BIRTH", "extra", -2.0, "04/01/2002", "on or after 07/21/2002"),
        ],
    ),
]


# -- the reference attempts -----------------------------------------------------------


@pytest.mark.parametrize("scenario_id", SCENARIO_IDS)
def test_the_reference_attempt_scores_full_marks(scenario_id: str) -> None:
    report = graded(scenario_id, "reference")
    lost = [
        (f.rule_id, str(f.outcome), f.entered, f.expected)
        for f in report.findings
        if f.outcome is not Outcome.MET
    ]
    assert lost == []
    assert report.score == report.possible
    assert report.percent == 100.0
    assert report.passed


def test_every_reference_has_points_to_win() -> None:
    """Even at-risk-one-indicator-2016, whose right answer is no entry: the decision to
    leave At-Risk off is an expectation met (RULES.md, Scoring principles)."""
    empty = [sid for sid in SCENARIO_IDS if graded(sid, "reference").possible == 0]
    assert empty == []


# -- the mistake attempts -------------------------------------------------------------


@pytest.mark.parametrize(
    ("scenario_id", "name", "description", "score", "verdict", "expected"), MISTAKES
)
def test_a_mistake_attempt_loses_exactly_its_points_and_gets_its_verdict(
    scenario_id: str,
    name: str,
    description: str,
    score: float,
    verdict: str,
    expected: list[Row],
) -> None:
    report = graded(scenario_id, name)
    assert report.verdict == verdict, description
    lost = [
        (f.rule_id, str(f.outcome), f.points, f.entered, f.expected)
        for f in report.findings
        if f.outcome is not Outcome.MET
    ]
    assert lost == expected, description
    assert report.score == score
    assert report.possible == graded(scenario_id, "reference").possible
    assert expected, "a mistake attempt must lose something"


def test_every_attempt_file_is_in_the_table_and_every_scenario_has_both_kinds() -> None:
    on_disk = {(p.parent.name, p.stem) for p in ATTEMPTS.glob("*/*.json") if p.stem != "reference"}
    listed = {(p.values[0], p.values[1]) for p in MISTAKES}
    assert on_disk == listed
    assert sorted(p.name for p in ATTEMPTS.iterdir() if p.is_dir()) == SCENARIO_IDS
    for sid in SCENARIO_IDS:
        assert (ATTEMPTS / sid / "reference.json").is_file(), sid
        assert any(p.values[0] == sid for p in MISTAKES), sid


def test_every_description_is_one_line_a_trainer_can_read() -> None:
    for param in MISTAKES:
        description = param.values[2]
        assert "\n" not in description and 30 <= len(description) <= 240, param.id
        assert description.endswith("."), param.id
