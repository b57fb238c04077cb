"""How a carried draft changed since it was carried: a word diff per field. No Flask."""

import difflib
import re
from dataclasses import dataclass

WORDS = re.compile(r"\S+|\s+")


@dataclass
class FieldChange:
    key: str
    parts: list[tuple[str, str]]  # ("same" | "added" | "removed", text)

    @property
    def changed(self) -> bool:
        return any(kind != "same" for kind, _ in self.parts)


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """Return the words kept, removed and added from `before` to `after`, in order."""
    old, new = WORDS.findall(before or ""), WORDS.findall(after or "")
    parts: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("same", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("removed", "".join(old[i1:i2])))
        if j2 > j1:
            parts.append(("added", "".join(new[j1:j2])))
    return parts


def changes_since(before: dict, after: dict, keys: list[str]) -> list[FieldChange]:
    """Return the fields (template order, then any others) whose text changed."""
    ordered = list(keys) + sorted((set(before) | set(after)) - set(keys))
    found = [FieldChange(k, word_diff(before.get(k, ""), after.get(k, ""))) for k in ordered]
    return [change for change in found if change.changed]
