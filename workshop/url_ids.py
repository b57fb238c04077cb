"""Ids in URLs (`<int:...>`): a number beyond 64 bits answers `invalid` instead of
overflowing the database (a server error)."""

from werkzeug.routing import IntegerConverter

from workshop.errors import ValidationFailed
from workshop.i18n_markers import N_
from workshop.ids import MAX_ID


class IdConverter(IntegerConverter):
    """`int` of Werkzeug, but a number too long to be an id becomes MAX_ID + 1 (refused
    below) instead of a 4,000-digit int() or a route that does not match."""

    def to_python(self, value: str) -> int:
        return MAX_ID + 1 if len(value) > 19 else super().to_python(value)


def init_app(app) -> None:
    """Use IdConverter for `<int:...>` (call before registering blueprints) and refuse
    ids beyond 64 bits in every route."""
    app.url_map.converters["int"] = IdConverter

    @app.url_value_preprocessor
    def refuse_huge_ids(endpoint, values):
        for name, value in (values or {}).items():
            if isinstance(value, int) and value > MAX_ID:
                raise ValidationFailed(
                    N_("The address has an id that is too large. Check the link."),
                    fields={name: N_("At most 9223372036854775807.")},
                )
