"""What every rule reads: the scenario, the trainee's final records, and how they match.

Matching is done once, here, so that the rules stay small and agree with one another:
which records stand for which scenario referral, which Special Project row answers which
expected code, and what each row nobody expected is (an extra for one rule, or allowed).
Nothing here raises on records the store can hold: empty fields, dangling ids and
unknown clients are simply not matched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from cwstrainer import codes
from cwstrainer.fields import format_date
from cwstrainer.records import (
    AllegationRecord,
    AttemptRecords,
    CaseRecord,
    CsecRecord,
    PlacementRecord,
    RecordKind,
    ReferralRecord,
    SpecialProjectRecord,
)
from cwstrainer.rules import expected
from cwstrainer.rules.expected import VICTIM_CODES, CaseCode, GridRow, ReferralCode
from cwstrainer.rules.findings import RecordRef
from cwstrainer.scenario.model import Case, Referral, Removal, Scenario
from cwstrainer.special_projects import (
    S_CSEC_ABSENCE_FROM_PLACEMENT,
    S_CSEC_AT_RISK,
    S_CSEC_REFERRAL,
    S_CSEC_VICTIM_BEFORE_CARE,
    S_CSEC_VICTIM_DURING_CARE,
    Notebook,
    is_csec_code,
    special_project,
)

_CSEC_SUBCATEGORIES = frozenset(c.id for c in codes.ABUSE_SUBCATEGORIES)
WHEN_RULE = {S_CSEC_VICTIM_DURING_CARE: "VDC-WHEN", S_CSEC_VICTIM_BEFORE_CARE: "VBC-WHEN"}


@dataclass(frozen=True)
class MatchedReferralCode:
    """An expected S-CSEC Referral, the referral record meant to carry it, and its row."""

    expected: ReferralCode
    record: ReferralRecord | None
    row: SpecialProjectRecord | None


@dataclass(frozen=True)
class MatchedCaseCode:
    """An expected client code and the row that answers it (``substitute``: the other
    victim code was entered in its place)."""

    expected: CaseCode
    record: CaseRecord | None
    row: SpecialProjectRecord | None
    substitute: bool = False


@dataclass(frozen=True)
class MatchedGridRow:
    """An expected CSEC Data Grid row and the child's row that answers it (``substitute``:
    a row of another type, which the facts do not call for, stands in its place)."""

    expected: GridRow
    row: CsecRecord | None
    substitute: bool = False


@dataclass(frozen=True)
class Unexpected:
    """A CSEC row no expectation asked for, and the rule that names the mistake."""

    rule_id: str
    row: SpecialProjectRecord
    message: str
    reading: str | None = None


def date(value: dt.date | None) -> str:
    """A date as CWS/CMS shows it, or "(blank)"."""
    return format_date(value) if value else "(blank)"


def code_text(table: codes.CodeTable, code_id: int | None) -> str:
    """A code's short description, "(blank)", or the raw id of an unknown code."""
    if code_id is None:
        return "(blank)"
    return table.by_id(code_id).short_description if code_id in table else f"code {code_id}"


def _csec_type(name: str) -> int | None:
    code = codes.CSEC_TYPES.find(name)
    return code.id if code else None


def _article(word: str | None) -> str:
    return "an" if (word or "x")[0] in "aeiou" else "a"


def ref(kind: RecordKind, record_id: int | None) -> RecordRef | None:
    """A "Go to" reference, or None when there is no record to go to."""
    return RecordRef(kind, record_id) if record_id is not None else None


@dataclass
class Context:
    """The scenario, the records, and every match the rules share."""

    s: Scenario
    r: AttemptRecords
    referral_records: dict[str, list[ReferralRecord]] = field(default_factory=dict)
    own_record: dict[tuple[str, str], ReferralRecord] = field(default_factory=dict)
    referral_codes: list[MatchedReferralCode] = field(default_factory=list)
    case_codes: list[MatchedCaseCode] = field(default_factory=list)
    placements: dict[str, PlacementRecord] = field(default_factory=dict)
    unexpected: list[Unexpected] = field(default_factory=list)
    grid: list[MatchedGridRow] = field(default_factory=list)
    grid_unmatched: list[CsecRecord] = field(default_factory=list)
    _consumed: set[int] = field(default_factory=set)

    @classmethod
    def build(cls, scenario: Scenario, records: AttemptRecords) -> Context:
        """Match the records to the scenario once, for every rule."""
        ctx = cls(scenario, records)
        ctx._match_referrals()
        ctx._match_own_records()
        ctx._match_referral_codes()
        ctx._match_case_codes()
        ctx._match_placements()
        ctx._classify_unexpected()
        ctx._match_grid()
        return ctx

    # -- helpers the rules use ------------------------------------------------------

    @property
    def today(self) -> dt.date:
        return self.s.today

    def client(self, client_id: str | None) -> str:
        """A client as CWS/CMS shows one (LAST, First), "(blank)", or the raw id."""
        if client_id is None:
            return "(blank)"
        try:
            return self.s.client(client_id).display_name
        except KeyError:
            return client_id

    def first_name(self, client_id: str) -> str:
        try:
            return self.s.client(client_id).first_name
        except KeyError:
            return client_id

    def referral_label(self, referral: Referral) -> str:
        """How a finding names a scenario referral: its name and received date."""
        return f"referral {self.s.referral_name(referral)} received {date(referral.received)}"

    def case_record(self, case: Case) -> CaseRecord | None:
        return next((c for c in self.r.cases if c.world_key == case.id), None)

    def scenario_case(self, record: CaseRecord) -> Case | None:
        return next((c for c in self.s.cases if c.id == record.world_key), None)

    def scenario_referral(self, record: ReferralRecord) -> Referral | None:
        """The scenario referral a referral record was matched to, if any."""
        for ref_id, recs in self.referral_records.items():
            if any(r.id == record.id for r in recs):
                return self.s.referral(ref_id)
        return None

    def cse_victims(self, record: ReferralRecord) -> set[str]:
        """Victims of the record's CSE allegations (Exploitation or a CSEC subcategory)."""
        return {
            a.victim
            for a in self.r.allegations_on(record.id)
            if a.victim
            and (
                a.abuse_category == codes.EXPLOITATION or a.abuse_subcategory in _CSEC_SUBCATEGORIES
            )
        }

    def records_for(self, referral_id: str, child: str | None = None) -> tuple[ReferralRecord, ...]:
        """Where a child's allegations on a scenario referral are looked for: the child's
        own referral when the report is split per child, else every matched record."""
        own = self.own_record.get((referral_id, child)) if child else None
        if own is not None:
            return (own,)
        found = tuple(self.referral_records.get(referral_id, ()))
        if found or child is None:
            return found
        # No record stands for this referral: a child of a report on several children
        # whose allegations went on a sibling's referral is graded where they stand
        # (REF-ONE-PER-CHILD names that mistake, once).
        for report in expected.one_report_several_children(self.s):
            if any(r.id == referral_id for r in report):
                return tuple(
                    rec
                    for r in report
                    for rec in self.referral_records.get(r.id, ())
                    if child in self._victims(rec)
                )
        return ()

    def allegations(
        self, records: Iterable[ReferralRecord], victim: str, category: int | None = None
    ) -> tuple[AllegationRecord, ...]:
        """The allegations for ``victim`` on those records (of one category, if given)."""
        return tuple(
            a
            for rec in records
            for a in self.r.allegations_on(rec.id)
            if a.victim == victim and (category is None or a.abuse_category == category)
        )

    def rows(
        self, notebook: Notebook, owner_id: int | None, code: str
    ) -> list[SpecialProjectRecord]:
        if owner_id is None:
            return []
        return [s for s in self.r.special_projects_on(notebook, owner_id) if s.code == code]

    def unexpected_for(self, rule_id: str) -> list[Unexpected]:
        return [u for u in self.unexpected if u.rule_id == rule_id]

    # -- matching -------------------------------------------------------------------

    def _victims(self, record: ReferralRecord) -> set[str]:
        return {a.victim for a in self.r.allegations_on(record.id) if a.victim}

    def _match_referrals(self) -> None:
        """World referrals by ``world_key``; the trainee's own by victims and date."""
        ids = {r.id for r in self.s.referrals}
        self.referral_records = {r.id: [] for r in self.s.referrals}
        created: list[ReferralRecord] = []
        for rec in self.r.referrals:
            if rec.world_key in ids:
                self.referral_records[rec.world_key].append(rec)
            else:
                created.append(rec)
        later: list[ReferralRecord] = []
        for rec in created:
            victims = self._victims(rec)
            same_day = [
                r
                for r in self.s.referrals
                if r.received == rec.received_date and victims & set(r.children)
            ]
            if same_day:
                best = max(same_day, key=lambda r: len(victims & set(r.cse_alleged or r.children)))
                self.referral_records[best.id].append(rec)
            elif victims:
                later.append(rec)
        # A referral the trainee had to create but dated wrongly is still recognised by
        # its victims, if no record stands for it yet; its dates are then graded wrong.
        for rec in later:
            victims = self._victims(rec)
            open_refs = [
                r
                for r in self.s.referrals
                if not r.entered and not self.referral_records[r.id] and victims & set(r.children)
            ]
            if open_refs:
                self.referral_records[open_refs[0].id].append(rec)

    def _match_own_records(self) -> None:
        """The referral each CSE child's allegation and code belong on."""
        for referral in self.s.referrals:
            recs = self.referral_records[referral.id]
            if not recs or not referral.cse_alleged:
                continue
            if expected.splits_per_child(self.s, referral):
                used: set[int] = set()
                for child in referral.cse_alleged:
                    own = [r for r in recs if r.id not in used and child in self.cse_victims(r)]
                    if own:
                        pick = min(own, key=lambda r: (len(self.cse_victims(r)), r.id))
                        used.add(pick.id)
                        self.own_record[(referral.id, child)] = pick
            else:
                main = self._main_record(referral, recs)
                for child in referral.cse_alleged:
                    self.own_record[(referral.id, child)] = main

    def _main_record(self, referral: Referral, recs: list[ReferralRecord]) -> ReferralRecord:
        world = [r for r in recs if r.world_key == referral.id]
        if world:
            return world[0]
        wanted = set(referral.cse_alleged or referral.children)
        return max(recs, key=lambda r: (len(self.cse_victims(r) & wanted), -r.id))

    def _best_row(
        self,
        rows: list[SpecialProjectRecord],
        start: dt.date,
        end: dt.date | None,
        *,
        same_start: bool = False,
    ) -> SpecialProjectRecord | None:
        """Take the free row that best answers an expectation (``same_start``: only a row
        starting on the expected date)."""
        # A code chosen before it was offered answers nothing (SPC-NOT-YET-ACTIVE names it).
        free = [
            s
            for s in rows
            if s.id not in self._consumed
            and special_project(s.code or "").offered_on(self.today)
            and (not same_start or s.start_date == start)
        ]
        if not free:
            return None
        row = max(free, key=lambda s: (2 * (s.start_date == start) + (s.end_date == end), -s.id))
        self._consumed.add(row.id)
        return row

    @staticmethod
    def _passes(required: list[bool]) -> list[tuple[int, bool]]:
        """The order rows are handed out, so that no row answers the wrong expectation:
        rows starting on the expected date first, then any; required before allowed."""
        order = sorted(range(len(required)), key=lambda i: not required[i])
        return [(i, True) for i in order] + [(i, False) for i in order]

    def _match_referral_codes(self) -> None:
        wants = expected.referral_codes(self.s)
        records: list[ReferralRecord | None] = []
        for want in wants:
            recs = self.referral_records[want.referral.id]
            record = self.own_record.get((want.referral.id, want.children[0]))
            if record is None and recs and not expected.splits_per_child(self.s, want.referral):
                record = self._main_record(want.referral, recs)
            records.append(record)
        found: dict[int, SpecialProjectRecord] = {}
        for i, same_start in self._passes([w.required for w in wants]):
            record = records[i]
            if i in found or record is None:
                continue
            rows = self.rows(Notebook.REFERRAL, record.id, S_CSEC_REFERRAL)
            row = self._best_row(rows, wants[i].start, wants[i].end, same_start=same_start)
            if row is not None:
                found[i] = row
        self.referral_codes = [
            MatchedReferralCode(w, records[i], found.get(i)) for i, w in enumerate(wants)
        ]

    def _match_case_codes(self) -> None:
        wants = expected.case_codes(self.s)
        records = [self.case_record(w.case) for w in wants]
        found: dict[int, tuple[SpecialProjectRecord, bool]] = {}
        for i, same_start in self._passes([w.required for w in wants]):
            record = records[i]
            if i in found or record is None:
                continue
            rows = self.rows(Notebook.CASE, record.id, wants[i].code)
            row = self._best_row(rows, wants[i].start, wants[i].end, same_start=same_start)
            if row is not None:
                found[i] = (row, False)
        # The other victim code entered in place of the right one is graded as a wrong
        # choice of code (VDC-WHEN / VBC-WHEN), its dates against the right code's.
        for i, want in enumerate(wants):
            record = records[i]
            if i in found or record is None or not want.required or want.code not in VICTIM_CODES:
                continue
            other = next(c for c in VICTIM_CODES if c != want.code)
            row = self._best_row(self.rows(Notebook.CASE, record.id, other), want.start, want.end)
            if row is not None:
                found[i] = (row, True)
        self.case_codes = [
            MatchedCaseCode(w, records[i], *found.get(i, (None, False)))
            for i, w in enumerate(wants)
        ]

    def _match_placements(self) -> None:
        used: set[int] = set()
        for rm in self.s.removals:
            found = self._placement(rm, used)
            if found is not None:
                used.add(found.id)
                self.placements[rm.id] = found

    def _placement(self, rm: Removal, used: set[int]) -> PlacementRecord | None:
        if rm.entered:
            return next((p for p in self.r.placements if p.world_key == rm.id), None)
        mine = [p for p in self.r.placements if p.world_key is None and p.id not in used]
        return next(
            (p for p in mine if p.child == rm.child and p.removal_date == rm.date),
            next((p for p in mine if p.child == rm.child), None),
        )

    def _match_grid(self) -> None:
        """Each expected grid row to the child's row of its type (the expected start
        first), then a row of a type nobody expected for that child in a missing row's
        place; the rows left over are the grid's extras."""
        wants = expected.grid_rows(self.s)
        free = list(self.r.csec_rows)
        found: dict[int, tuple[CsecRecord, bool]] = {}

        def take(i: int, row: CsecRecord, substitute: bool = False) -> None:
            found[i] = (row, substitute)
            free.remove(row)

        for same_start in (True, False):
            for i, want in enumerate(wants):
                type_id = _csec_type(want.type)
                mine = [
                    r
                    for r in free
                    if i not in found
                    and r.client == want.child
                    and r.csec_type == type_id
                    and (not same_start or r.start_date == want.start)
                ]
                if mine:
                    take(i, mine[0])
        for i, want in enumerate(wants):
            if i in found:
                continue
            types = {_csec_type(w.type) for w in wants if w.child == want.child}
            other = [r for r in free if r.client == want.child and r.csec_type not in types]
            if other:
                take(i, min(other, key=lambda r: (r.start_date != want.start, r.id)), True)
        self.grid = [MatchedGridRow(w, *found.get(i, (None, False))) for i, w in enumerate(wants)]
        self.grid_unmatched = free

    # -- rows nobody asked for ----------------------------------------------------

    def _classify_unexpected(self) -> None:
        for row in self.r.special_projects:
            if row.id in self._consumed or row.code is None or not is_csec_code(row.code):
                continue
            spc = special_project(row.code)
            if spc.notebook != row.notebook or not spc.offered_on(self.today):
                continue  # SPC-WRONG-NOTEBOOK and SPC-NOT-YET-ACTIVE name these
            found = (
                self._unexpected_referral_row(row)
                if row.notebook is Notebook.REFERRAL
                else self._unexpected_case_row(row)
            )
            if found is not None:
                self.unexpected.append(found)

    def _unexpected_referral_row(self, row: SpecialProjectRecord) -> Unexpected | None:
        record = self.r.referral(row.owner_id)
        if record is None:
            return None
        if any(
            s.id in self._consumed for s in self.rows(Notebook.REFERRAL, record.id, S_CSEC_REFERRAL)
        ):
            return Unexpected(
                "REF-SPC-REQUIRED",
                row,
                "S-CSEC Referral is entered twice on one referral.",
                "a referral carries the code once; CWS/CMS refuses a second row of it",
            )
        referral = self.scenario_referral(record)
        if referral is not None and referral.primary is not None:
            primary = (
                self.s.referral(referral.primary)
                if referral.primary in {r.id for r in self.s.referrals}
                else None
            )
            name = self.referral_label(primary) if primary else referral.primary
            return Unexpected(
                "REF-DUPLICATE-PRIMARY",
                row,
                f"S-CSEC Referral is on {_article(referral.relation)} {referral.relation} "
                f"referral; it goes on the "
                f"primary referral only ({name}).",
            )
        if referral is not None and (
            referral.cse_alleged or any(r.cse_alleged for r in expected.group_of(self.s, referral))
        ):
            return None  # a CSE referral: allowed, graded through its expectation
        return Unexpected(
            "REF-SPC-REQUIRED",
            row,
            "S-CSEC Referral is on a referral that alleges no commercial sexual exploitation.",
            "the code counts the referrals alleging CSE, so it belongs on those only",
        )

    def _unexpected_case_row(self, row: SpecialProjectRecord) -> Unexpected | None:
        record = self.r.case(row.owner_id)
        if record is None or row.code is None:
            return None
        case = self.scenario_case(record)
        name = self.first_name(record.child)
        mine = [m for m in self.case_codes if m.expected.child == record.child]
        if row.code == S_CSEC_ABSENCE_FROM_PLACEMENT:
            return self._unexpected_absence(row, case, name, mine)
        if row.code in VICTIM_CODES:
            rule_id = WHEN_RULE[row.code]
            other = next(c for c in VICTIM_CODES if c != row.code)
            if any(m.expected.code == other and m.row is not None for m in mine):
                return Unexpected(
                    rule_id,
                    row,
                    f"{row.code} and {other} are both on {name}'s case; the facts give one "
                    "victimization, so only one of them applies, never both.",
                )
            if any(m.expected.code == row.code for m in mine):
                return Unexpected(
                    rule_id, row, f"{row.code} is entered twice for one victimization."
                )
            when = (
                "while in foster care"
                if row.code == S_CSEC_VICTIM_DURING_CARE
                else ("before entering foster care")
            )
            return Unexpected(
                rule_id,
                row,
                f"{row.code} is for a child who became a victim {when}; the facts "
                f"show no such victimization of {name}.",
            )
        if row.code == S_CSEC_AT_RISK:
            if any(m.expected.code == S_CSEC_AT_RISK for m in mine):
                return Unexpected("AR-WHEN", row, "S-CSEC At-Risk is entered twice.")
            known = max(
                (
                    len(expected.indicators_known(a, self.today))
                    for a in self.s.facts.at_risk
                    if a.child == record.child
                ),
                default=0,
            )
            return Unexpected(
                "AR-WHEN",
                row,
                f"S-CSEC At-Risk needs at least two risk indicators; the facts "
                f"give {known} for {name}.",
            )
        return None

    def _unexpected_absence(
        self, row: SpecialProjectRecord, case: Case | None, name: str, mine: list[MatchedCaseCode]
    ) -> Unexpected:
        if case is not None and case.kind != "foster care":
            return Unexpected(
                "ABS-POPULATION",
                row,
                f"Absence From Placement is on {name}'s {case.kind} case; it applies only to "
                "children and nonminor dependents in foster care.",
            )
        absences = [m for m in mine if m.expected.code == S_CSEC_ABSENCE_FROM_PLACEMENT]
        if any(m.row is not None and m.expected.start == row.start_date for m in absences):
            return Unexpected(
                "ABS-PER-INCIDENT",
                row,
                f"A second Absence From Placement for the absence that began "
                f"{date(row.start_date)}; each absence gets one code.",
            )
        return Unexpected(
            "ABS-WHEN",
            row,
            f"Absence From Placement starting {date(row.start_date)}: the facts show no absence "
            f"of {name} beginning then during which {name} was commercially sexually exploited.",
        )
