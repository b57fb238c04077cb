"""The diversity verdict of a table as the overview and the table page show it."""

from collections.abc import Callable

from workshop.catalogues import in_every_language
from workshop.diversity import Member, table_verdict, validate_rules
from workshop.errors import ValidationFailed
from workshop.models import Workshop


def reasons_of(reasons) -> list[dict]:
    """Return reasons as data with their text in every UI language."""
    return [{**r.as_dict(), "text": in_every_language(r.text)} for r in reasons]


def rules_of(workshop: Workshop):
    """Return the workshop's diversity rules; stored settings that no longer validate fall
    back to the defaults for its organisation types rather than break a live view."""
    try:
        return validate_rules((workshop.settings or {}).get("diversity"), workshop.org_type_keys)
    except ValidationFailed:
        return validate_rules(None, workshop.org_type_keys)


def verdict_for(workshop: Workshop) -> Callable[[list], dict]:
    """Return a function giving a table's verdict (as a dict) from its members' rows."""
    rules = rules_of(workshop)

    def verdict(rows) -> dict:
        members = [Member(r.id, r.organisation_key, r.org_type) for r in rows]
        result = table_verdict(members, rules)
        return {**result.as_dict(), "reasons": reasons_of(result.reasons)}

    return verdict


def _contributions(session, condition) -> dict[int, list[tuple]]:
    """Return characters written per (organisation, type), grouped by the ideas' table."""
    import sqlalchemy as sa

    from workshop.models import Idea, IdeaContribution, Organisation

    rows = session.execute(
        sa.select(
            Idea.table_id,
            Organisation.normalized_name,
            IdeaContribution.org_type,
            IdeaContribution.chars,
        )
        .join(Idea, IdeaContribution.idea_id == Idea.id)
        .outerjoin(Organisation, IdeaContribution.organisation_id == Organisation.id)
        .where(condition)
    ).all()
    by_table: dict[int, list[tuple]] = {}
    for table_id, key, org_type, chars in rows:
        by_table.setdefault(table_id, []).append((key, org_type, chars))
    return by_table


def voice_for(session, workshop: Workshop, table_id: int, members: list) -> dict:
    """Return whose organisations wrote the table's drafts, and the voices not heard."""
    from workshop.models import Idea

    rows = _contributions(session, Idea.table_id == table_id).get(table_id, [])
    return _voice(rows, rules_of(workshop), members)


def add_voices(session, workshop: Workshop, overview: dict) -> dict:
    """Add each table's voice to an overview, with one query for the whole workshop."""
    from workshop.models import Idea

    written = _contributions(session, Idea.workshop_id == workshop.id)
    rules = rules_of(workshop)
    for priority in overview["priorities"]:
        for table in priority["tables"]:
            members = [
                Member(m["id"], m.get("organisation_key"), m["org_type"]) for m in table["members"]
            ]
            table["voice"] = _voice(written.get(table["id"], []), rules, members, built=True)
    return overview


def _voice(rows: list[tuple], rules, members: list, built: bool = False) -> dict:
    from workshop.diversity import voice_of

    voice = voice_of(
        rows,
        rules,
        members if built else [Member(m.id, m.organisation_key, m.org_type) for m in members],
    )
    return {
        "state": voice.state,
        "reasons": reasons_of(voice.reasons),
        "total_chars": voice.total_chars,
        "type_shares": voice.type_shares,
        "helix_shares": voice.helix_shares,
        "unheard_types": list(voice.unheard_types),
    }


def suggestions_for(session, workshop: Workshop) -> list[dict]:
    """Return, per priority, the moves that clear the most flags and what to invite."""
    from workshop.diversity_moves import suggest_moves
    from workshop.models import Participant

    rules = rules_of(workshop)
    result = []
    for priority in workshop.priorities:
        tables = {
            t.id: [Member(m.id, m.organisation.normalized_name, m.org_type) for m in t.members]
            for t in priority.tables
        }
        if not tables:
            continue
        capacities = {t.id: t.capacity for t in priority.tables}
        suggestion = suggest_moves(tables, rules, capacities=capacities)
        names = {t.id: t.name for t in priority.tables}
        moves = []
        for move in suggestion.moves:
            person = session.get(Participant, move.participant_id)
            moves.append(
                {
                    "participant_id": move.participant_id,
                    "name": person.display_name,
                    "organisation": person.organisation.name,
                    "org_type": person.org_type,
                    "from_table": move.from_table,
                    "from_name": names[move.from_table],
                    "to_table": move.to_table,
                    "to_name": names[move.to_table],
                }
            )
        result.append(
            {
                "priority_id": priority.id,
                "priority": priority.name,
                "moves": moves,
                "flags_before": suggestion.before.lacking + suggestion.before.warned,
                "flags_after": suggestion.objective.lacking + suggestion.objective.warned,
                "invite": {str(t): list(types) for t, types in suggestion.invite.items()},
            }
        )
    return result
