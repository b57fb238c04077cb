"""`aihio strategies ...`: the organiser's scripts carry drafts, set follow-up, write the
board and the invitation list; bad input and read-only accounts change nothing."""

import json

import docx
import sqlalchemy as sa

from workshop.extensions import db
from workshop.models import Idea, IdeaFollowUp, Workshop

E = "fasilitaattori@aihio.example"


def test_an_organiser_scripts_the_next_event(runner, tmp_path):
    runner.invoke(args=["demo", "--json"])
    listed = json.loads(runner.invoke(args=["strategies", "list", "--as", E]).output)
    [strategy] = listed["strategies"]
    past, event = strategy["workshops"]
    carried = runner.invoke(
        args=["strategies", "carry", str(event["id"]), "--by", E, "--min-votes", "5"]
    )
    assert carried.exit_code == 0, carried.output
    assert carried.output.count("Carried idea") == 2
    assert db.session.scalar(sa.select(sa.func.count()).where(Idea.workshop_id == event["id"])) == 2

    idea = db.session.scalar(sa.select(Idea).where(Idea.title == "Vedyn paikallinen tuotanto"))
    bad = runner.invoke(args=["strategies", "set", str(idea.id), "--by", E, "--due", "1.1.2027"])
    assert bad.exit_code == 1 and "due: " in bad.output
    assert db.session.get(IdeaFollowUp, idea.id).due is None
    ok = runner.invoke(args=["strategies", "set", str(idea.id), "--by", E, "--status", "running"])
    assert ok.exit_code == 0, ok.output

    member = ["strategies", "member", str(strategy["id"]), "ryhma@x.fi", "--role", "coordination"]
    runner.invoke(args=[*member, "--by", E, "--password", "salasana123"])
    refused = runner.invoke(
        args=["strategies", "set", str(idea.id), "--by", "ryhma@x.fi", "--status", "funded"]
    )
    assert refused.exit_code == 1 and "coordination group" in refused.output
    db.session.expire_all()
    assert db.session.get(IdeaFollowUp, idea.id).status == "running"

    out = tmp_path / "board.csv"
    board = ["strategies", "follow-up", str(strategy["id"]), "--as", "ryhma@x.fi"]
    assert (
        runner.invoke(args=[*board, "--format", "csv", "--lang", "en", "-o", str(out)]).exit_code
        == 0
    )
    assert "Vedyn paikallinen tuotanto" in out.read_text("utf-8-sig")
    document = tmp_path / "seuranta.docx"
    unwritten = runner.invoke(args=[*board, "--format", "docx"])
    assert unwritten.exit_code == 2 and "-o FILE" in unwritten.output
    written = runner.invoke(args=[*board, "--format", "docx", "--lang", "sv", "-o", str(document)])
    assert written.exit_code == 0, written.output
    text = "\n".join(p.text for p in docx.Document(str(document)).paragraphs)
    assert "Uppföljning av genomförandet: Lapin älykäs erikoistuminen" in text
    assert "Status: Pågår" in text  # the status set above, in Swedish
    invite = runner.invoke(
        args=["strategies", "missing-voices", str(event["id"]), "--as", E, "--lang", "en"]
    )
    assert "Organisation,Type,Priority,Why invite" in invite.output
    assert db.session.get(Workshop, past["id"]).state == "closed"
