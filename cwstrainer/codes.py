"""CWS/CMS system code tables the trainer's screens and rules use.

Values and ids are the real CWS/CMS ones (``SYS_CD_C.SYS_ID``) as documented in the
project's DOMAIN.md, each table citing its public source. Where the real id is unknown,
the trainer uses its own id from the 9000 range and says so beside the value; such ids
never leave the trainer as if they were CWS/CMS's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

OWN_ID_NOTE = "id is the trainer's own: the real CWS/CMS id is not published"


@dataclass(frozen=True)
class Code:
    """One system code: what a CWS/CMS dropdown shows and what its column stores."""

    id: int
    short_description: str
    logical_id: str | None = None
    parent_id: int | None = None
    inactive: bool = False
    available_from: dt.date | None = None
    note: str | None = None

    def offered_on(self, day: dt.date) -> bool:
        """Whether a dropdown shows this code on ``day`` (the scenario's today)."""
        if self.inactive:
            return False
        return self.available_from is None or day >= self.available_from


class CodeTable:
    """An ordered code list, as a CWS/CMS dropdown has it (meta name in ``name``)."""

    def __init__(self, name: str, title: str, codes: tuple[Code, ...]) -> None:
        self.name = name
        self.title = title
        self.codes = codes
        self._by_id = {c.id: c for c in codes}
        self._by_text = {c.short_description.casefold(): c for c in codes}
        if len(self._by_id) != len(codes) or len(self._by_text) != len(codes):
            raise ValueError(f"code table {name} repeats an id or a description")

    def __iter__(self) -> Iterator[Code]:
        return iter(self.codes)

    def __len__(self) -> int:
        return len(self.codes)

    def __contains__(self, code_id: object) -> bool:
        return code_id in self._by_id

    def by_id(self, code_id: int) -> Code:
        """The code with this id; ``KeyError`` if the table has none."""
        return self._by_id[code_id]

    def find(self, text: str) -> Code | None:
        """The code whose short description is ``text`` (case-insensitive), or None."""
        return self._by_text.get(text.strip().casefold())

    def descriptions(self) -> tuple[str, ...]:
        """Every short description, in dropdown order."""
        return tuple(c.short_description for c in self.codes)

    def offered_on(self, day: dt.date) -> tuple[Code, ...]:
        """The codes a dropdown offers on ``day``: active and already available."""
        return tuple(c for c in self.codes if c.offered_on(day))


# 1.1 Abuse Category (ALLGTN_T.ALG_TPC, meta INJR_HMC). Sources: the CWDS API,
# wmitchell-cambria/API src/main/resources/intake_lov.tsv (ids, names, logical ids); the
# CWDS Intake, v-raya/INTAKE app/javascript/data/lov/allegationType.js (the same); the CCWIP
# methodology page https://ccwip.berkeley.edu/cwscmsreports/methodologies/default.aspx?definition=allegationType&backReport=Referrals&report=
# (the same ids, and 5624 "Category not currently active in CWS/CMS").
EXPLOITATION = 2177
GENERAL_NEGLECT = 2178
ABUSE_CATEGORIES = CodeTable(
    "INJR_HMC",
    "Abuse Category",
    (
        Code(5001, "At Risk, sibling abused", "0001"),
        Code(2169, "Caretaker Absence/Incapacity", "0005"),
        Code(EXPLOITATION, "Exploitation", "0007"),
        Code(2176, "Emotional Abuse", "0009"),
        Code(GENERAL_NEGLECT, "General Neglect", "0011"),
        Code(2180, "Severe Neglect", "0013"),
        Code(2179, "Physical Abuse", "0015"),
        Code(2181, "Sexual Abuse", "0017"),
        Code(
            5624, "Substantial Risk", inactive=True, note="Category not currently active in CWS/CMS"
        ),
    ),
)

# 1.2 The two CSEC abuse subcategories (ACL 16-74, citing ACL 16-49). Their system-code
# ids are not published; the parent pairing is read from the names (RULES.md:
# REF-SUBCATEGORY is an inference). Offered from the date of ACL 16-49, which explained
# how to select them; the exact release date in CWS/CMS is not published either.
# No subcategory of any other abuse category is published for CWS/CMS (the CWDS API and
# Intake have no subcategory table; the 2018 DTD, davehenton/cals-api
# src/test/resources/dbunit/CWSCMS.dtd, has no subcategory column on ALLGTN_T), so the
# other categories have none here: their Abuse Subcategory list is blank. The allegation
# "subtypes" of the later CARES system are not CWS/CMS codes and are not used.
COMMERCIAL_SEXUAL_EXPLOITATION = 9101
FAIL_TO_PROTECT_FROM_CSE = 9102
ACL_16_49_DATE = dt.date(2016, 5, 23)
ABUSE_SUBCATEGORIES = CodeTable(
    "ALG_SUBC",
    "Abuse Subcategory",
    (
        Code(
            COMMERCIAL_SEXUAL_EXPLOITATION,
            "Commercial Sexual Exploitation",
            parent_id=EXPLOITATION,
            available_from=ACL_16_49_DATE,
            note=OWN_ID_NOTE,
        ),
        Code(
            FAIL_TO_PROTECT_FROM_CSE,
            "Fail/Unable to Protect from CSE",
            parent_id=GENERAL_NEGLECT,
            available_from=ACL_16_49_DATE,
            note=OWN_ID_NOTE,
        ),
    ),
)

# 1.3 Allegation disposition (ALG_DSPC). Source: the CCWIP methodology pages
# https://ccwip.berkeley.edu/cwscmsreports/methodologies/default.aspx?definition=investigation&backReport=Referrals&report=
# and ...?definition=dispositionType... of the same site.
SUBSTANTIATED = 45
DISPOSITIONS = CodeTable(
    "ALG_DSPC",
    "Disposition",
    (
        Code(SUBSTANTIATED, "Substantiated"),
        Code(46, "Unfounded"),
        Code(47, "Inconclusive"),
        Code(5918, "Entered in Error"),
        Code(
            5369,
            "Unknown at Conversion",
            inactive=True,
            note="conversion value, not for new entries",
        ),
    ),
)

# 1.5 Referral communication method (REFERL_T.CMM_MTHC). Source: wmitchell-cambria/API
# src/main/resources/intake_lov.tsv (meta CMM_MTHC: ids, names, logical ids).
COMMUNICATION_METHODS = CodeTable(
    "CMM_MTHC",
    "Communication Method",
    (
        Code(408, "In-Person", "0001"),
        Code(409, "Telephone", "0002"),
        Code(410, "Written", "0003"),
        Code(5375, "Fax", "0004"),
        Code(5378, "E-Mail", "0005"),
    ),
)

# 1.4 Referral response type (REFERL_T.RFR_RSPC). Sources: the CCWIP investigation page
# (URL at 1.3 above; only Immediate, 3, 5 and 10 Day count as investigated there) and
# wmitchell-cambria/API src/main/resources/intake_lov.tsv (meta RFR_RSPC).
RESPONSE_TYPES = CodeTable(
    "RFR_RSPC",
    "Response Type",
    (
        Code(1520, "Immediate"),
        Code(1516, "3 Day"),
        Code(1517, "5 Day"),
        Code(1518, "10 Day"),
        Code(1519, "Evaluate Out"),
        Code(1521, "N/A Secondary Report"),
    ),
)
INVESTIGATED_RESPONSE_TYPES = frozenset({1520, 1516, 1517, 1518})

# 1.6 Reasons for Removal (PLC_EPST.RMV_RSNC). Source: the CSSR methodology page
# http://cssr.berkeley.edu/cwscmsreports/methodologies/default.aspx?definition=remReason&backReport=Entries&report=
# which gives 1609, 1615, 1619, 1617 ("Physical"), 1620 ("Sexual") and 1611 ("Conversion"),
# and lumps every other code under "Other" ("e.g., exploitation, child's disability or
# handicap"), with neither their ids nor their exact names. Exploitation is a removal
# reason by ACL 15-49; its real id is not published, so it is the trainer's. The other
# values of the real list (child's disability or handicap, and any more) are left out:
# neither their ids nor their CWS/CMS wording is published (docs/authoring.md, "Where the
# code values come from"). None of the public CWDS code (the API's intake_lov.tsv, the
# Intake's lov files, the CALS API) holds the RMV_RSNC table.
REMOVAL_EXPLOITATION = 9201
REMOVAL_GENERAL_NEGLECT = 1615
REASONS_FOR_REMOVAL = CodeTable(
    "RMV_RSNC",
    "Reasons For Removal",
    (
        Code(1609, "Caretaker Absence/Incapacity"),
        Code(REMOVAL_EXPLOITATION, "Exploitation", note=OWN_ID_NOTE),
        Code(REMOVAL_GENERAL_NEGLECT, "General Neglect"),
        Code(1617, "Physical (Abuse)"),
        Code(1619, "Severe Neglect"),
        Code(1620, "Sexual (Abuse)"),
        Code(1611, "Conversion", inactive=True, note="conversion value, not for new entries"),
    ),
)

# 1.7 Placement facility type (PLC_FCLC). Source: the CSSR methodology page
# http://cssr.berkeley.edu/cwscmsreports/methodologies/default.aspx?definition=placementType&backReport=C2M5&report=
# 6914 from davehenton/cals-api src/test/resources/mapping/PlacementHome.sql.
FACILITY_TYPES = CodeTable(
    "PLC_FCLC",
    "Placement Facility Type",
    (
        Code(1414, "Foster Family Agency"),
        Code(2200, "Foster Family Agency Certified Home"),
        Code(1416, "Foster Family Home"),
        Code(1418, "Group Home/Shelter"),
        Code(1419, "Court Specified Home"),
        Code(5411, "Guardian Home"),
        Code(2222, "Pre-Adopt"),
        Code(1421, "Relative/NREFM Home"),
        Code(6914, "Resource Family Home"),
        Code(1422, "Tribe Specified Home"),
    ),
)

# 1.8 CSEC type (CSECHIST.CSEC_TPC): the Client notebook's CSEC grid of ACL 16-49.
# Source: v-raya/INTAKE app/javascript/data/lov/lov.js (category csec) and
# app/javascript/enums/CSECTypes.js.
CSEC_TYPES = CodeTable(
    "CSEC_TPC",
    "CSEC Type",
    (
        Code(6867, "At Risk"),
        Code(6868, "Victim Before Foster Care"),
        Code(6869, "Victim During Foster Care"),
        Code(6870, "Victim in Open Case not in Foster Care"),
        Code(6871, "Victim while Absent from Placement"),
        Code(6872, "Victim with Closed Case, Rcv ILP Svcs"),
    ),
)

ALL_TABLES: tuple[CodeTable, ...] = (
    ABUSE_CATEGORIES,
    ABUSE_SUBCATEGORIES,
    DISPOSITIONS,
    COMMUNICATION_METHODS,
    RESPONSE_TYPES,
    REASONS_FOR_REMOVAL,
    FACILITY_TYPES,
    CSEC_TYPES,
)
