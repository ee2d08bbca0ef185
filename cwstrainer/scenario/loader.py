"""Load scenario files: safe YAML, the format's types, then the cross-checks of meaning.

Every problem is reported as ``FILE:LINE:COLUMN: what is wrong``, all at once, so that a
trainer fixes a file in one pass. Nothing here ever raises anything but
:class:`~cwstrainer.errors.ScenarioInvalid` for a bad file.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
from pathlib import Path

from cwstrainer.errors import Problem, ScenarioInvalid
from cwstrainer.rules.catalog import INFERENCE_RULE_IDS, RULE_IDS
from cwstrainer.scenario import variants
from cwstrainer.scenario.library import (
    SUFFIXES,
    LibraryLoad,
    LoadedScenario,
    load_library,
    read_scenario_bytes,
    scenario_files,
)
from cwstrainer.scenario.model import EnteredSpecialProject, Scenario, Variant
from cwstrainer.scenario.typed import Reader
from cwstrainer.scenario.yamlsource import Mark, decode, parse
from cwstrainer.special_projects import (
    OTHER_SPECIAL_PROJECTS,
    SPECIAL_PROJECT_CODES,
    is_csec_code,
    special_project,
)

__all__ = [
    "SUFFIXES",
    "LibraryLoad",
    "LoadedScenario",
    "load_bytes",
    "load_file",
    "load_library",
    "load_text",
    "scenario_files",
]


def load_text(text: str, source: str = "<scenario>") -> Scenario:
    """A scenario from YAML text; raises :class:`ScenarioInvalid` with every problem."""
    reader = Reader(source)
    root = parse(text, source)
    scenario = reader.build(Scenario, root)
    if scenario is None or reader.problems:
        raise ScenarioInvalid(reader.problems or [Problem(source, 1, 1, "not a scenario")])
    problems = list(_Checker(scenario, reader.marks, source, text).problems())
    if problems:
        raise ScenarioInvalid(problems)
    return scenario


def load_bytes(data: bytes, source: str, digest: str | None = None) -> LoadedScenario:
    """A scenario from a file's bytes (``digest``: their SHA-256, if already known)."""
    scenario = load_text(decode(data, source), source)
    return LoadedScenario(scenario, source, digest or hashlib.sha256(data).hexdigest())


def load_file(path: Path | str) -> LoadedScenario:
    """A scenario from a file; unreadable files are problems too, never tracebacks."""
    path = Path(path)
    return load_bytes(read_scenario_bytes(path), str(path))


class _Checker:
    """The cross-checks no type can express: references, date order, today, rule switches."""

    def __init__(
        self, scenario: Scenario, marks: dict[str, Mark], source: str, text: str = ""
    ) -> None:
        self.s = scenario
        self.marks = marks
        self.source = source
        self.text = text
        self.found: list[Problem] = []

    def problems(self) -> list[Problem]:
        self._unique_ids()
        self._clients()
        self._referrals()
        self._cases()
        self._removals()
        self._facts()
        self._grid()
        self._key()
        self._rule_switches()
        self._not_after_today()
        if not self.found:
            self._variants()
        return self.found

    def at(self, path: str, message: str) -> None:
        mark = self.marks.get(path)
        while mark is None and path:
            path = path.rsplit(".", 1)[0] if "." in path else ""
            mark = self.marks.get(path)
        mark = mark or Mark(1, 1)
        self.found.append(Problem(self.source, mark.line, mark.column, message))

    def at_fragment(self, path: str, fragment: str, message: str) -> None:
        """A problem at ``fragment`` as written in the value at ``path`` (in a block of
        text: its own line), or at the value if it cannot be found there."""
        mark = self.marks.get(path)
        if mark is not None and self.text:
            lines = self.text.split("\n")
            start = sum(len(line) + 1 for line in lines[: mark.line - 1]) + mark.column - 1
            end = self.text.find("\n", start + 20000)  # no value is longer than that
            at = self.text.find(fragment, start, end if end >= 0 else len(self.text))
            if at >= 0:
                line = self.text.count("\n", 0, at) + 1
                column = at - (self.text.rfind("\n", 0, at) + 1) + 1
                self.found.append(Problem(self.source, line, column, message))
                return
        self.at(path, message)

    def _unique_ids(self) -> None:
        seen: dict[str, str] = {}
        named = [(f"clients[{i}].id", c.id) for i, c in enumerate(self.s.clients)]
        named += [(f"referrals[{i}].id", r.id) for i, r in enumerate(self.s.referrals)]
        named += [(f"cases[{i}].id", c.id) for i, c in enumerate(self.s.cases)]
        for i, rm in enumerate(self.s.removals):
            named.append((f"removals[{i}].id", rm.id))
            named += [(f"removals[{i}].absences[{j}].id", a.id) for j, a in enumerate(rm.absences)]
        for path, ident in named:
            if ident in seen:
                self.at(path, f"id {ident!r} is already used at {seen[ident]}; ids must be unique")
            else:
                seen[ident] = path

    def _child(self, path: str, client_id: str | None) -> None:
        if client_id is None:
            return
        try:
            client = self.s.client(client_id)
        except KeyError:
            self.at(path, f"client {client_id!r} is not defined under 'clients'")
            return
        if client.role != "child":
            self.at(path, f"client {client_id!r} is an adult; a child is expected here")

    def _person(self, path: str, client_id: str | None) -> None:
        if client_id is not None and client_id not in {c.id for c in self.s.clients}:
            self.at(path, f"client {client_id!r} is not defined under 'clients'")

    def _referral_ref(self, path: str, referral_id: str | None) -> None:
        if referral_id is not None and referral_id not in {r.id for r in self.s.referrals}:
            self.at(path, f"referral {referral_id!r} is not defined under 'referrals'")

    def _order(self, path: str, start: dt.date, end: dt.date | None, what: str) -> None:
        if end is not None and end < start:
            self.at(path, f"{what} ({end}) is before {start}")

    def _clients(self) -> None:
        for i, c in enumerate(self.s.clients):
            if c.birth_date > self.s.today:
                self.at(
                    f"clients[{i}].birth_date",
                    f"birth date {c.birth_date} is after today ({self.s.today})",
                )

    def _referrals(self) -> None:
        ids = {r.id: r for r in self.s.referrals}
        for i, r in enumerate(self.s.referrals):
            p = f"referrals[{i}]"
            for j, child in enumerate(r.children):
                self._child(f"{p}.children[{j}]", child)
            for j, child in enumerate(r.cse_alleged):
                if child not in r.children:
                    self.at(
                        f"{p}.cse_alleged[{j}]", f"{child!r} is not among this referral's children"
                    )
            if (r.primary is None) != (r.relation is None):
                self.at(p, "'primary' and 'relation' go together: give both or neither")
            if r.primary is not None:
                primary = ids.get(r.primary)
                if primary is None:
                    self._referral_ref(f"{p}.primary", r.primary)
                elif primary.id == r.id:
                    self.at(f"{p}.primary", "a referral cannot be its own primary referral")
                elif primary.primary is not None:
                    self.at(
                        f"{p}.primary",
                        f"referral {r.primary!r} is itself a {primary.relation} "
                        "referral; name its primary instead",
                    )
            self._order(
                f"{p}.investigation_completed",
                r.received,
                r.investigation_completed,
                "investigation completed",
            )
            self._entered_special_projects(f"{p}.special_projects", r.special_projects, r.entered)
            for j, a in enumerate(r.allegations):
                self._child(f"{p}.allegations[{j}].victim", a.victim)
                self._person(f"{p}.allegations[{j}].perpetrator", a.perpetrator)
                if a.disposition_date is not None:
                    self._order(
                        f"{p}.allegations[{j}].disposition_date",
                        r.received,
                        a.disposition_date,
                        "disposition date",
                    )

    def _entered_special_projects(
        self, path: str, rows: tuple[EnteredSpecialProject, ...], entered: bool
    ) -> None:
        if rows and not entered:
            self.at(path, "special projects can be set up only on a referral already entered")
        for j, row in enumerate(rows):
            p = f"{path}[{j}]"
            if not (is_csec_code(row.code) or row.code in OTHER_SPECIAL_PROJECTS):
                self.at(
                    f"{p}.code",
                    f"{row.code!r} is not a special project; one of: "
                    f"{', '.join(c.title for c in SPECIAL_PROJECT_CODES)}",
                )
            elif is_csec_code(row.code) and not special_project(row.code).offered_on(row.start):
                self.at(f"{p}.start", f"{row.code} was not yet in use on {row.start}")
            self._order(f"{p}.end", row.start, row.end, "end date")

    def _cases(self) -> None:
        seen: set[str] = set()
        for i, c in enumerate(self.s.cases):
            self._entered_special_projects(f"cases[{i}].special_projects", c.special_projects, True)
            self._child(f"cases[{i}].child", c.child)
            if c.child in seen:
                self.at(f"cases[{i}].child", f"{c.child!r} already has an open case")
            seen.add(c.child)
            self._order(f"cases[{i}].services_ended", c.opened, c.services_ended, "services ended")

    def _removals(self) -> None:
        for i, rm in enumerate(self.s.removals):
            p = f"removals[{i}]"
            self._child(f"{p}.child", rm.child)
            self._referral_ref(f"{p}.referral", rm.referral)
            if rm.referral in {r.id for r in self.s.referrals}:
                received = self.s.referral(rm.referral).received
                if rm.date < received:
                    self.at(
                        f"{p}.date",
                        f"removal on {rm.date} is before its referral "
                        f"{rm.referral!r} was received ({received})",
                    )
            if rm.failure_to_protect_primary and not rm.cse_in_decision:
                self.at(
                    f"{p}.failure_to_protect_primary",
                    "failure to protect from CSE as the "
                    "primary reason needs 'cse_in_decision: true'",
                )
            if rm.entered and rm.primary_reason is None:
                self.at(p, "an entered removal needs its 'primary_reason'")
            if not rm.entered and (rm.primary_reason or rm.secondary_reason):
                self.at(
                    p,
                    "reasons are given only for an entered removal; for one the trainee "
                    "enters, the rules derive them from 'cse_in_decision'",
                )
            previous: dt.date = rm.date
            for j, a in enumerate(rm.absences):
                ap = f"{p}.absences[{j}]"
                if a.left < previous:
                    self.at(
                        f"{ap}.left",
                        f"absence starts {a.left}, before {previous} (the removal "
                        "or the previous return)",
                    )
                self._order(f"{ap}.returned", a.left, a.returned, "return")
                previous = a.returned or a.left

    def _facts(self) -> None:
        absences = {a.id: (rm, a) for rm in self.s.removals for a in rm.absences}
        for i, v in enumerate(self.s.facts.victims):
            p = f"facts.victims[{i}]"
            self._child(f"{p}.child", v.child)
            self._referral_ref(f"{p}.referral", v.referral)
            if v.referral is not None and v.referral in {r.id for r in self.s.referrals}:
                ref = self.s.referral(v.referral)
                if v.child not in ref.cse_alleged:
                    self.at(
                        f"{p}.referral",
                        f"referral {v.referral!r} does not list {v.child!r} in 'cse_alleged'",
                    )
            if v.identified is not None:
                self._order(f"{p}.identified", v.became_victim, v.identified, "identified")
            if v.substantiated is not None:
                self._order(f"{p}.substantiated", v.became_victim, v.substantiated, "substantiated")
            removals = sorted(
                (rm for rm in self.s.removals if rm.child == v.child), key=lambda rm: rm.date
            )
            if v.timing == "absent from placement":
                if v.absence is None:
                    self.at(f"{p}.absence", "'absent from placement' needs the 'absence' id")
                elif v.absence not in absences:
                    self.at(f"{p}.absence", f"absence {v.absence!r} is not defined under a removal")
                else:
                    rm, a = absences[v.absence]
                    if rm.child != v.child:
                        self.at(
                            f"{p}.absence",
                            f"absence {v.absence!r} is {rm.child!r}'s, not {v.child!r}'s",
                        )
                    elif v.became_victim < a.left or (a.returned and v.became_victim > a.returned):
                        self.at(
                            f"{p}.became_victim",
                            f"{v.became_victim} is outside absence "
                            f"{v.absence!r} ({a.left} to {a.returned or 'not returned'})",
                        )
            elif v.absence is not None:
                self.at(f"{p}.absence", "'absence' goes with timing 'absent from placement'")
            if v.timing == "in care" and not any(rm.date <= v.became_victim for rm in removals):
                self.at(
                    f"{p}.timing",
                    f"'in care' but {v.child!r} has no removal on or before {v.became_victim}",
                )
            if v.timing == "before care" and any(rm.date <= v.became_victim for rm in removals):
                self.at(
                    f"{p}.timing",
                    f"'before care' but {v.child!r} was removed on or before {v.became_victim}",
                )
            if v.timing == "at home":
                case = self.s.case_of(v.child)
                if removals and removals[0].date <= v.became_victim:
                    self.at(
                        f"{p}.timing",
                        f"'at home' but {v.child!r} was removed on or before {v.became_victim}",
                    )
                elif case is not None and case.kind == "foster care":
                    self.at(
                        f"{p}.timing",
                        f"'at home' but {v.child!r}'s case is a foster care case; make it "
                        "'in-home' or 'independent living'",
                    )
            if v.ended is not None:
                self._order(f"{p}.ended", v.became_victim, v.ended, "the end of the exploitation")
        for i, r in enumerate(self.s.facts.at_risk):
            p = f"facts.at_risk[{i}]"
            self._child(f"{p}.child", r.child)
            self._order(
                f"{p}.no_longer_at_risk", r.identified, r.no_longer_at_risk, "no longer at risk"
            )
            for j, ind in enumerate(r.indicators):
                if ind.indicator == "other" and not ind.note:
                    self.at(
                        f"{p}.indicators[{j}]",
                        "an 'other' indicator needs a 'note' saying what it is",
                    )

    def _grid(self) -> None:
        """The CSEC Data Grid: only from ACL 16-49, rows on children, within their lives."""
        if self.s.documentation != "case codes" and self.s.today < GRID_FROM:
            self.at(
                "documentation",
                f"the CSEC Data Grid came with ACL 16-49 ({GRID_FROM:%m/%d/%Y}); a scenario "
                f"whose today is {self.s.today:%m/%d/%Y} documents with 'case codes'",
            )
        if self.s.grid and self.s.documentation == "case codes":
            self.at("grid", "grid rows need 'documentation: grid' or 'both'")
        rows = [(f"grid[{i}]", r.child, r.start, r.end) for i, r in enumerate(self.s.grid)]
        for c_index, c in enumerate(self.s.clients):
            for j, g in enumerate(c.csec_history):
                p = f"clients[{c_index}].csec_history[{j}]"
                if c.role != "child":
                    self.at(p, f"{c.id!r} is not a child; only a child has a CSEC Data Grid")
                rows.append((p, c.id, g.start, g.end))
        for p, child, start, end in rows:
            if p.startswith("grid"):
                self._child(f"{p}.child", child)
            self._order(f"{p}.end", start, end, "end date")
            born = next((c.birth_date for c in self.s.clients if c.id == child), None)
            if born is not None and start < born:
                self.at(
                    f"{p}.start",
                    f"{start} is before {child!r}'s birth date {born} (CWS/CMS rule R-10974)",
                )

    def _key(self) -> None:
        for group in ("perpetrators", "other_allegations"):
            for i, k in enumerate(getattr(self.s.key, group)):
                p = f"key.{group}[{i}]"
                self._referral_ref(f"{p}.referral", k.referral)
                self._child(f"{p}.victim", k.victim)
                self._person(f"{p}.perpetrator", k.perpetrator)

    def _rule_switches(self) -> None:
        for rule_id in self.s.weights:
            if rule_id not in RULE_IDS:
                hint = difflib.get_close_matches(rule_id, sorted(RULE_IDS), n=1)
                also = f" (did you mean {hint[0]!r}?)" if hint else ""
                self.at(f"weights.{rule_id}", f"no rule has the id {rule_id!r}{also}")
        for rule_id in self.s.rules:
            path = f"rules.{rule_id}"
            if rule_id not in RULE_IDS:
                self.at(path, f"no rule has the id {rule_id!r}")
            elif rule_id not in INFERENCE_RULE_IDS:
                self.at(
                    path,
                    f"{rule_id} is stated by the letters; only rules marked inference "
                    f"can be switched ({', '.join(sorted(INFERENCE_RULE_IDS))})",
                )

    def _variants(self) -> None:
        """Each variant renames and moves dates without changing what the letters require."""
        seen: set[str] = set()
        texts = _texts(self.s)
        for i, v in enumerate(self.s.variants):
            p = f"variants[{i}]"
            if v.id in seen:
                self.at(f"{p}.id", f"variant {v.id!r} is listed twice")
            seen.add(v.id)
            if v.shift_days % 7:
                self.at(
                    f"{p}.shift_days",
                    f"{v.shift_days} days is not a whole number of weeks; "
                    "whole weeks keep the weekdays in the texts right",
                )
            words: dict[str, str] = {}
            for client_id, new in v.names.items():
                where = f"{p}.names.{client_id}"
                if client_id not in {c.id for c in self.s.clients}:
                    self.at(where, f"client {client_id!r} is not defined under 'clients'")
                    continue
                old = self.s.client(client_id)
                for before, after in (
                    (old.first_name, new.first_name),
                    (old.last_name, new.last_name),
                ):
                    if variants.MONTH_WITHOUT_DAY.fullmatch(before) or before in _WEEKDAYS:
                        self.at(where, f"{before!r} is also a month or day name: it cannot vary")
                    elif words.setdefault(before, after) != after:
                        self.at(
                            where, f"{before!r} would become both {words[before]!r} and {after!r}"
                        )
            if v.shift_days and not v.shift_days % 7:
                for path, text in texts:
                    month = variants.MONTH_WITHOUT_DAY.search(text)
                    if month:
                        self.at(
                            path,
                            f"variant {v.id!r} moves dates, but the text names the month "
                            f"{month.group(1)!r} without its day, which cannot move with them: "
                            "write the full date or leave the month out",
                        )
                        break
            if v.shift_days:
                self._variant_dates(p, v)
            if self.found:
                continue
            try:
                changed = variants.apply(self.s, v.id)
                same = variants.signature(changed) == variants.signature(self.s)
            except (variants.VariantDateError, ValueError, OverflowError, KeyError) as exc:
                self.at(p, f"variant {v.id!r} cannot be made: {exc}")
                continue
            if not same:
                self.at(
                    p,
                    f"variant {v.id!r} changes what the letters require (a date moved "
                    "across the day a code came into use or was required); choose another "
                    "shift_days",
                )

    def _variant_dates(self, p: str, v: Variant) -> None:
        """Every date the variant cannot move: one written in a text that cannot exist
        (02/30/2016), or one the shift carries out of the calendar."""
        vid, shift_days = v.id, v.shift_days
        shift = dt.timedelta(days=shift_days)
        names = variants.name_map(self.s, v)
        for path, text in variants.texts(self.s):
            renamed = variants.rename_text(text, names)
            for written, why in variants.text_date_problems(renamed, shift):
                self.at_fragment(
                    path,
                    written,
                    f"{path}: the date {written!r} {why}, so variant {vid!r} cannot move it; "
                    + (
                        "write a real date (MM/DD/YYYY, YYYY-MM-DD or Month D, YYYY)"
                        if "exist" in why
                        else f"choose another shift_days at {p}"
                    ),
                )
        for path, day, code in variants.dates(self.s):
            if variants.moved(day, shift) is None:
                on = f" (the {code} row)" if code else ""
                self.at(
                    path,
                    f"{path}{on}: variant {vid!r} moves {day.isoformat()} by {shift_days} days, "
                    f"out of the calendar (years {variants.CALENDAR}); choose another "
                    f"shift_days at {p} or correct the date",
                )

    def _not_after_today(self) -> None:
        today = self.s.today
        for path, mark in self.marks.items():
            value = _value_at(self.s, path)
            if isinstance(value, dt.date) and value > today and not path.endswith("birth_date"):
                self.found.append(
                    Problem(
                        self.source,
                        mark.line,
                        mark.column,
                        f"{path}: {value} is after the scenario's today ({today})",
                    )
                )


GRID_FROM = dt.date(2016, 5, 23)  # ACL 16-49, the permanent change: the CSEC Data Grid

_WEEKDAYS = frozenset(
    {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
)


def _texts(s: Scenario) -> list[tuple[str, str]]:
    """The free texts a trainee reads, with their paths."""
    out = [("narrative", s.narrative), ("title", s.title)]
    for i, d in enumerate(s.documents):
        out += [(f"documents[{i}].title", d.title), (f"documents[{i}].text", d.text)]
    return out


def _value_at(obj: object, path: str) -> object:
    """The value at a dotted path such as ``referrals[0].received`` (None if absent)."""
    current: object = obj
    for part in path.replace("]", "").split("."):
        name, _, index = part.partition("[")
        if name:
            if isinstance(current, dict):
                current = current.get(name)
            else:
                current = getattr(current, name, None)
        if index:
            seq = current if isinstance(current, tuple) else ()
            current = seq[int(index)] if int(index) < len(seq) else None
    return current
