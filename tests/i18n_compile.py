"""Pytest plugin: compile the translation catalogues before the session starts.

Loaded from conftest.py (`pytest_plugins = [..., "i18n_compile"]`). The compiled `.mo`
files are git-ignored, so a fresh checkout has none and every page would be in English.
`pytest_sessionstart` runs before collection, so every app the tests create and every
server subprocess they start (tests/live.py) reads up-to-date catalogues.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parent.parent / "workshop" / "translations"


def compile_catalogues(root: Path = TRANSLATIONS) -> list[Path]:
    """Compile every <lang>/LC_MESSAGES/messages.po under root; return the .mo paths."""
    written = []
    for po_path in sorted(root.glob("*/LC_MESSAGES/messages.po")):
        locale = po_path.parent.parent.name
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=locale)
        mo_path = po_path.with_suffix(".mo")
        # Write beside the target and rename: a server already running elsewhere never
        # reads a half-written file.
        fd, tmp_name = tempfile.mkstemp(dir=mo_path.parent, prefix=".messages-", suffix=".mo")
        try:
            with os.fdopen(fd, "wb") as mo_file:
                write_mo(mo_file, catalog, use_fuzzy=False)
            os.chmod(tmp_name, 0o644)
            os.replace(tmp_name, mo_path)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        written.append(mo_path)
    return written


def pytest_sessionstart(session) -> None:
    compile_catalogues()
