"""Room and event names of the realtime protocol (DESIGN.md), in one place."""


def workshop_room(workshop_id: int) -> str:
    return f"workshop:{workshop_id}"


def table_room(table_id: int) -> str:
    return f"table:{table_id}"


def idea_room(idea_id: int) -> str:
    return f"idea:{idea_id}"


def overview_room(workshop_id: int) -> str:
    return f"overview:{workshop_id}"
