"""The records a trainee enters in the notebooks, as the store keeps them and the grader reads them.

Codes are stored as CWS/CMS stores them: system-code ids (``codes.py``) for abuse
categories, dispositions and reasons for removal; the special project's title (a row
of ``SPC_PRJT``) for special projects. People are the scenario's client ids. Every field
but the keys may be empty: an entry is kept as it is made, before it is complete.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from cwstrainer.special_projects import Notebook


class RecordKind(StrEnum):
    """The kinds of record, one table each."""

    REFERRAL = "referral"
    ALLEGATION = "allegation"
    PLACEMENT = "placement"
    CASE = "case"
    SPECIAL_PROJECT = "special_project"
    CSEC = "csec"


@dataclass(frozen=True)
class ReferralRecord:
    """A referral in the Referral notebook (``REFERL_T``)."""

    id: int
    world_key: str | None = None
    referral_name: str | None = None
    received_date: dt.date | None = None
    received_time: dt.time | None = None
    communication_method: int | None = None
    response_type: int | None = None
    primary_referral_id: int | None = None
    created_by_trainee: bool = False


@dataclass(frozen=True)
class AllegationRecord:
    """An allegation on a referral (``ALLGTN_T``)."""

    id: int
    referral_id: int
    victim: str | None = None
    perpetrator: str | None = None
    abuse_category: int | None = None
    abuse_subcategory: int | None = None
    disposition: int | None = None
    disposition_date: dt.date | None = None
    created_by_trainee: bool = True


@dataclass(frozen=True)
class PlacementRecord:
    """A removal and placement in a referral's Placement Management section (``PLC_EPST``)."""

    id: int
    referral_id: int
    child: str | None = None
    removal_date: dt.date | None = None
    facility_type: int | None = None
    primary_reason: int | None = None
    secondary_reason: int | None = None
    world_key: str | None = None
    created_by_trainee: bool = True


@dataclass(frozen=True)
class CaseRecord:
    """A child's open case in the Case notebook."""

    id: int
    world_key: str
    child: str
    opened: dt.date


@dataclass(frozen=True)
class SpecialProjectRecord:
    """A row of a Special Project grid: on a referral (``SPRJ_RFT``) or on a case."""

    id: int
    notebook: Notebook
    owner_id: int
    code: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None


@dataclass(frozen=True)
class CsecRecord:
    """A row of a child's CSEC Data Grid in the Client notebook (``CSECHIST``, ACL 16-49).

    ``world_key`` names a row the scenario put in the grid before the attempt began.
    """

    id: int
    client: str
    csec_type: int | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    world_key: str | None = None


def grid_key(client_id: str, index: int) -> str:
    """The ``world_key`` of the ``index``-th row a scenario put in a child's CSEC grid."""
    return f"{client_id}#{index + 1}"


Record = (
    ReferralRecord
    | AllegationRecord
    | PlacementRecord
    | CaseRecord
    | SpecialProjectRecord
    | CsecRecord
)


@dataclass(frozen=True)
class AttemptRecords:
    """Everything in an attempt's notebooks: what the grader grades."""

    referrals: tuple[ReferralRecord, ...] = ()
    allegations: tuple[AllegationRecord, ...] = ()
    placements: tuple[PlacementRecord, ...] = ()
    cases: tuple[CaseRecord, ...] = ()
    special_projects: tuple[SpecialProjectRecord, ...] = ()
    csec_rows: tuple[CsecRecord, ...] = ()

    def referral(self, referral_id: int) -> ReferralRecord | None:
        """The referral with this id, if any."""
        return next((r for r in self.referrals if r.id == referral_id), None)

    def case(self, case_id: int) -> CaseRecord | None:
        """The case with this id, if any."""
        return next((c for c in self.cases if c.id == case_id), None)

    def allegations_on(self, referral_id: int) -> tuple[AllegationRecord, ...]:
        """The allegations of one referral, in entry order."""
        return tuple(a for a in self.allegations if a.referral_id == referral_id)

    def placements_on(self, referral_id: int) -> tuple[PlacementRecord, ...]:
        """The placements of one referral, in entry order."""
        return tuple(p for p in self.placements if p.referral_id == referral_id)

    def csec_rows_of(self, client: str) -> tuple[CsecRecord, ...]:
        """A child's CSEC Data Grid, in entry order."""
        return tuple(r for r in self.csec_rows if r.client == client)

    def special_projects_on(
        self, notebook: Notebook, owner_id: int
    ) -> tuple[SpecialProjectRecord, ...]:
        """The Special Project grid of one referral or case, in entry order."""
        return tuple(
            s for s in self.special_projects if s.notebook == notebook and s.owner_id == owner_id
        )
