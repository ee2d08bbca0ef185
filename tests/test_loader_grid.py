"""The scenario format's grid parts are checked where they stand (file, line, column)."""

from __future__ import annotations

import copy

import pytest
import yaml
from scenario_builders import BASE

from cwstrainer.errors import ScenarioInvalid
from cwstrainer.scenario.loader import load_text


def text(**changes) -> str:
    data = copy.deepcopy(BASE)
    data.update(changes)
    return yaml.safe_dump(data, sort_keys=False)


def problems(**changes) -> str:
    with pytest.raises(ScenarioInvalid) as caught:
        load_text(text(**changes), "s.yaml")
    return str(caught.value)


def test_the_grid_is_refused_before_acl_16_49():
    assert "came with ACL 16-49 (05/23/2016)" in problems(
        documentation="grid",
        today="2016-04-01",
        referrals=[BASE["referrals"][0]],
        facts={"victims": []},
        key={},
    )


def test_grid_rows_need_grid_documentation():
    found = problems(grid=[{"child": "maya", "type": "At Risk", "start": "2016-09-10"}])
    assert "grid rows need 'documentation: grid' or 'both'" in found
    assert "s.yaml:" in found  # located


def test_a_row_before_the_birth_date_is_refused_where_it_stands():
    clients = copy.deepcopy(BASE["clients"])
    clients[0]["csec_history"] = [{"type": "At Risk", "start": "2000-01-01"}]
    found = problems(documentation="grid", clients=clients)
    assert "before 'maya''s birth date 2001-06-14 (CWS/CMS rule R-10974)" in found


def test_an_unknown_csec_type_gets_the_nearest():
    clients = copy.deepcopy(BASE["clients"])
    clients[0]["csec_history"] = [{"type": "At-Risk", "start": "2016-09-10"}]
    assert "At Risk" in problems(documentation="grid", clients=clients)


def test_at_home_is_refused_for_a_child_removed_before():
    victim = {**BASE["facts"]["victims"][0], "timing": "at home"}
    assert "'at home' but 'maya' was removed on or before" in problems(facts={"victims": [victim]})


def test_the_end_of_the_exploitation_is_not_before_it_began():
    victim = {**BASE["facts"]["victims"][0], "ended": "2016-09-01"}
    assert "the end of the exploitation (2016-09-01) is before 2016-09-24" in problems(
        facts={"victims": [victim]}
    )


def test_a_grid_scenario_loads():
    s = load_text(text(documentation="both"))
    assert s.documentation == "both"
