"""The retention purge inside `aihio serve`: at start and then once a day, the names of
the workshops whose retention period has passed are erased (workshop/privacy.py) and any
connection of theirs still open in this process is closed.

A background task of the serve command, started with Flask-SocketIO's primitives, so it
runs under eventlet or threads alike. Several processes may run it: the purge is
idempotent and each run is one transaction."""

import logging
from datetime import UTC, datetime

from workshop import live
from workshop.extensions import db, socketio
from workshop.privacy import PurgeResult, purge_expired

log = logging.getLogger(__name__)
DAY = 24 * 3600.0


def purge_once(app) -> PurgeResult | None:
    """Run the purge now in its own transaction; log and swallow a failure."""
    with app.app_context():
        try:
            today = datetime.now(UTC).date()
            result = purge_expired(db.session, today, app.config["PARTICIPANT_RETENTION_DAYS"])
            db.session.commit()
            if result.participants:
                live.everyone_gone(app, result.participants, result.workshops)
                log.info(
                    "retention: erased %d names in workshops %s",
                    len(result.participants),
                    result.workshops,
                )
            return result
        except Exception:
            db.session.rollback()
            log.exception("retention purge failed; it runs again tomorrow")
            return None
        finally:
            db.session.remove()


def run_daily(app, every: float = DAY) -> None:
    """Purge now, then every `every` seconds, for as long as the server runs."""
    while True:
        purge_once(app)
        socketio.sleep(every)


def start(app) -> None:
    """Start the daily purge as a background task of this server process."""
    socketio.start_background_task(run_daily, app)
