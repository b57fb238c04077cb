"""Ids from payloads and forms: whole numbers only (not true/false, not 1.5)."""


def parse_id(value: object) -> int | None:
    """Return the id a payload or form field names, or None when it is not a whole number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def json_id(value: object) -> int | None:
    """Return the id a JSON payload names: a positive integer, never true/false or text."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None
