"""The scenario format: what a trainer writes, as frozen dataclasses.

A scenario describes a fictional situation in three parts: what the trainee reads (the
narrative and documents), the world that exists in CWS/CMS when the attempt starts
(clients, referrals, cases, removals with their absences), and the facts the rules need
(who was exploited, when, whether in care, risk indicators, substantiation). The entries
a trainee must make are *derived* from these facts by the rules; an author never types
the answers in, except the key for what the letters leave to caseworker judgment
(perpetrators and other allegations).

The field metadata (``spec``) is the documentation of the format: the loader checks it,
and ``cwstrainer schema`` publishes it as JSON Schema.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from cwstrainer.codes import (
    ABUSE_CATEGORIES,
    ABUSE_SUBCATEGORIES,
    COMMUNICATION_METHODS,
    CSEC_TYPES,
    DISPOSITIONS,
    FACILITY_TYPES,
    REASONS_FOR_REMOVAL,
    RESPONSE_TYPES,
)
from cwstrainer.scenario.typed import spec

ID_PATTERN = r"[A-Za-z][A-Za-z0-9_-]{0,39}"
SCENARIO_ID_PATTERN = r"[a-z0-9][a-z0-9-]{2,63}"

Difficulty = Literal["easy", "medium", "hard"]
RuleWeight = Literal["critical", "major", "advice"]
DocumentKind = Literal[
    "hotline transcript",
    "screening notes",
    "placement history",
    "caseworker note",
    "investigation narrative",
    "court report",
    "other",
]
ClientRole = Literal["child", "adult"]
ReferralMethod = Literal["hotline", "direct report", "other"]
ReferralRelation = Literal["duplicate", "associated"]
CaseKind = Literal["foster care", "in-home", "independent living"]
VictimTiming = Literal["before care", "in care", "absent from placement", "at home"]
Documentation = Literal["case codes", "grid", "both"]
RiskIndicatorName = Literal[
    "prior sexual trauma",
    "frequent AWOL/homelessness",
    "solicitation charges",
    "probation or law enforcement involvement",
    "history of hard substance abuse",
    "branding tattoos",
    "frequent truancy",
    "relationship with a much older adult",
    "technology use involving atypical sexual behaviour",
    "other",
]
LETTER_INDICATORS: tuple[str, ...] = RiskIndicatorName.__args__[:-1]  # type: ignore[attr-defined]


@dataclass(frozen=True, kw_only=True)
class Document:
    """A document the trainee reads beside the notebooks."""

    kind: DocumentKind = field(metadata=spec("What the document is, as a county worker names it."))
    title: str = field(metadata=spec("Its heading in the brief.", min_len=1, max_len=120))
    date: dt.date | None = field(default=None, metadata=spec("The date it bears, if any."))
    text: str = field(
        metadata=spec(
            "Its full text (plain text; blank lines separate paragraphs).", min_len=1, max_len=20000
        )
    )


@dataclass(frozen=True, kw_only=True)
class EnteredGridRow:
    """A row already in a child's CSEC Data Grid when the attempt starts (ACL 16-49)."""

    type: str = field(metadata=spec("CSEC Type, as CWS/CMS shows it.", codes=CSEC_TYPES))
    start: dt.date = field(metadata=spec("Start Date."))
    end: dt.date | None = field(default=None, metadata=spec("End Date, if one was entered."))


@dataclass(frozen=True, kw_only=True)
class Client:
    """A fictional person in the scenario."""

    id: str = field(
        metadata=spec(
            "Short name other fields use to refer to this person.",
            pattern=ID_PATTERN,
            example="maya",
        )
    )
    first_name: str = field(metadata=spec("First name (fictional).", min_len=1, max_len=20))
    last_name: str = field(metadata=spec("Last name (fictional).", min_len=1, max_len=25))
    birth_date: dt.date = field(metadata=spec("Date of birth."))
    role: ClientRole = field(metadata=spec("'child' for a child or youth, 'adult' otherwise."))
    csec_history: tuple[EnteredGridRow, ...] = field(
        default=(),
        metadata=spec(
            "Rows already in this child's CSEC Data Grid (Client notebook) when the attempt "
            "starts, e.g. an At Risk row the trainee must end-date."
        ),
    )

    @property
    def display_name(self) -> str:
        """As CWS/CMS shows a client: LAST, First."""
        return f"{self.last_name.upper()}, {self.first_name}"


@dataclass(frozen=True, kw_only=True)
class EnteredSpecialProject:
    """A special project row already in a referral's or case's grid when the attempt starts.

    Lets a scenario set up what a trainee must correct or complete, such as an At-Risk
    code to end-date once the child became a victim. The trainee's final grid is graded,
    whoever entered each row.
    """

    code: str = field(
        metadata=spec("The special project's title, e.g. S-CSEC At-Risk.", max_len=30)
    )
    start: dt.date = field(metadata=spec("Start Date."))
    end: dt.date | None = field(default=None, metadata=spec("End Date, if one was entered."))


@dataclass(frozen=True, kw_only=True)
class EnteredAllegation:
    """An allegation already entered on a referral before the attempt starts."""

    victim: str = field(metadata=spec("Client id of the alleged victim."))
    perpetrator: str | None = field(
        default=None, metadata=spec("Client id of the alleged perpetrator.")
    )
    category: str = field(metadata=spec("Abuse Category.", codes=ABUSE_CATEGORIES))
    subcategory: str | None = field(
        default=None, metadata=spec("Abuse Subcategory.", codes=ABUSE_SUBCATEGORIES)
    )
    disposition: str | None = field(default=None, metadata=spec("Disposition.", codes=DISPOSITIONS))
    disposition_date: dt.date | None = field(default=None, metadata=spec("Disposition date."))


@dataclass(frozen=True, kw_only=True)
class Referral:
    """A report received by the agency: a referral in CWS/CMS."""

    id: str = field(
        metadata=spec(
            "Short name other fields use to refer to this referral.",
            pattern=ID_PATTERN,
            example="R1",
        )
    )
    name: str | None = field(
        default=None,
        metadata=spec(
            "Referral Name as CWS/CMS shows it (at most 35 characters); by default the first "
            "child's LAST, First.",
            max_len=35,
        ),
    )
    received: dt.date = field(metadata=spec("Date the referral was received."))
    received_time: dt.time = field(
        metadata=spec("Time received, 24-hour HH:MM, in quotes.", example="14:05")
    )
    method: ReferralMethod = field(
        metadata=spec(
            "How the report came in: 'hotline', 'direct report' (to a caseworker) or 'other'."
        )
    )
    communication_method: str = field(
        metadata=spec("Communication Method.", codes=COMMUNICATION_METHODS)
    )
    response_type: str | None = field(
        default=None, metadata=spec("Response Type, once determined.", codes=RESPONSE_TYPES)
    )
    entered: bool = field(
        default=True,
        metadata=spec(
            "true: the referral is already open in CWS/CMS when the attempt starts. false: the "
            "trainee must create it from the report."
        ),
    )
    children: tuple[str, ...] = field(
        metadata=spec("Client ids of the children the referral concerns.", min_len=1)
    )
    cse_alleged: tuple[str, ...] = field(
        default=(),
        metadata=spec(
            "Client ids of the children the referral alleges were commercially sexually "
            "exploited (or are alleged or suspected to be). Empty: no CSE alleged."
        ),
    )
    primary: str | None = field(
        default=None,
        metadata=spec("For a duplicate or associated referral: the id of its primary referral."),
    )
    relation: ReferralRelation | None = field(
        default=None,
        metadata=spec(
            "With 'primary': whether this referral is a 'duplicate' of it or 'associated' with it."
        ),
    )
    investigation_completed: dt.date | None = field(
        default=None,
        metadata=spec("Date the investigation was completed; leave out while it is open."),
    )
    allegations: tuple[EnteredAllegation, ...] = field(
        default=(), metadata=spec("Allegations already entered when the attempt starts.")
    )
    special_projects: tuple[EnteredSpecialProject, ...] = field(
        default=(),
        metadata=spec("Special projects already on the referral (only with entered: true)."),
    )


@dataclass(frozen=True, kw_only=True)
class Absence:
    """A time the child was AWOL, abducted or otherwise absent from placement."""

    id: str = field(metadata=spec("Short name for this absence.", pattern=ID_PATTERN, example="A1"))
    left: dt.date = field(metadata=spec("Date the child was first absent."))
    returned: dt.date | None = field(
        default=None,
        metadata=spec("Date the child returned to placement; leave out if not yet returned."),
    )


@dataclass(frozen=True, kw_only=True)
class Removal:
    """A removal and placement in foster care (a placement episode)."""

    id: str = field(metadata=spec("Short name for this removal.", pattern=ID_PATTERN, example="P1"))
    child: str = field(metadata=spec("Client id of the child removed."))
    referral: str = field(
        metadata=spec("Id of the referral in whose Placement Management section it is entered.")
    )
    date: dt.date = field(metadata=spec("Removal date."))
    facility_type: str | None = field(
        default=None, metadata=spec("Placement Facility Type.", codes=FACILITY_TYPES)
    )
    entered: bool = field(
        default=False,
        metadata=spec(
            "false: the trainee enters this removal. true: it is already in CWS/CMS with the "
            "reasons below."
        ),
    )
    cse_in_decision: bool = field(
        default=False,
        metadata=spec("Whether commercial sexual exploitation is part of the removal decision."),
    )
    failure_to_protect_primary: bool = field(
        default=False,
        metadata=spec(
            "Whether the parent's failure to protect the child from CSE is the primary reason."
        ),
    )
    primary_reason: str | None = field(
        default=None,
        metadata=spec(
            "With entered: true, the primary Reason For Removal already recorded.",
            codes=REASONS_FOR_REMOVAL,
        ),
    )
    secondary_reason: str | None = field(
        default=None,
        metadata=spec(
            "With entered: true, the secondary Reason For Removal already recorded.",
            codes=REASONS_FOR_REMOVAL,
        ),
    )
    absences: tuple[Absence, ...] = field(
        default=(), metadata=spec("Absences from this placement, in order.")
    )


@dataclass(frozen=True, kw_only=True)
class Case:
    """The child's open case in CWS/CMS."""

    id: str = field(metadata=spec("Short name for this case.", pattern=ID_PATTERN, example="C1"))
    child: str = field(metadata=spec("Client id of the child whose case it is."))
    opened: dt.date = field(metadata=spec("Date the case was opened."))
    kind: CaseKind = field(
        default="foster care",
        metadata=spec(
            "'foster care' (child removed and placed), 'in-home' (open case, not removed) or "
            "'independent living' (youth receiving only independent living services)."
        ),
    )
    services_ended: dt.date | None = field(
        default=None,
        metadata=spec(
            "Date the child stopped receiving child welfare services; leave out while they "
            "continue."
        ),
    )
    special_projects: tuple[EnteredSpecialProject, ...] = field(
        default=(), metadata=spec("Special projects already on the case when the attempt starts.")
    )


@dataclass(frozen=True, kw_only=True)
class Victimization:
    """A child's commercial sexual exploitation, as the investigation established it."""

    child: str = field(metadata=spec("Client id of the child exploited."))
    referral: str | None = field(default=None, metadata=spec("Id of the referral alleging it."))
    became_victim: dt.date = field(
        metadata=spec(
            "Date the child became a victim, as identified through the county screening process."
        )
    )
    timing: VictimTiming = field(
        metadata=spec(
            "'before care' (before entering foster care), 'in care' (while in foster care), "
            "'absent from placement' (during an absence from a foster care placement) or "
            "'at home' (never removed: living at home with an open in-home case, running away "
            "from home, or a youth receiving independent living services)."
        )
    )
    ended: dt.date | None = field(
        default=None,
        metadata=spec(
            "Date the exploitation ended, if the facts give one: the CSEC Data Grid's End "
            "Date (\"the date the sexual abuse ended\")."
        ),
    )
    absence: str | None = field(
        default=None, metadata=spec("With 'absent from placement': the id of the absence.")
    )
    identified: dt.date | None = field(
        default=None,
        metadata=spec(
            "Date the caseworker identified the exploitation (on return, for an absence)."
        ),
    )
    substantiated: dt.date | None = field(
        default=None,
        metadata=spec(
            "Date the exploitation allegation was substantiated; leave out if it was not (or "
            "not yet)."
        ),
    )


@dataclass(frozen=True, kw_only=True)
class RiskIndicator:
    """One risk indicator of commercial sexual exploitation the caseworker identified."""

    indicator: RiskIndicatorName = field(
        metadata=spec(
            "One of the letter's indicators, or 'other' with a note (the list is not exhaustive)."
        )
    )
    identified: dt.date = field(metadata=spec("Date the caseworker learned of it."))
    note: str | None = field(default=None, metadata=spec("What it is, for 'other'.", max_len=200))


@dataclass(frozen=True, kw_only=True)
class AtRisk:
    """A child the caseworker considered at risk of commercial sexual exploitation."""

    child: str = field(metadata=spec("Client id of the child."))
    identified: dt.date = field(
        metadata=spec("Date the caseworker identified the child as at risk.")
    )
    indicators: tuple[RiskIndicator, ...] = field(
        metadata=spec("The indicators known, with their dates.", min_len=1)
    )
    no_longer_at_risk: dt.date | None = field(
        default=None, metadata=spec("Date the child was no longer considered at risk, if so.")
    )


@dataclass(frozen=True, kw_only=True)
class Facts:
    """What the investigation and the caseworker established: the rules derive from it."""

    victims: tuple[Victimization, ...] = field(
        default=(), metadata=spec("Each commercial sexual exploitation of a child.")
    )
    at_risk: tuple[AtRisk, ...] = field(default=(), metadata=spec("Each child considered at risk."))


@dataclass(frozen=True, kw_only=True)
class KeyAllegation:
    """The author's answer for an item the letters leave to caseworker judgment."""

    referral: str = field(metadata=spec("Id of the referral the allegation belongs on."))
    victim: str = field(metadata=spec("Client id of the victim."))
    category: str = field(
        default="Exploitation", metadata=spec("Abuse Category.", codes=ABUSE_CATEGORIES)
    )
    subcategory: str | None = field(
        default=None, metadata=spec("Abuse Subcategory.", codes=ABUSE_SUBCATEGORIES)
    )
    perpetrator: str | None = field(
        default=None,
        metadata=spec(
            "Client id of the perpetrator the evidence names; leave out if none is named."
        ),
    )
    why: str | None = field(
        default=None,
        metadata=spec("The evidence behind this answer, shown in the report.", max_len=400),
    )


@dataclass(frozen=True, kw_only=True)
class AnswerKey:
    """Judgment items (ALG-PERPETRATOR, ALG-OTHER): the evidence decides, the author says."""

    perpetrators: tuple[KeyAllegation, ...] = field(
        default=(), metadata=spec("Who is named as perpetrator on each exploitation allegation.")
    )
    other_allegations: tuple[KeyAllegation, ...] = field(
        default=(),
        metadata=spec(
            "Allegations besides exploitation that the evidence supports, such as neglect."
        ),
    )


@dataclass(frozen=True, kw_only=True)
class ExpectedGridRow:
    """A CSEC Data Grid row the author states, for a county that holds ACL 16-49's own
    words or a protocol: it replaces the rows the trainer derives for that child."""

    child: str = field(metadata=spec("Client id of the child."))
    type: str = field(metadata=spec("CSEC Type, as CWS/CMS shows it.", codes=CSEC_TYPES))
    start: dt.date = field(metadata=spec("Start Date expected."))
    end: dt.date | None = field(default=None, metadata=spec("End Date expected, if any."))
    why: str | None = field(
        default=None, metadata=spec("The source of this row, shown in the report.", max_len=400)
    )


@dataclass(frozen=True, kw_only=True)
class VariantName:
    """The names a client has in one variant."""

    first_name: str = field(metadata=spec("First name in this variant.", min_len=1, max_len=20))
    last_name: str = field(metadata=spec("Last name in this variant.", min_len=1, max_len=25))


@dataclass(frozen=True, kw_only=True)
class Variant:
    """An equivalent version of the scenario, so that neighbouring seats differ.

    Every text is rewritten with the new names, and every date (in fields and in texts)
    moves by ``shift_days``; the expected entries are derived again from the variant.
    """

    id: str = field(
        metadata=spec("Short name shown in the report.", pattern=ID_PATTERN, example="B")
    )
    names: dict[str, VariantName] = field(
        default_factory=dict,
        metadata=spec("Client id to the names that client has in this variant."),
    )
    shift_days: int = field(
        default=0,
        metadata=spec(
            "Move every date by this many days: a whole number of weeks (e.g. -14, 21), so that "
            "weekdays stay right.",
            minimum=-364,
            maximum=364,
        ),
    )


@dataclass(frozen=True, kw_only=True)
class Scenario:
    """A whole training scenario."""

    id: str = field(
        metadata=spec(
            "Unique id: lower-case letters, digits and dashes.",
            pattern=SCENARIO_ID_PATTERN,
            example="hotline-maya-2016",
        )
    )
    title: str = field(metadata=spec("Title shown in the library.", min_len=1, max_len=100))
    version: int = field(
        metadata=spec("Raise it whenever the scenario changes.", minimum=1, maximum=10000)
    )
    difficulty: Difficulty = field(metadata=spec("'easy', 'medium' or 'hard'."))
    estimated_minutes: int = field(
        metadata=spec("Minutes a new caseworker needs.", minimum=1, maximum=240)
    )
    learning_objectives: tuple[str, ...] = field(
        metadata=spec("What the trainee learns, one sentence each.", min_len=1)
    )
    today: dt.date = field(
        metadata=spec(
            "The scenario's today: the date CWS/CMS shows, which decides the codes offered."
        )
    )
    pass_mark: int = field(
        default=80, metadata=spec("Percent of the possible points to pass.", minimum=0, maximum=100)
    )
    county: str = field(default="Training County", metadata=spec("County name shown.", max_len=40))
    narrative: str = field(
        metadata=spec(
            "The situation, as the trainee's supervisor tells it.", min_len=1, max_len=20000
        )
    )
    documents: tuple[Document, ...] = field(
        default=(),
        metadata=spec(
            "Hotline transcript, screening notes, placement history and other documents."
        ),
    )
    clients: tuple[Client, ...] = field(metadata=spec("Every person in the scenario.", min_len=1))
    referrals: tuple[Referral, ...] = field(default=(), metadata=spec("Every referral."))
    cases: tuple[Case, ...] = field(default=(), metadata=spec("Open cases, one per child."))
    removals: tuple[Removal, ...] = field(
        default=(), metadata=spec("Removals and placements, with absences.")
    )
    facts: Facts = field(
        default_factory=Facts,
        metadata=spec(
            "Exploitation and risk, as established: the rules derive the expected entries."
        ),
    )
    key: AnswerKey = field(
        default_factory=AnswerKey, metadata=spec("The author's answers for judgment items.")
    )
    variants: tuple[Variant, ...] = field(
        default=(),
        metadata=spec(
            "Equivalent versions for neighbouring seats: other names, dates moved by weeks."
        ),
    )
    rules: dict[str, bool] = field(
        default_factory=dict,
        metadata=spec(
            "Switch off rules marked inference for this scenario, e.g. 'REF-SPC-END: false'."
        ),
    )
    documentation: Documentation = field(
        default="case codes",
        metadata=spec(
            "What the trainee documents for the child: 'case codes' (the interim special "
            "project codes of ACL 15-49, the default), 'grid' (the CSEC Data Grid of the "
            "Client notebook, ACL 16-49) or 'both'. The brief tells the trainee."
        ),
    )
    grid: tuple[ExpectedGridRow, ...] = field(
        default=(),
        metadata=spec(
            "CSEC Data Grid rows you state yourself (ACL 16-49's own words or a county "
            "protocol); for each child named here they replace the rows the trainer derives."
        ),
    )
    weights: dict[str, RuleWeight] = field(
        default_factory=dict,
        metadata=spec(
            "Raise or lower a rule's weight for this scenario (a county protocol, a practice "
            "drill), e.g. 'ALG-PERPETRATOR: critical'. The report says the scenario chose it."
        ),
    )

    def client(self, client_id: str) -> Client:
        """The client with this id; ``KeyError`` if none."""
        for c in self.clients:
            if c.id == client_id:
                return c
        raise KeyError(client_id)

    def referral(self, referral_id: str) -> Referral:
        """The referral with this id; ``KeyError`` if none."""
        for r in self.referrals:
            if r.id == referral_id:
                return r
        raise KeyError(referral_id)

    def case_of(self, child_id: str) -> Case | None:
        """The open case of this child, if the scenario has one."""
        return next((c for c in self.cases if c.child == child_id), None)

    def rule_enabled(self, rule_id: str) -> bool:
        """Whether a rule applies in this scenario (only inference rules can be off)."""
        return self.rules.get(rule_id, True)

    def referral_name(self, referral: Referral) -> str:
        """The Referral Name: the author's, or the first child's LAST, First."""
        if referral.name:
            return referral.name
        return self.client(referral.children[0]).display_name[:35]
