"""Sub-commands of ``cwstrainer``; each module has ``register(subparsers)``."""

COMMAND_MODULES: tuple[str, ...] = (
    "validate",
    "schema",
    "rules",
    "grade",
    "results",
    "pack",
    "lrs",
    "coverage",
    "catalogue",
    "codes",
    "key",
)
