"""Dates, numbers and money in the document's language (Babel's CLDR data):
3.12.2026 and 1 200 000 € in Finnish, Dec 3, 2026 and €1,200,000 in English."""

from datetime import date
from decimal import Decimal

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal


def day(value: date | None, language: str) -> str:
    """Return a date the way the language writes it ("3.12.2026"), or "" for none."""
    return format_date(value, "medium", locale=language) if value else ""


def number(value: int | float | Decimal, language: str) -> str:
    """Return a number with the language's grouping ("1 200 000")."""
    return format_decimal(value, locale=language)


def euros(value: Decimal | int | float, language: str) -> str:
    """Return an amount in euros, cents only when there are any ("1 200 000 €")."""
    pattern = Locale.parse(language).currency_formats["standard"].pattern
    if Decimal(value) == Decimal(value).to_integral_value():
        pattern = pattern.replace(".00", "")
    return format_currency(value, "EUR", format=pattern, currency_digits=False, locale=language)
