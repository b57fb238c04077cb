"""The demo workshop: a facilitator and a sample sprint of the Lapland strategy.

Idempotent: running it again finds what it made before. No Flask here; callers commit.
"""

import secrets
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from workshop.agenda import AgendaState, Phase
from workshop.models import Facilitator, Priority, Table, Workshop, WorkshopState
from workshop.workshops import unique_join_code

DEMO_EMAIL = "fasilitaattori@aihio.example"
DEMO_MARKER = "demo"

PRIORITIES = (
    (
        "Luonnonvarojen kestävä jalostus",
        "Arktisten luonnonvarojen kestävä käyttö ja jalostusarvon nostaminen Lapissa.",
    ),
    (
        "Arktinen matkailu ja elämystalous",
        "Ympärivuotinen, vastuullinen matkailu ja luovien alojen yhteistyö.",
    ),
    (
        "Testaus ja kylmäosaaminen",
        "Arktiset testausympäristöt, kylmäteknologia ja niihin liittyvä tutkimus.",
    ),
    (
        "Puhdas energia ja vihreä siirtymä",
        "Uusiutuva energia, vety ja teollisuuden vihreä siirtymä.",
    ),
)
TABLES_PER_PRIORITY = 2
# A morning's sprint (name, minutes): the drafts' fields in order, a break, then the vote.
AGENDA = (
    ("Tervetuloa ja pöytiin jakautuminen", 15),
    ("Tarpeet: mikä ongelma ratkaistaan?", 25),
    ("Tavoitteet ja toimenpiteet", 35),
    ("Kahvitauko", 20),
    ("Konsortio: vetäjä ja kumppanit", 25),
    ("Aikataulu, rahoitus ja tulokset", 20),
    ("Pöytien esittelyt", 20),
    ("Äänestys: mitkä aihiot viedään eteenpäin", 15),
    ("Yhteenveto ja jatko", 10),
)


@dataclass
class DemoResult:
    workshop: Workshop
    facilitator: Facilitator
    password: str | None  # only when this run created the account
    created_workshop: bool


def ensure_demo(session: Session) -> DemoResult:
    """Return the demo workshop and its facilitator, creating what is missing."""
    facilitator = session.scalar(sa.select(Facilitator).where(Facilitator.email == DEMO_EMAIL))
    password = None
    if facilitator is None:
        password = secrets.token_urlsafe(12)
        facilitator = Facilitator(email=DEMO_EMAIL)
        facilitator.set_password(password)
        session.add(facilitator)
        session.flush()

    workshop = next(
        (
            w
            for w in session.scalars(
                sa.select(Workshop).where(Workshop.owner_id == facilitator.id).order_by(Workshop.id)
            )
            if (w.settings or {}).get(DEMO_MARKER)
        ),
        None,
    )
    created = workshop is None
    if created:
        workshop = Workshop(
            owner=facilitator,
            title="Lapin älykäs erikoistuminen: kehittämissprintti",
            date=date(2026, 12, 3),
            place="Kemin lumilinna",
            language="fi",
            join_code=unique_join_code(session),
            state=WorkshopState.OPEN.value,
            joining_open=True,
            settings={DEMO_MARKER: True},
        )
        session.add(workshop)
        for position, (name, description) in enumerate(PRIORITIES, start=1):
            priority = Priority(name=name, description=description, position=position)
            workshop.priorities.append(priority)
            for number in range(1, TABLES_PER_PRIORITY + 1):
                priority.tables.append(Table(workshop=workshop, name=f"{position}.{number}"))
        session.flush()
    if not AgendaState.from_dict(workshop.agenda).phases:
        workshop.agenda = {**(workshop.agenda or {}), **demo_agenda().to_dict()}
    return DemoResult(workshop, facilitator, password, created)


def demo_agenda() -> AgendaState:
    """Return the demo sprint's agenda, not started."""
    return AgendaState(phases=tuple(Phase(name, minutes) for name, minutes in AGENDA))
