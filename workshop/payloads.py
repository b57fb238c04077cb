"""JSON from outside (request bodies, socket events, uploaded exports), read strictly.

Python's json reads things the database and the CRDT library cannot take: a lone UTF-16
surrogate (`"\\ud800"`) fails when the text is written; an integer beyond 64 bits overflows
SQLite; `NaN` is not JSON; and 100,000 nested brackets raise RecursionError, which is not
a ValueError. `loads` turns each of these into `UnreadablePayload` (a ValueError) whose
message says what to fix, so every edge can answer `invalid`. No Flask here.
"""

import json

from workshop.i18n_markers import N_

MAX_INT = 2**63 - 1  # the largest id or number a payload may carry (SQL BIGINT)
MAX_DEPTH = 32  # no Aihio payload nests deeper than a few levels

NOT_JSON = N_("Send valid JSON.")
TOO_DEEP = N_("The JSON is nested too deeply: at most 32 levels.")
TOO_LARGE = N_("A number in the JSON is too large: at most 9223372036854775807.")
LONE_SURROGATE = N_(
    "The text contains an invalid character (a lone surrogate). Send valid Unicode."
)


class UnreadablePayload(ValueError):
    """The JSON cannot be taken in; `message` is a msgid naming the fix."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _integer(text: str) -> int:
    if len(text) > 20:  # also spares int() a 4,000-digit parse
        raise UnreadablePayload(TOO_LARGE)
    value = int(text)
    if not -MAX_INT - 1 <= value <= MAX_INT:
        raise UnreadablePayload(TOO_LARGE)
    return value


def _no_constant(name: str):
    raise UnreadablePayload(NOT_JSON)  # NaN, Infinity, -Infinity


def loads(text: str | bytes | bytearray) -> object:
    """Return the JSON value in `text`, or raise UnreadablePayload saying what is wrong."""
    try:
        value = json.loads(text, parse_int=_integer, parse_constant=_no_constant)
    except RecursionError:
        raise UnreadablePayload(TOO_DEEP) from None
    except UnreadablePayload:
        raise
    except ValueError:  # JSONDecodeError, UnicodeDecodeError
        raise UnreadablePayload(NOT_JSON) from None
    check(value)
    return value


def check(value: object) -> None:
    """Raise UnreadablePayload if a decoded value nests too deeply, holds a lone surrogate
    in a text or a key, or an integer beyond 64 bits."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            _check_text(item)
        elif isinstance(item, bool | float) or item is None:
            continue
        elif isinstance(item, int):
            if not -MAX_INT - 1 <= item <= MAX_INT:
                raise UnreadablePayload(TOO_LARGE)
        elif isinstance(item, dict | list | tuple):
            if depth >= MAX_DEPTH:
                raise UnreadablePayload(TOO_DEEP)
            if isinstance(item, dict):
                for key in item:
                    if isinstance(key, str):
                        _check_text(key)
                stack.extend((child, depth + 1) for child in item.values())
            else:
                stack.extend((child, depth + 1) for child in item)


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise UnreadablePayload(LONE_SURROGATE) from None
