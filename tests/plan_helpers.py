"""A demo workshop after its sprint: people from many organisations, drafts written at
the tables (one left empty, one archived), budgets, funding and votes. Shared by the plan
document's tests and the render check."""

from test_export import write

from workshop.collab.store import Author
from workshop.ideas import Actor, create_idea
from workshop.joining import JoinRequest, join
from workshop.models import Idea, Vote

PEOPLE = [
    ("Aino Aaltonen", "Lapin yliopisto", "research"),
    ("Pekka Peltonen", "Kemin kaupunki", "municipality"),
    ("Sanna Saari", "Arktiset Elämykset Oy", "company"),
    ("Máret Sara", "Sámi Duodji ry", "civil_society"),
    ("Olli Ojala", "Lapin ammattikorkeakoulu", "education"),
    ("Liisa Lehto", "Lapin liitto", "public_authority"),
    ("Jussi Jokela", "Digipolis Oy", "development"),
    ("Heidi Heikkilä", "Outokumpu Oyj", "company"),
]

DRAFTS = [  # (priority index, table index, texts, votes)
    (
        0,
        0,
        {
            "title": "Sivuvirroista tuotteiksi",
            "need": "Kaivos- ja metsäteollisuuden sivuvirrat jäävät hyödyntämättä.",
            "goals": "Kolme uutta tuotetta sivuvirroista vuoteen 2028.",
            "actions": "Sivuvirtojen kartoitus\nPilottilinja Kemiin",
            "lead": "Lapin yliopisto",
            "partners": "Outokumpu Oyj\nKemin kaupunki\nLapin yliopisto",
            "schedule": "2027–2029",
            "funding": "EAKR",
            "budget": "1 200 000 €",
        },
        2,
    ),
    (
        0,
        1,
        {
            "title": "Puun jalostusarvo kasvuun",
            "need": "Raakapuu lähtee Lapista jalostamattomana.",
            "actions": "Yritysryhmähanke",
            "lead": "Digipolis Oy",
            "partners": "Lapin ammattikorkeakoulu",
            "schedule": "2027",
            "funding": "JTF",
            "budget": "450 000 euroa",
        },
        5,
    ),
    (0, 1, {"title": "Tyhjäksi jäänyt aihio"}, 0),
    (
        1,
        2,
        {
            "title": "Ympärivuotinen matkailu Kemi-Tornio",
            "need": "Kesän matkailijoita on vähän.",
            "goals": "Kesäkauden yöpymiset +20 %.",
            "lead": "Kemin kaupunki",
            "partners": "Arktiset Elämykset Oy\nSámi Duodji ry",
            "schedule": "2026–2028",
            "funding": "EAKR",
            "budget": "noin 300 000 €",
        },
        3,
    ),
]


def type_into(session, idea: Idea, author: Author, texts: dict[str, str]) -> None:
    """Type texts into the idea's log (test_export.write), then project them as the
    service does."""
    write(session, idea, author, texts)
    idea.fields = {**(idea.fields or {}), **texts}
    idea.title = idea.fields.get("title", idea.title)
    idea.projected_seq = idea.last_seq


def after_the_sprint(session, workshop) -> dict[str, Idea]:
    """Fill a workshop (4 priorities × 2 tables, like the demo) with people and drafts;
    return the drafts by title. "Luonnos poistettavaksi" is archived."""
    from datetime import UTC, datetime

    workshop.joining_open = True
    people = []
    for n, (name, org, kind) in enumerate(PEOPLE):
        participant, _ = join(session, workshop, JoinRequest(name, org, kind, True))
        participant.table = workshop.tables[n % 4]
        people.append(participant)
    session.flush()
    made = {}
    for priority, table, texts, votes in DRAFTS:
        table_row = workshop.tables[priority * 2 + table % 2]
        writer = next((p for p in people if p.table_id == table_row.id), people[0])
        idea = create_idea(session, Actor("participant", writer.id), table_row, "Luonnos")
        author = Author(writer.id, None, writer.organisation_id, writer.org_type)
        type_into(session, idea, author, texts)
        for voter in people[:votes]:
            session.add(Vote(workshop_id=workshop.id, participant_id=voter.id, idea_id=idea.id))
        made[texts["title"]] = idea
    archived = create_idea(
        session, Actor("participant", people[0].id), workshop.tables[0], "Luonnos poistettavaksi"
    )
    type_into(session, archived, Author(people[0].id), {"need": "Turha aihio."})
    archived.archived_at = datetime.now(UTC)
    made["Luonnos poistettavaksi"] = archived
    made["Sivuvirroista tuotteiksi"].state = "ready"
    session.commit()
    return made
