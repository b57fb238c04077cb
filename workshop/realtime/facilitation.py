"""Facilitator events (agenda, lock, broadcast, voting, spotlight, projector link),
the overview for the facilitator and the projector, and participants' dot votes.
Authorization is per event, from the connection's identity, never from the payload."""

from datetime import UTC, datetime

from flask import has_request_context, url_for
from flask_babel import get_locale
from flask_socketio import join_room

from workshop import agenda, facilitation, ideas, joining, live
from workshop.errors import Forbidden, NotFound, ValidationFailed
from workshop.extensions import db, socketio
from workshop.i18n_markers import N_
from workshop.ids import json_id
from workshop.live import live_state
from workshop.models import Participant, Workshop
from workshop.realtime import overview
from workshop.realtime.diversity_view import suggestions_for
from workshop.realtime.events import client_event
from workshop.realtime.rooms import overview_room, table_room, workshop_room
from workshop.realtime.tables import emit_table_state


def now() -> datetime:
    return datetime.now(UTC)


def own_workshop(connection, payload) -> Workshop:
    """Return the workshop named in the payload if this connection's facilitator runs it."""
    if connection.actor.kind != "facilitator":
        raise Forbidden(N_("Only the workshop's facilitator can do this."))
    workshop_id = json_id(payload.get("workshop_id"))
    if workshop_id is None:
        raise ValidationFailed(
            N_("Send workshop_id as a number."), fields={"workshop_id": N_("Send a number.")}
        )
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None:
        raise NotFound(N_("No such workshop."))
    if workshop.owner_id != connection.actor.id:
        raise Forbidden(N_("This workshop belongs to another facilitator."))
    return workshop


phase_of = live.phase_of


def emit_everywhere(event: str, payload: dict, workshop_id: int) -> None:
    socketio.emit(event, payload, to=workshop_room(workshop_id))
    socketio.emit(event, payload, to=overview_room(workshop_id))


def spotlight_payload(workshop: Workshop) -> dict:
    texts = None
    if workshop.spotlight_idea_id:
        idea = db.session.get(ideas.Idea, workshop.spotlight_idea_id)
        if idea is not None:
            texts = live_state().collab.text_of(idea.id, ideas.keys_of(db.session, idea))
    # Outside a request (the committer re-sending it) the workshop's own language labels it.
    language = str(get_locale()) if has_request_context() else workshop.language
    return facilitation.spotlight_of(db.session, workshop, language, texts)


@client_event("watch_overview")
def on_watch_overview(connection, payload):
    """Join the overview room of one's workshop; answer the whole picture."""
    if connection.actor.kind == "projector":
        workshop = db.session.get(Workshop, connection.workshop_id)
    else:
        workshop = own_workshop(connection, payload)
    join_room(overview_room(workshop.id))
    connection.watching.add(workshop.id)
    return {
        "overview": overview.build(workshop.id),
        "phase": phase_of(workshop),
        "spotlight": spotlight_payload(workshop),
        "voting": facilitation.voting_of(workshop),
        "state": workshop.state,
        "projector_link": workshop.projector_token_hash is not None,
    }


AGENDA_STEPS = {
    "start": lambda s, p: agenda.start(s, now(), p.get("index")),
    "pause": lambda s, p: agenda.pause(s, now()),
    "resume": lambda s, p: agenda.resume(s, now()),
    "extend": lambda s, p: agenda.extend(s, now(), p.get("minutes")),
    "skip": lambda s, p: agenda.skip(s, now()),
    "back": lambda s, p: agenda.back(s),
    "set_phases": lambda s, p: agenda.set_phases(s, p.get("phases")),
}


@client_event("agenda")
def on_agenda(connection, payload):
    """Start, pause, resume, extend, skip or undo the agenda; everyone sees the phase."""
    workshop = own_workshop(connection, payload)
    action = payload.get("action")
    step = AGENDA_STEPS.get(action) if isinstance(action, str) else None
    if step is None:
        raise ValidationFailed(
            N_("Choose the action: start, pause, resume, extend, skip, back or set_phases."),
            fields={"action": N_("Unknown action.")},
        )
    state = step(agenda.AgendaState.from_dict(workshop.agenda), payload)
    workshop.agenda = state.to_dict()
    db.session.commit()
    phase = agenda.snapshot(state, now())
    emit_everywhere("phase", phase, workshop.id)
    return {"phase": phase}


@client_event("lock")
def on_lock(connection, payload):
    """Make every draft read-only, or editable again."""
    workshop = own_workshop(connection, payload)
    facilitation.set_locked(workshop, payload.get("locked"))
    db.session.commit()
    emit_everywhere("workshop_state", {"state": workshop.state}, workshop.id)
    return {"state": workshop.state}


@client_event("broadcast")
def on_broadcast(connection, payload):
    """Send a short message to every table, or to one."""
    workshop = own_workshop(connection, payload)
    announcement = facilitation.announce(
        db.session, workshop, payload.get("message"), payload.get("table_id")
    )
    db.session.commit()
    message = announcement.to_dict()
    target = (
        table_room(announcement.table_id) if announcement.table_id else workshop_room(workshop.id)
    )
    socketio.emit("announcement", message, to=target)
    socketio.emit("announcement", message, to=overview_room(workshop.id))
    return {"announcement": message}


@client_event("voting")
def on_voting(connection, payload):
    """Open dot voting with N votes each, or close it."""
    workshop = own_workshop(connection, payload)
    facilitation.set_voting(workshop, payload.get("open"), payload.get("votes_per_participant"))
    db.session.commit()
    voting = facilitation.voting_of(workshop)
    emit_everywhere("voting", voting, workshop.id)
    overview.publisher().mark(workshop.id)
    return {"voting": voting}


@client_event("spotlight")
def on_spotlight(connection, payload):
    """Show one idea large on the projector (null clears it)."""
    workshop = own_workshop(connection, payload)
    facilitation.set_spotlight(db.session, workshop, payload.get("idea_id"))
    db.session.commit()
    spotlight = spotlight_payload(workshop)
    socketio.emit("spotlight", spotlight, to=overview_room(workshop.id))
    return {"spotlight": spotlight}


def disconnect_projectors(workshop_id: int) -> None:
    """Close the screens still showing the room through a link that was just replaced."""
    for seen in live_state().presence.in_workshop(workshop_id):  # in every process
        if seen.kind == "projector" and seen.actor_id == workshop_id:
            socketio.server.disconnect(seen.sid)


@client_event("rotate_projector")
def on_rotate_projector(connection, payload):
    """Give the projector view a new address, or revoke it."""
    workshop = own_workshop(connection, payload)
    if payload.get("revoke") is True:
        facilitation.revoke_projector_token(workshop)
        db.session.commit()
        disconnect_projectors(workshop.id)
        return {"projector_url": None}
    token = facilitation.rotate_projector_token(workshop)
    db.session.commit()
    disconnect_projectors(workshop.id)
    return {"projector_url": url_for("projector.view", token=token, _external=True)}


def _participant(connection) -> Participant:
    if connection.actor.kind != "participant":
        raise Forbidden(N_("Only participants vote."))
    participant = db.session.get(Participant, connection.actor.id)
    if participant is None or not participant.present:
        raise Forbidden(N_("You are no longer a participant of this workshop."))
    return participant


def _change_dots(connection, payload, change) -> dict:
    participant = _participant(connection)
    left, mine = change(db.session, participant, payload.get("idea_id"))
    db.session.commit()
    overview.publisher().mark(participant.workshop_id)
    return {"votes_left": left, "my_votes": mine}


@client_event("vote")
def on_vote(connection, payload):
    """Place one of one's dots on an idea of any table."""
    return _change_dots(connection, payload, facilitation.vote)


@client_event("unvote")
def on_unvote(connection, payload):
    """Take one dot back while voting is open."""
    return _change_dots(connection, payload, facilitation.unvote)


@client_event("voting_state")
def on_voting_state(connection, payload):
    """Answer what a participant's page shows besides the drafts: phase, lock, votes, news."""
    participant = _participant(connection)
    workshop = db.session.get(Workshop, participant.workshop_id)
    voting = facilitation.voting_of(workshop)
    mine = facilitation.my_votes(db.session, participant.id)
    return {
        "voting": voting,
        "votes_left": max(0, voting["votes_per_participant"] - len(mine)),
        "my_votes": mine,
        "phase": phase_of(workshop),
        "state": workshop.state,
        "announcements": [
            a.to_dict()
            for a in facilitation.recent_announcements(
                db.session, workshop.id, participant.table_id
            )
        ],
    }


@client_event("suggest_moves")
def on_suggest_moves(connection, payload):
    """Answer, per priority, the moves that clear the most diversity flags."""
    workshop = own_workshop(connection, payload)
    return {"suggestions": suggestions_for(db.session, workshop)}


@client_event("move_participant")
def on_move_participant(connection, payload):
    """Seat a participant at another table; they see a notice and land there."""
    workshop = own_workshop(connection, payload)
    participant_id = payload.get("participant_id")
    participant = db.session.get(Participant, participant_id) if json_id(participant_id) else None
    if participant is None or participant.workshop_id != workshop.id or not participant.present:
        raise ValidationFailed(
            N_("Choose a participant of this workshop."),
            fields={"participant_id": N_("Choose a participant of this workshop.")},
        )
    previous = participant.table_id
    table = ideas.get_table(db.session, payload.get("table_id"))  # a JSON id, strictly
    table = joining.sit_at_table(db.session, participant, table.id)
    db.session.commit()
    notice = {
        "table_id": table.id,
        "table": table.name,
        "url": url_for("participant.table", table_id=table.id),
    }
    for seen in live_state().presence.in_workshop(workshop.id):  # in every process
        if seen.kind == "participant" and seen.actor_id == participant.id:
            socketio.emit("moved", notice, to=seen.sid)
    for table_id in {previous, table.id} - {None}:
        emit_table_state(table_id)
    overview.publisher().mark(workshop.id)
    return {"participant": participant.to_dict()}
