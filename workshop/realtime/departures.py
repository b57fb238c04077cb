"""A participant who was removed or erased leaves every open screen: their connections in
every process are closed, and the table and the overview that showed them are sent again
without them. Called after the change is committed (HTTP views, the daily purge)."""

from workshop.extensions import socketio
from workshop.live import live_state
from workshop.realtime.overview import publisher
from workshop.realtime.tables import emit_table_state


def close_connections(participant_ids: set[int], workshop_ids: set[int]) -> int:
    """Disconnect these participants' sockets, in whichever process holds them; return how
    many were asked to close.

    The disconnect handler takes each one out of its rooms and documents. Their tokens are
    revoked already, so reconnecting is refused.
    """
    presence = live_state().presence
    sids = [
        seen.sid
        for workshop_id in workshop_ids
        for seen in presence.in_workshop(workshop_id)
        if seen.kind == "participant" and seen.actor_id in participant_ids
    ]
    for sid in sids:
        socketio.server.disconnect(sid)  # another process's: relayed by the message queue
    return len(sids)


def participant_left(participant_id: int, workshop_id: int, table_id: int | None) -> None:
    """Close the participant's connections, then refresh the table and overview screens."""
    close_connections({participant_id}, {workshop_id})
    if table_id is not None:
        emit_table_state(table_id)
    publisher().mark(workshop_id)


def everyone_gone(participant_ids: list[int], workshop_ids: list[int]) -> None:
    """After the retention purge: close the connections left, refresh the overviews."""
    close_connections(set(participant_ids), set(workshop_ids))
    for workshop_id in workshop_ids:
        publisher().mark(workshop_id)
