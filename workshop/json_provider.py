"""Flask's JSON provider with strict reading (workshop.payloads): `request.get_json()`
raises a ValueError, never RecursionError, for JSON nested too deeply."""

from flask.json.provider import DefaultJSONProvider

from workshop import payloads


class StrictJSONProvider(DefaultJSONProvider):
    def loads(self, s, **kwargs):
        return payloads.loads(s)
