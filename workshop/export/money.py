"""Read a budget the way people write it in a draft ("1,2 M€", "120 000 euroa",
"50 t€", "€80k") into euros; anything that is not one clear amount is left unread."""

import re
from decimal import Decimal, InvalidOperation

_AMOUNT = re.compile(
    r"^(?:€|eur|euro)?\s*"
    r"(?P<number>\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)"
    r"\s*(?P<scale>milj(?:\.|oonaa|oona)?|m(?=\W|$|€|e)|k|t|tuhatta|ke|te)?\s*"
    r"(?:€|e|eur|euroa?|euros?)?\.?$",
    re.IGNORECASE,
)
_SCALES = {"m": 1_000_000, "milj": 1_000_000, "k": 1000, "t": 1000, "tuhatta": 1000}


def parse_euros(text: str) -> Decimal | None:
    """Return the amount in euros a budget field states, or None when it is not one amount."""
    compact = " ".join(text.replace("\u00a0", " ").split()).strip()
    if not compact:
        return None
    match = _AMOUNT.match(compact.rstrip("."))
    if match is None:
        return None
    digits = match["number"]
    if re.search(r"[ .\u202f]\d{3}", digits) and not re.fullmatch(r"\d+\.\d{1,2}", digits):
        digits = re.sub(r"[ .\u202f]", "", digits)
    try:
        amount = Decimal(digits.replace(",", "."))
    except InvalidOperation:
        return None
    scale = (match["scale"] or "").casefold().rstrip(".")
    scale = {"ke": "k", "te": "t", "miljoonaa": "milj", "miljoona": "milj"}.get(scale, scale)
    return amount * _SCALES.get(scale, 1)
