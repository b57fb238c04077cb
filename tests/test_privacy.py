"""Participants' personal data as the privacy notice promises it: erasing one person on
request (REST API, the facilitator's page, the CLI), a facilitator removing someone, the
retention purge, and join pages that suggest only known organisations.

The workshop is test_export's (four people at four tables, ideas, votes) plus Eeva, who
joined with a free-text organisation, wrote into the first table's idea and voted."""

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from conftest import FACILITATOR_EMAIL
from helpers import csrf_from, join_form
from openpyxl import load_workbook
from test_export import OTHER_EMAIL, OTHER_PASSWORD, build_workshop, docx_text, log_in, write

from workshop.accounts import issue_api_token, set_facilitator_password
from workshop.collab.store import Author
from workshop.export import collect, render
from workshop.extensions import db
from workshop.joining import JoinRequest, join, participant_by_token
from workshop.models import (
    Idea,
    IdeaContribution,
    Organisation,
    Participant,
    Vote,
    Workshop,
)
from workshop.organisations import make_known

ERASED = "Eeva Erasmus"
FREE_TEXT = "Erasmuksen Toiminimi"
EEVAS_TEXT = "Kylmätestauksen yhteinen kenttä"
FORMATS = ("docx", "html", "xlsx", "csv", "json", "md")


@dataclass
class Person:
    id: int
    token: str
    idea_id: int
    table_id: int


@pytest.fixture
def planned(app, facilitator):
    return build_workshop(db.session, facilitator)


@pytest.fixture
def eeva(planned) -> Person:
    """A participant with a free-text organisation who wrote text and placed a vote."""
    participant, token = join(db.session, planned, JoinRequest(ERASED, FREE_TEXT, "company", True))
    table = planned.tables[0]
    participant.table = table
    db.session.flush()
    idea = db.session.scalars(sa.select(Idea).where(Idea.table_id == table.id)).first()
    author = Author(participant.id, None, participant.organisation_id, participant.org_type)
    write(db.session, idea, author, {"goals": EEVAS_TEXT})
    db.session.add(Vote(workshop_id=planned.id, participant_id=participant.id, idea_id=idea.id))
    db.session.commit()
    return Person(participant.id, token, idea.id, table.id)


@pytest.fixture
def api_token(facilitator):
    token = issue_api_token(db.session, FACILITATOR_EMAIL)
    db.session.commit()
    return token


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def fresh(model, id_):
    db.session.expire_all()
    return db.session.get(model, id_)


def export_text(workshop_id: int, format_name: str, include_names: bool = True) -> str:
    """Return every text of an export (cells, paragraphs, JSON values) as one string."""
    data = collect(db.session, workshop_id, include_names=include_names)
    body = render(data, format_name, "fi").body
    if format_name == "docx":
        return docx_text(body)
    if format_name == "xlsx":
        book = load_workbook(io.BytesIO(body))
        return " ".join(
            str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value
        )
    if format_name == "json":
        return json.dumps(json.loads(body), ensure_ascii=False)
    if format_name == "csv":
        return " ".join(" ".join(row) for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    return body.decode("utf-8")


def overview(client, workshop_id: int, token: str) -> dict:
    response = client.get(f"/api/v1/workshops/{workshop_id}/overview", headers=bearer(token))
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def table_of(payload: dict, table_id: int) -> dict:
    return next(t for p in payload["priorities"] for t in p["tables"] if t["id"] == table_id)


def participant_rows() -> list[tuple]:
    db.session.expire_all()
    return [
        tuple(row)
        for row in db.session.execute(
            sa.select(
                Participant.id,
                Participant.display_name,
                Participant.token_hash,
                Participant.table_id,
                Participant.removed_at,
                Participant.erased_at,
            ).order_by(Participant.id)
        )
    ]


def test_the_privacy_notice_says_how_long_names_are_kept_and_how_to_ask_for_erasure(app, client):
    app.config["PARTICIPANT_RETENTION_DAYS"] = 30
    page = client.get("/privacy").get_data(as_text=True)
    assert "nimesi poistetaan automaattisesti 30 päivän kuluttua työpajan viimeisestä" in page
    assert "pyydä sitä työpajan fasilitaattorilta" in page


# -- erasure on request: the REST API -------------------------------------------------------


def test_erasing_through_the_api_keeps_text_votes_and_the_type_share_of_authorship(
    client, planned, eeva, api_token
):
    before = collect(db.session, planned.id)
    voice_before = table_of(overview(client, planned.id, api_token), eeva.table_id)["voice"]
    assert voice_before["type_shares"].get("company", 0) > 0  # Eeva's text, a company's

    response = client.delete(f"/api/v1/participants/{eeva.id}", headers=bearer(api_token))

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["participant"] == {
        "id": eeva.id,
        "name": None,
        "organisation": None,
        "org_type": "company",
        "table_id": None,
        "removed": False,
        "erased": True,
    }
    person = fresh(Participant, eeva.id)
    assert person.display_name == "" and person.erased_at is not None
    assert participant_by_token(db.session, eeva.token) is None  # the token stopped working
    organisation = fresh(Organisation, person.organisation_id)
    assert organisation.name == "" and organisation.erased_at is not None  # free text gone
    # What they wrote, their vote and their organisation type's share of the text stay.
    contribution = db.session.scalar(
        sa.select(IdeaContribution).where(IdeaContribution.participant_id == eeva.id)
    )
    assert contribution.org_type == "company" and contribution.chars > 0
    assert db.session.scalar(sa.select(Vote.idea_id).where(Vote.participant_id == eeva.id))
    after = collect(db.session, planned.id)
    idea = next(i for i in after.ideas if i.id == eeva.idea_id)
    assert idea.fields["goals"] == EEVAS_TEXT
    assert idea.votes == next(i for i in before.ideas if i.id == eeva.idea_id).votes
    assert after.org_mix == before.org_mix and after.participants == before.participants
    voice_after = table_of(overview(client, planned.id, api_token), eeva.table_id)["voice"]
    assert voice_after["type_shares"] == voice_before["type_shares"]


@pytest.mark.parametrize("format_name", FORMATS)
def test_an_erased_name_is_in_no_export_even_with_names_included(planned, eeva, format_name):
    from workshop import privacy

    if format_name in ("xlsx", "json"):  # the formats that list people when asked to
        assert ERASED in export_text(planned.id, format_name)
    privacy.erase_participant(db.session, fresh(Participant, eeva.id))
    db.session.commit()

    text = export_text(planned.id, format_name)
    assert ERASED not in text and FREE_TEXT not in text
    assert EEVAS_TEXT in text  # what she wrote stays
    assert "Aino Aaltonen" in text or format_name not in ("xlsx", "json")  # others still named


def test_an_erased_name_leaves_the_overview_the_workshop_page_and_the_organisations_page(
    client, planned, eeva, api_token
):
    log_in(client)
    pages = {
        "overview": lambda: json.dumps(overview(client, planned.id, api_token), ensure_ascii=False),
        "workshop": lambda: client.get(f"/f/workshops/{planned.id}").get_data(as_text=True),
        "organisations": lambda: client.get(f"/f/workshops/{planned.id}/organisations").get_data(
            as_text=True
        ),
    }
    assert ERASED in pages["overview"]() and ERASED in pages["workshop"]()
    assert FREE_TEXT in pages["organisations"]()

    assert (
        client.delete(f"/api/v1/participants/{eeva.id}", headers=bearer(api_token)).status_code
        == 200
    )

    for name, text in ((name, show()) for name, show in pages.items()):
        assert ERASED not in text and FREE_TEXT not in text, name
    assert "Aino Aaltonen" in pages["workshop"]()
    assert "1 osallistujan nimi on poistettu." in pages["workshop"]()


def test_erasure_needs_the_workshops_own_facilitator_and_changes_nothing_otherwise(
    client, planned, eeva, api_token
):
    set_facilitator_password(db.session, OTHER_EMAIL, OTHER_PASSWORD)
    db.session.commit()
    other = issue_api_token(db.session, OTHER_EMAIL)
    db.session.commit()
    before = participant_rows()
    path = f"/api/v1/participants/{eeva.id}"

    unauthenticated = client.delete(path)
    assert unauthenticated.status_code == 401
    assert unauthenticated.get_json()["error"]["code"] == "unauthorized"
    foreign = client.delete(path, headers=bearer(other))
    assert foreign.status_code == 403 and foreign.get_json()["error"]["code"] == "forbidden"
    assert client.post(path + "/remove", headers=bearer(other)).status_code == 403
    assert (
        client.get(
            f"/api/v1/workshops/{planned.id}/participants", headers=bearer(other)
        ).status_code
        == 403
    )
    unknown = client.delete("/api/v1/participants/999999", headers=bearer(api_token))
    assert unknown.status_code == 404 and unknown.get_json()["error"]["code"] == "not_found"
    assert participant_rows() == before


def test_the_api_lists_a_workshops_participants_with_their_state(client, planned, eeva, api_token):
    client.post(f"/api/v1/participants/{eeva.id}/remove", headers=bearer(api_token))
    response = client.get(f"/api/v1/workshops/{planned.id}/participants", headers=bearer(api_token))
    rows = {row["name"]: row for row in response.get_json()["participants"]}
    assert rows[ERASED]["removed"] is True and rows[ERASED]["erased"] is False
    assert rows["Aino Aaltonen"] == {
        "id": rows["Aino Aaltonen"]["id"],
        "name": "Aino Aaltonen",
        "organisation": "Lapin yliopisto",
        "org_type": "research",
        "table_id": planned.tables[0].id,
        "removed": False,
        "erased": False,
    }


def test_an_erased_participants_browser_can_no_longer_open_the_table(app, demo):
    browser = app.test_client()
    join_form(browser, demo.join_code, name=ERASED, organisation=FREE_TEXT, org_type="company")
    table = demo.tables[0]
    browser.post(
        f"/j/{demo.join_code}/tables",
        data={
            "table_id": table.id,
            "csrf_token": csrf_from(browser, f"/j/{demo.join_code}/tables"),
        },
    )
    assert browser.get(f"/t/{table.id}").status_code == 200
    person = db.session.scalar(sa.select(Participant).where(Participant.display_name == ERASED))
    token = issue_api_token(db.session, demo.owner.email)
    db.session.commit()

    assert (
        app.test_client()
        .delete(f"/api/v1/participants/{person.id}", headers=bearer(token))
        .status_code
        == 200
    )

    response = browser.get(f"/t/{table.id}")  # to the code page: /t/<id> never tells the code
    assert response.status_code == 302 and response.headers["Location"] == "/"


# -- the facilitator's page: remove, erase ---------------------------------------------------


def test_the_workshop_page_offers_remove_and_erase_behind_a_confirmation(client, planned, eeva):
    log_in(client)
    page = client.get(f"/f/workshops/{planned.id}").get_data(as_text=True)
    row = page[page.index(f'id="participant-{eeva.id}"') :]
    row = row[: row.index("</tr>")]
    # Each action is a disclosure (first step) holding its own form and final button.
    assert row.count("<details>") == 2 and row.count("<summary>") == 2
    assert f"/f/workshops/{planned.id}/participants/{eeva.id}/remove" in row
    assert f"/f/workshops/{planned.id}/participants/{eeva.id}/erase" in row
    assert row.count('name="csrf_token"') == 2


def test_removing_from_the_page_needs_csrf_then_revokes_the_token_and_frees_the_seat(
    client, planned, eeva, api_token
):
    log_in(client)
    path = f"/f/workshops/{planned.id}/participants/{eeva.id}/remove"
    before = participant_rows()
    assert client.post(path).status_code == 400  # no CSRF token
    assert participant_rows() == before

    token = csrf_from(client, f"/f/workshops/{planned.id}")
    response = client.post(path, data={"csrf_token": token})

    assert response.status_code == 302 and response.headers["Location"].endswith("#participants")
    person = fresh(Participant, eeva.id)
    assert person.removed_at is not None and person.table_id is None
    assert participant_by_token(db.session, eeva.token) is None
    assert person.display_name == ERASED  # kept until erased or the retention period ends
    page = client.get(f"/f/workshops/{planned.id}").get_data(as_text=True)
    assert ERASED in page and "Poistettu" in page  # listed as removed, erase still offered
    assert ERASED not in json.dumps(overview(client, planned.id, api_token), ensure_ascii=False)
    data = collect(db.session, planned.id, include_names=True)
    assert data.participants == 4 and ERASED not in [p.name for p in data.people]


def test_erasing_from_the_page_removes_the_name(client, planned, eeva):
    log_in(client)
    token = csrf_from(client, f"/f/workshops/{planned.id}")
    response = client.post(
        f"/f/workshops/{planned.id}/participants/{eeva.id}/erase", data={"csrf_token": token}
    )
    assert response.status_code == 302
    assert fresh(Participant, eeva.id).display_name == ""
    assert ERASED not in client.get(f"/f/workshops/{planned.id}").get_data(as_text=True)


def test_a_facilitator_cannot_reach_another_workshops_participant_through_their_own(
    client, planned, demo, facilitator
):
    stranger, _ = join(db.session, demo, JoinRequest(ERASED, FREE_TEXT, "company", True))
    db.session.commit()  # the demo workshop belongs to its own facilitator
    log_in(client)
    token = csrf_from(client, f"/f/workshops/{planned.id}")
    before = participant_rows()
    for action in ("remove", "erase"):
        response = client.post(
            f"/f/workshops/{planned.id}/participants/{stranger.id}/{action}",
            data={"csrf_token": token},
        )
        assert response.status_code == 404, action
    assert participant_rows() == before


# -- erasure from the command line -----------------------------------------------------------


def test_cli_erases_on_request_and_refuses_unknown_ids_without_erasing_any(runner, planned, eeva):
    listing = runner.invoke(args=["participants", "list", str(planned.id)])
    assert listing.exit_code == 0 and f"{eeva.id}" in listing.output and ERASED in listing.output

    refused = runner.invoke(args=["participants", "erase", str(eeva.id), "999999"])
    assert refused.exit_code == 1 and "No such participant" in refused.output
    assert fresh(Participant, eeva.id).display_name == ERASED

    result = runner.invoke(args=["participants", "erase", str(eeva.id)])
    assert result.exit_code == 0, result.output
    assert f"Erased the names of 1 participants: {eeva.id}" in result.output
    assert fresh(Participant, eeva.id).display_name == ""
    listing = runner.invoke(args=["participants", "list", str(planned.id), "--json"])
    rows = json.loads(listing.output)["participants"]
    assert {"id": eeva.id, "name": None, "erased": True}.items() <= next(
        r for r in rows if r["id"] == eeva.id
    ).items()


# -- the retention purge ----------------------------------------------------------------------


def backdate(workshop_id: int, day: date) -> None:
    """Make a workshop look as if it happened on `day` and nothing happened since."""
    moment = datetime.combine(day, datetime.min.time(), UTC)
    db.session.execute(
        sa.update(Workshop).where(Workshop.id == workshop_id).values(date=day, created_at=moment)
    )
    for model, column in ((Participant, "created_at"), (Idea, "updated_at")):
        db.session.execute(
            sa.update(model).where(model.workshop_id == workshop_id).values({column: moment})
        )
    db.session.commit()


def test_purge_erases_the_names_of_workshops_past_retention_and_nothing_else(
    runner, app, planned, eeva, demo
):
    known = make_known(db.session, "Rovaniemen kaupunki", "municipality")  # a curated one
    recent, _ = join(db.session, demo, JoinRequest("Pirjo Tuore", FREE_TEXT, "company", True))
    aino = db.session.scalar(
        sa.select(Participant).where(Participant.display_name == "Aino Aaltonen")
    )
    db.session.commit()
    backdate(planned.id, date.today() - timedelta(days=200))
    app.config["PARTICIPANT_RETENTION_DAYS"] = 180
    before = collect(db.session, planned.id)

    result = runner.invoke(args=["participants", "purge"])

    assert result.exit_code == 0, result.output
    assert "Erased the names of 5 participants in 1 workshops" in result.output
    names = db.session.scalars(
        sa.select(Participant.display_name).where(Participant.workshop_id == planned.id)
    ).all()
    assert names == [""] * 5
    assert fresh(Participant, recent.id).display_name == "Pirjo Tuore"  # a recent workshop
    assert fresh(Organisation, known.id).name == "Rovaniemen kaupunki"  # known: kept
    lapin = fresh(Organisation, aino.organisation_id)  # "Lapin yliopisto", typed there
    assert lapin.name == "" and lapin.erased_at is not None
    # Pirjo still uses Eeva's free-text organisation, so its name stays.
    assert fresh(Organisation, fresh(Participant, eeva.id).organisation_id).name == FREE_TEXT
    after = collect(db.session, planned.id)  # the plan's numbers stay: seats are kept
    assert after.org_mix == before.org_mix
    assert [t.members for p in after.priorities for t in p.tables] == [
        t.members for p in before.priorities for t in p.tables
    ]
    assert runner.invoke(args=["participants", "purge"]).output.startswith(
        "Erased the names of 0 participants in 0 workshops"
    )  # idempotent


def test_purge_counts_retention_from_the_last_edit_not_only_the_workshop_date(runner, planned):
    backdate(planned.id, date.today() - timedelta(days=400))
    idea = db.session.scalars(sa.select(Idea).where(Idea.workshop_id == planned.id)).first()
    idea.updated_at = datetime.now(UTC) - timedelta(days=10)  # edited after the event
    db.session.commit()

    kept = runner.invoke(args=["participants", "purge", "--days", "30"])
    assert "Erased the names of 0 participants" in kept.output
    purged = runner.invoke(args=["participants", "purge", "--days", "5"])
    assert "Erased the names of 4 participants in 1 workshops" in purged.output


def test_purge_refuses_a_negative_retention(runner):
    result = runner.invoke(args=["participants", "purge", "--days", "-1"])
    assert result.exit_code == 2 and "--days" in result.output


# -- which organisations a join page suggests -------------------------------------------------


def test_join_page_suggests_known_organisations_and_this_workshops_never_another_workshops(
    client, planned, eeva, demo
):
    make_known(db.session, "Lapin liitto", "public_authority")
    db.session.commit()
    demo_page = client.get(f"/j/{demo.join_code}").get_data(as_text=True)
    assert '<option value="Lapin liitto">' in demo_page  # curated: everywhere
    assert FREE_TEXT not in demo_page  # typed at another workshop: never
    assert "Lapin yliopisto" not in demo_page
    own_page = client.get(f"/j/{planned.join_code}").get_data(as_text=True)
    assert f'<option value="{FREE_TEXT}">' in own_page  # typed here: suggested here
    assert '<option value="Lapin liitto">' in own_page


def test_a_facilitator_makes_an_organisation_known_on_the_organisations_page(
    client, planned, eeva, demo
):
    log_in(client)
    page = f"/f/workshops/{planned.id}/organisations"
    before = db.session.scalar(sa.select(sa.func.count()).select_from(Organisation))
    refused = client.post(
        page + "/known",
        data={"name": " ", "org_type": "nope", "csrf_token": csrf_from(client, page)},
    )
    assert refused.status_code == 400
    body = refused.get_data(as_text=True)
    assert 'id="known-name-error"' in body and 'id="known-org_type-error"' in body
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == before

    added = client.post(
        page + "/known",
        data={
            "name": "Kemin  Digipolis",
            "org_type": "development",
            "csrf_token": csrf_from(client, page),
        },
    )
    assert added.status_code == 302
    organisation = fresh(Participant, eeva.id).organisation
    marked = client.post(
        f"{page}/{organisation.id}/known",
        data={"known": "1", "csrf_token": csrf_from(client, page)},
    )
    assert marked.status_code == 302
    demo_page = client.get(f"/j/{demo.join_code}").get_data(as_text=True)
    assert '<option value="Kemin Digipolis">' in demo_page
    assert f'<option value="{FREE_TEXT}">' in demo_page
    # A known organisation keeps its name when its people's names are erased.
    from workshop import privacy

    privacy.erase_participant(db.session, fresh(Participant, eeva.id))
    db.session.commit()
    assert fresh(Organisation, organisation.id).name == FREE_TEXT


def test_only_an_organisation_of_this_workshops_participants_can_be_marked_here(
    client, planned, demo
):
    stranger, _ = join(db.session, demo, JoinRequest(ERASED, FREE_TEXT, "company", True))
    db.session.commit()
    log_in(client)
    page = f"/f/workshops/{planned.id}/organisations"
    response = client.post(
        f"{page}/{stranger.organisation_id}/known",
        data={"known": "1", "csrf_token": csrf_from(client, page)},
    )
    assert response.status_code == 404
    assert fresh(Organisation, stranger.organisation_id).curated is False
