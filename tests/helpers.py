"""Small helpers the tests share: CSRF tokens from pages, joining through the form."""

import re

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(client, path: str) -> str:
    """Load a page and return the CSRF token of its first form."""
    response = client.get(path)
    match = CSRF_RE.search(response.get_data(as_text=True))
    assert match, f"no CSRF token on {path} (status {response.status_code})"
    return match.group(1)


def join_form(client, code: str, **overrides):
    """Post the join form of workshop `code` with valid defaults; return the response."""
    data = {
        "name": "Aino Aaltonen",
        "organisation": "Lapin yliopisto",
        "org_type": "research",
        "consent": "y",
        "csrf_token": csrf_from(client, f"/j/{code}"),
    }
    data.update(overrides)
    return client.post(f"/j/{code}", data={k: v for k, v in data.items() if v is not None})
