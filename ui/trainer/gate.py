"""The passphrase between a trainee's seat and the trainer's tools.

A lab's laptops are shared, so trainer mode must be entered deliberately and left behind
on its own: the passphrase is asked every time trainer mode is entered (set on first use
at a station, kept only as a salted scrypt hash by :mod:`cwstrainer.trainer_access`), and
the gate locks again when the trainer leaves trainer mode or a trainee signs in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.lobby import Lobby

LOCKED_REASON = (
    "Trainer mode only: choose Trainer > Enter Trainer Mode… and type the station's "
    "trainer passphrase."
)


class TrainerGate(QObject):
    """Whether trainer mode is open at this window, and the way in and out.

    Signals:
        unlockedChanged(bool): trainer mode was entered (True) or left (False).
        failed(str): a wrong passphrase, or one too short to set; the message.
    """

    unlockedChanged = Signal(bool)
    failed = Signal(str)

    def __init__(self, lobby: Lobby, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lobby = lobby
        self._unlocked = False

    @property
    def unlocked(self) -> bool:
        return self._unlocked

    def is_set(self) -> bool:
        from cwstrainer import trainer_access

        return bool(self.lobby.run(lambda: trainer_access.is_set(self.lobby.store)))

    def enter(self, parent: QWidget | None = None) -> bool:
        """Ask for the passphrase (set it on first use); True once trainer mode is open."""
        if self._unlocked:
            return True
        from ui.trainer.passphrase import PassphraseDialog

        first_use = not self.is_set()
        typed = PassphraseDialog.ask(parent, first_use)
        if typed is None:
            return False
        return self.unlock_with(typed, first_use)

    def unlock_with(self, typed: str, first_use: bool = False) -> bool:
        """Open trainer mode with this passphrase (setting it, on first use)."""
        from cwstrainer import trainer_access

        if first_use:
            done = self.lobby.run(
                lambda: trainer_access.set_passphrase(self.lobby.store, typed) or True
            )
            if not done:
                return False
        elif not self.lobby.run(lambda: trainer_access.unlock(self.lobby.store, typed)):
            self.failed.emit("That is not the trainer passphrase. Trainer mode stays locked.")
            return False
        self._unlocked = True
        self.unlockedChanged.emit(True)
        return True

    def lock(self) -> None:
        """Leave trainer mode (on leaving it, closing its window, or a trainee signing in)."""
        if self._unlocked:
            self._unlocked = False
            self.unlockedChanged.emit(False)
