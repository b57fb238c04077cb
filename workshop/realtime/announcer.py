"""The socket layer's side of the live service (workshop/live.py): what the HTTP views, the
REST API and the retention purge ask for, done with emits to this app's rooms."""

from workshop.realtime import departures, hints, overview


class SocketAnnouncer:
    """Implements `workshop.live.Announcer` over Flask-SocketIO."""

    def overview_changed(self, workshop_id: int | None) -> None:
        overview.publisher().mark(workshop_id)

    def overview(self, workshop_id: int) -> dict:
        return overview.build(workshop_id)

    def participant_left(self, participant_id: int, workshop_id: int, table_id: int | None) -> None:
        departures.participant_left(participant_id, workshop_id, table_id)

    def everyone_gone(self, participant_ids: list[int], workshop_ids: list[int]) -> None:
        departures.everyone_gone(participant_ids, workshop_ids)

    def hint_dismissed(self, dismissal, workshop_id: int) -> None:
        hints.announce_dismissal(dismissal, workshop_id)
