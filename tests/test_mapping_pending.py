"""Unconfirmed mapping uploads on /f/mapping expire after an hour and are swept away."""

import io
import os
import time
from pathlib import Path

from helpers import csrf_from
from test_mapping_api import SURVEY, log_in, projects

from workshop.facilitator.mapping_pages import PENDING_MAX_AGE


def preview(client) -> tuple[str, str]:
    """Upload the survey for a preview; return the CSRF token and the upload's token."""
    csrf = csrf_from(client, "/f/mapping")
    html = client.post(
        "/f/mapping", data={"csrf_token": csrf, "file": (io.BytesIO(SURVEY), "kysely.csv")}
    ).get_data(as_text=True)
    return csrf, html.split('name="token" value="')[1].split('"')[0]


def pending_files(app) -> list[Path]:
    folder = Path(app.config["INSTANCE_PATH"]) / "mapping-uploads"
    return sorted(folder.iterdir()) if folder.exists() else []


def age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_an_old_unconfirmed_upload_is_swept_when_the_next_one_comes(app, client, facilitator):
    log_in(client)
    preview(client)
    (first,) = pending_files(app)
    age(first, PENDING_MAX_AGE + 60)
    preview(client)
    remaining = pending_files(app)
    assert first not in remaining
    assert len(remaining) == 1


def test_a_recent_unconfirmed_upload_stays_until_confirmed(app, client, facilitator):
    log_in(client)
    preview(client)
    preview(client)
    assert len(pending_files(app)) == 2


def test_confirming_an_expired_upload_says_so_and_saves_nothing(app, client, facilitator):
    log_in(client)
    csrf, token = preview(client)
    (path,) = pending_files(app)
    age(path, PENDING_MAX_AGE + 60)
    response = client.post(
        "/f/mapping/confirm",
        data={"csrf_token": csrf, "token": token, "filename": "kysely.csv", "strategy": "default"},
    )
    assert response.status_code == 400
    assert "Ladattu tiedosto vanheni" in response.get_data(as_text=True)  # Finnish default
    assert projects() == 0
    assert pending_files(app) == []
