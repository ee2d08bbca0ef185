"""What a trainee chose at the way in: who, which scenario, which mode, which attempt.

Kept apart from the dialog (:mod:`ui.startdialog`) so that the window can speak of
modes and choices without building, or importing, the dialog before it is needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from ui.lobby import BY_SEAT

if TYPE_CHECKING:
    from cwstrainer.scenario.library import LoadedScenario
    from cwstrainer.store.store import Attempt, Trainee

MODES = (
    (
        "guided",
        "&Guided",
        "Each next step of the Attachment A click path is highlighted with a short "
        "instruction; a wrong entry gets a hint naming the rule; Show me plays the step.",
    ),
    (
        "practice",
        "&Practice",
        "No highlighting. Submit whenever you like, read the report, and try again from "
        "a fresh copy.",
    ),
    (
        "assessment",
        "A&ssessment",
        "No hints and no feedback until you submit. One submission; the pass mark decides.",
    ),
)
MODE_NAMES = {key: label.replace("&", "") for key, label, _ in MODES}


class StartChoice(NamedTuple):
    """What the trainee chose: who, which scenario, which mode, and which attempt.

    ``attempt`` is set to resume an unfinished attempt (or reopen a past one from
    History); None starts a new attempt in ``mode``, in ``variant`` (by default the
    seat's: :func:`cwstrainer.scenario.variants.for_seat` of the trainee's name).
    """

    trainee: Trainee
    loaded: LoadedScenario
    mode: str
    attempt: Attempt | None = None
    variant: str | None = BY_SEAT
