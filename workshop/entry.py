"""The `aihio` console script.

`aihio serve` under eventlet must monkey-patch before Flask, SQLAlchemy or redis are
imported, so this module imports nothing of them until it has decided.
"""

import os
import sys
import warnings


def main() -> None:
    """Run the `aihio` command line."""
    # eventlet warns on every import that it is in bugfix-only mode; known and chosen.
    warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
    if (
        sys.argv[1:2] == ["serve"]
        and (os.environ.get("AIHIO_ASYNC_MODE") or "eventlet") == "eventlet"
    ):
        import eventlet

        eventlet.monkey_patch()
    from workshop.cli import cli

    cli.main(prog_name="aihio")
