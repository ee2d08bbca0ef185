"""Trainer mode: authoring, packs, the results dashboard, exports and the LRS.

Everything here is reached only through :mod:`ui.trainer.gate` (the passphrase), and
talks to the store through the window's :class:`ui.lobby.Lobby`, which turns a domain
error into a message.
"""
