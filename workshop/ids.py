"""Ids from payloads, forms and URLs: whole numbers only (not true/false, not 1.5), and
no larger than the database's 64-bit integers (a larger one would overflow, not miss)."""

from workshop.payloads import MAX_INT

MAX_ID = MAX_INT


def parse_id(value: object) -> int | None:
    """Return the id a payload or form field names, or None when it is not a whole number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value <= MAX_ID else None
    text = value.strip() if isinstance(value, str) else ""
    if text.isascii() and text.isdigit() and len(text) <= 19:  # "²".isdigit() is True too
        return parse_id(int(text))
    return None


def json_id(value: object) -> int | None:
    """Return the id a JSON payload names: a positive integer, never true/false or text."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID:
        return value
    return None
