"""The engine implements exactly the rules of RULES.md, each under its id."""

from __future__ import annotations

import pytest

from cwstrainer.rules import registry
from cwstrainer.rules.catalog import INFERENCE_RULE_IDS, RULE_IDS

# The ids of the project's RULES.md, written out so that a rule renamed or dropped on
# either side fails here.
RULES_MD_IDS = {
    "REF-SPC-REQUIRED", "REF-SPC-START", "REF-SPC-END", "REF-DUPLICATE-PRIMARY",
    "REF-ONE-PER-CHILD", "REF-SUBCATEGORY",
    "ALG-EXPLOITATION", "ALG-PERPETRATOR", "ALG-OTHER",
    "RMV-EXPLOITATION-REASON", "RMV-FAIL-TO-PROTECT", "RMV-SPC-LINK",
    "CASE-SPC-ON-SUBSTANTIATION", "SPC-MULTIPLE", "VDC-WHEN", "VBC-WHEN", "VDC-START",
    "VBC-START", "VICTIM-END", "AR-WHEN", "AR-START", "AR-END", "AR-TO-VICTIM", "ABS-WHEN",
    "ABS-POPULATION", "ABS-DATES", "ABS-PER-INCIDENT",
    "DATE-ORDER", "DATE-NOT-FUTURE", "SPC-WRONG-NOTEBOOK", "SPC-NOT-YET-ACTIVE",
    "GRID-ABSENT-END", "GRID-NOT-BEFORE-BIRTH", "GRID-DATE-ORDER", "GRID-NO-DUPLICATE",
    "GRID-TYPE", "GRID-DATES",
}
RULES_MD_INFERENCE = {
    "REF-SPC-END", "REF-ONE-PER-CHILD", "REF-SUBCATEGORY", "DATE-NOT-FUTURE",
    "GRID-TYPE", "GRID-DATES",
}


def test_engine_checks_exactly_the_rules_of_rules_md():
    assert set(registry.checks()) == RULES_MD_IDS
    assert RULE_IDS == RULES_MD_IDS


def test_inference_rules_are_those_rules_md_marks():
    assert INFERENCE_RULE_IDS == RULES_MD_INFERENCE


def test_the_rule_ids_are_those_of_the_policy_page_itself():
    """Read RULES.md where the project's shared folder lies beside the repository (as it
    does for every session and for CI), so that a rule added there is missed here."""
    import re
    from pathlib import Path

    page = Path(__file__).resolve().parents[2] / "shared" / "RULES.md"
    if not page.exists():
        pytest.skip(f"{page} is not beside this checkout")
    ids = set(re.findall(r"`((?:REF|ALG|RMV|CASE|SPC|VDC|VBC|VICTIM|AR|ABS|DATE|GRID)-[A-Z-]+)`",
                         page.read_text(encoding="utf-8")))
    assert ids == RULES_MD_IDS


def test_each_letter_has_its_own_module():
    modules = {check.__module__ for check in registry.checks().values()}
    assert modules == set(registry.RULE_MODULES)


def test_registering_an_unknown_id_is_refused():
    with pytest.raises(ValueError, match="not in the rule catalogue"):
        registry.check("NOT-A-RULE")(lambda ctx: [])


def test_registering_a_second_check_for_a_rule_is_refused():
    with pytest.raises(ValueError, match="two checks"):
        registry.check("DATE-ORDER")(lambda ctx: [])
