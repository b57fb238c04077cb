"""The demo strategy: the demo workshop joins a strategy whose first event (in May, at Kemi)
is finished, with drafts, authors, votes and follow-up statuses, so that carrying drafts,
the follow-up board, missing voices and organisation roles can be seen on a fresh install.

Idempotent: running it again finds what it made before. No Flask here; callers commit.
"""

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from workshop.collab.document import encoded, new_document
from workshop.demo import PRIORITIES, DemoResult
from workshop.mapping import DEFAULT_STRATEGY
from workshop.models import (
    Idea,
    IdeaContribution,
    IdeaUpdate,
    Participant,
    Strategy,
    Vote,
    Workshop,
    WorkshopState,
    utcnow,
)
from workshop.organisations import find_or_create_organisation
from workshop.process.follow_up import apply_changes
from workshop.process.strategies import create_strategy, link_priorities, take_priorities
from workshop.secrets_util import hash_token, new_token
from workshop.workshops import unique_join_code

# The key the demo workshop's mapped projects were always filed under (and the default of
# `aihio mapping import`): a survey imported without --strategy meets the demo's drafts.
DEMO_KEY = DEFAULT_STRATEGY
DEMO_NAME = "Lapin älykäs erikoistuminen"
PAST_MARKER = "demo_past"

PEOPLE = (
    ("Aino", "Lapin yliopisto", "research"),
    ("Eero", "Lapin ammattikorkeakoulu", "research"),
    ("Kaisa", "Kemin kaupunki", "municipality"),
    ("Mikko", "Arctic Testing Oy", "company"),
    ("Sanna", "Lapin liitto", "public_authority"),
    ("Olli", "Digipolis", "development"),
)

# (priority index, table number, author indexes, votes, status, next step, due, instrument,
#  fields)
IDEAS = (
    (
        0,
        1,
        (0, 2),
        5,
        "funding_applied",
        "Rahoituspäätös",
        date(2027, 2, 15),
        "EAKR",
        {
            "title": "Sivuvirroista biotuotteita",
            "need": "Metsäteollisuuden sivuvirrat jäävät käyttämättä.",
            "goals": "Uusia tuotteita pk-yrityksille.",
            "lead": "Lapin yliopisto",
            "partners": "Kemin kaupunki\nDigipolis",
        },
    ),
    (
        0,
        2,
        (4,),
        1,
        "dropped",
        "",
        None,
        "",
        {
            "title": "Luonnontuotealan verkosto",
            "need": "Toimijat eivät tunne toisiaan.",
            "lead": "Lapin liitto",
        },
    ),
    (
        1,
        1,
        (1, 5),
        4,
        "developing",
        "Kumppanitapaaminen Rovaniemellä",
        date(2026, 10, 1),
        "",
        {
            "title": "Ympärivuotinen elämysmatkailu",
            "need": "Matkailu keskittyy talveen.",
            "goals": "Kesäkauden tuotteet.",
            "lead": "Lapin ammattikorkeakoulu",
            "partners": "Digipolis",
        },
    ),
    (
        2,
        1,
        (3, 1),
        6,
        "funded",
        "Hankkeen aloitus",
        date(2026, 9, 1),
        "Business Finland",
        {
            "title": "Kylmätestauksen palvelualusta",
            "need": "Testausympäristöt ovat hajallaan.",
            "goals": "Yksi palvelu kaikille testaajille.",
            "lead": "Arctic Testing Oy",
            "partners": "Lapin ammattikorkeakoulu",
        },
    ),
    (
        3,
        1,
        (2,),
        2,
        "draft",
        "",
        None,
        "",
        {
            "title": "Vedyn paikallinen tuotanto",
            "need": "Teollisuus tarvitsee puhdasta energiaa.",
            "lead": "Kemin kaupunki",
        },
    ),
)


def ensure_demo_strategy(session: Session, demo: DemoResult) -> Strategy:
    """Return the demo strategy, making it and its finished first event when missing."""
    strategy = session.scalar(sa.select(Strategy).where(Strategy.key == DEMO_KEY))
    if strategy is None:
        strategy = create_strategy(
            session, demo.facilitator, DEMO_NAME, [name for name, _ in PRIORITIES], key=DEMO_KEY
        )
        for source, (_, description) in zip(strategy.priorities, PRIORITIES, strict=True):
            source.description = description
    if demo.workshop.strategy_id is None:
        link_priorities(session, demo.workshop, strategy)
    past = session.scalar(
        sa.select(Workshop).where(
            Workshop.strategy_id == strategy.id, Workshop.id != demo.workshop.id
        )
    )
    if past is None:
        _past_event(session, demo, strategy)
    session.flush()
    return strategy


def _past_event(session: Session, demo: DemoResult, strategy: Strategy) -> Workshop:
    past = Workshop(
        owner=demo.facilitator,
        title="Kemin kehittämissprintti (toukokuu)",
        date=date(2026, 5, 23),
        place="Kemin lumilinna",
        language="fi",
        join_code=unique_join_code(session),
        state=WorkshopState.CLOSED.value,
        joining_open=False,
        settings={PAST_MARKER: True},
    )
    session.add(past)
    take_priorities(past, strategy, tables=2)
    session.flush()
    people = []
    for name, organisation, org_type in PEOPLE:
        person = Participant(
            workshop=past,
            organisation=find_or_create_organisation(session, organisation, org_type),
            display_name=name,
            org_type=org_type,
            token_hash=hash_token(new_token()),
            consent_at=utcnow(),
        )
        session.add(person)
        people.append(person)
    session.flush()
    for index, number, authors, votes, status, step, due, instrument, fields in IDEAS:
        priority = past.priorities[index]
        table = priority.tables[number - 1]
        for author in authors:
            if people[author].table_id is None:
                people[author].table = table
        idea = Idea(
            workshop_id=past.id,
            priority_id=priority.id,
            table_id=table.id,
            title=fields["title"],
            fields=fields,
            last_seq=1,
            projected_seq=1,
        )
        session.add(idea)
        session.flush()
        session.add(IdeaUpdate(idea_id=idea.id, seq=1, data=encoded(new_document(fields))))
        share = sum(len(t) for t in fields.values()) // len(authors)
        for author in authors:
            person = people[author]
            session.add(
                IdeaContribution(
                    idea_id=idea.id,
                    participant_id=person.id,
                    organisation_id=person.organisation_id,
                    org_type=person.org_type,
                    chars=share,
                )
            )
        for n in range(votes):
            voter = people[n % len(people)]
            session.add(Vote(workshop_id=past.id, participant_id=voter.id, idea_id=idea.id))
        changes = {
            "status": status,
            "next_step": step,
            "due": due,
            "funding_instrument": instrument,
        }
        apply_changes(session, idea, {k: v for k, v in changes.items() if v}, demo.facilitator)
    return past
