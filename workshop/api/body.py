"""The API's JSON request body, read strictly (workshop.payloads): deep nesting, lone
surrogates and numbers beyond 64 bits answer `invalid` like any other bad input."""

from flask import request

from workshop.errors import ValidationFailed
from workshop.i18n_markers import N_
from workshop.payloads import UnreadablePayload, loads

SEND_AN_OBJECT = N_("Send a JSON object with the header Content-Type: application/json.")


def json_body() -> dict:
    """Return the request's JSON object, or raise ValidationFailed saying what to send."""
    if not request.is_json:
        raise ValidationFailed(SEND_AN_OBJECT)
    try:
        data = loads(request.get_data(cache=True))
    except UnreadablePayload as error:
        raise ValidationFailed(error.message) from None
    if not isinstance(data, dict):
        raise ValidationFailed(SEND_AN_OBJECT)
    return data
