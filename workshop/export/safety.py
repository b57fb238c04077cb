"""Spreadsheet and download safety: cells that a spreadsheet would run as a formula are
kept as text, and file names are safe in a Content-Disposition header."""

import re
import unicodedata
from urllib.parse import quote

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters an XLSX file cannot hold (XML 1.0 forbids most C0 controls).
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise(value: object) -> object:
    """Return text that cannot start a formula: prefix a risky first character with '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def xlsx_text(value: object) -> object:
    """Return a value an XLSX cell can hold safely: neutralised text, no illegal characters."""
    if isinstance(value, str):
        return neutralise(ILLEGAL_XML.sub("", value))
    return value


def ascii_filename(name: str) -> str:
    """Return an ASCII file name: accents dropped, anything else unusual made a dash."""
    flat = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    flat = re.sub(r"[^A-Za-z0-9._-]+", "-", flat)
    flat = re.sub(r"-*\.{2,}-*", "-", flat)
    flat = re.sub(r"-{2,}", "-", flat).strip("-.")
    return flat[:120] or "export"


def unicode_filename(name: str) -> str:
    """Return a file name without path separators, quotes or control characters."""
    clean = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    clean = re.sub(r'[\\/:*?"<>|;]+', "-", clean)
    clean = re.sub(r"\.{2,}", ".", clean).strip(" .-")
    return clean[:120] or "export"


def readable_filename(parts: list[str], extension: str) -> str:
    """Return a readable, safe download name of the parts, e.g.
    ["Lapin älykäs erikoistuminen", "2026-12-03", "suunnitelma"] →
    Lapin-alykas-erikoistuminen-2026-12-03-suunnitelma.docx (ASCII, dashes, at most 120)."""
    stem = ascii_filename("-".join(p for p in parts if p).replace(".", "-"))
    return f"{stem}.{extension}"


def content_disposition(filename: str, disposition: str = "attachment") -> str:
    """Return a Content-Disposition value with an ASCII fallback and the UTF-8 name."""
    stem, dot, extension = filename.rpartition(".")
    fallback = ascii_filename(stem) + (("." + ascii_filename(extension)) if dot else "")
    encoded = quote(unicode_filename(filename), safe="")
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"
