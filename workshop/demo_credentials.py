"""The demo facilitator's password and projector link, kept across restarts of `make run`.

Both are stored hashed in the database, so they could only be printed when made, and every
`make run` used to make new ones: a restart in the middle of an event broke the projector.
They are kept in plain text in the instance folder instead (mode 0600, beside `secret_key`,
which is worth more), and printed again on each run until `aihio demo --reset-password`.
A value that no longer matches the database (changed elsewhere) is not printed.
"""

import json
import os
from pathlib import Path

FILENAME = "demo-credentials.json"


def _path(instance_path: str | Path) -> Path:
    return Path(instance_path) / FILENAME


def load(instance_path: str | Path) -> dict[str, str]:
    """Return the kept credentials ({} when none or unreadable)."""
    try:
        data = json.loads(_path(instance_path).read_text())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {key: value for key, value in data.items() if isinstance(value, str)}


def save(instance_path: str | Path, **values: str | None) -> None:
    """Merge `values` into the kept credentials, readable by this user only."""
    data = load(instance_path)
    data.update({key: value for key, value in values.items() if value})
    path = _path(instance_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(data, fh)
    os.replace(temporary, path)
