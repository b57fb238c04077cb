"""Issue 13 in the browser's HTTP: the board, an idea's follow-up page with its provenance
and changes, carrying from the page, missing voices, the read-only link and accounts."""

import io
import re

import docx
import pytest
import sqlalchemy as sa

from tests.helpers import csrf_from
from workshop.accounts import issue_api_token
from workshop.demo import ensure_demo
from workshop.extensions import db
from workshop.models import (
    FollowUpChange,
    Idea,
    IdeaFollowUp,
    MappedProject,
    Strategy,
    Workshop,
)
from workshop.process.demo import ensure_demo_strategy
from workshop.process.missing_voices import missing_voices
from workshop.process.strategies import add_member

PASSWORD = "oikea-hevonen-patteri"


@pytest.fixture
def demo_strategy(app):
    result = ensure_demo(db.session)
    result.facilitator.set_password(PASSWORD)
    strategy = ensure_demo_strategy(db.session, result)
    add_member(db.session, strategy, "ryhma@lapinliitto.example", "coordination", PASSWORD)
    db.session.commit()
    past = db.session.scalar(
        sa.select(Workshop).where(
            Workshop.strategy_id == strategy.id, Workshop.id != result.workshop.id
        )
    )
    return strategy, result.workshop, past


def log_in(client, email: str) -> None:
    token = csrf_from(client, "/f/login")
    response = client.post(
        "/f/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302


def idea_named(title: str) -> Idea:
    return db.session.scalar(sa.select(Idea).where(Idea.title == title))


def test_the_board_groups_ideas_by_priority_and_filters(client, demo_strategy):
    strategy, _, _ = demo_strategy
    log_in(client, "fasilitaattori@aihio.example")
    page = client.get(f"/f/strategies/{strategy.id}").get_data(as_text=True)
    assert page.index("Sivuvirroista biotuotteita") < page.index("Kylmätestauksen palvelualusta")
    assert "Nothing moving" in page or "Ei liikettä" in page
    funded = client.get(f"/f/strategies/{strategy.id}?status=funded").get_data(as_text=True)
    assert "Kylmätestauksen palvelualusta" in funded and "Sivuvirroista" not in funded
    assert client.get(f"/f/strategies/{strategy.id}/export.xlsx").status_code == 200


def test_saving_the_follow_up_form_records_the_change(client, demo_strategy):
    strategy, _, _ = demo_strategy
    log_in(client, "fasilitaattori@aihio.example")
    idea = idea_named("Vedyn paikallinen tuotanto")
    url = f"/f/strategies/{strategy.id}/ideas/{idea.id}"
    form = {
        "csrf_token": csrf_from(client, url),
        "status": "running",
        "next_step": "",
        "due": "1.12.",
    }
    refused = client.post(url, data=form)
    assert refused.status_code == 400 and "VVVV-KK-PP" in refused.get_data(as_text=True)
    assert db.session.get(IdeaFollowUp, idea.id).status == "draft"
    form["due"] = "2027-01-15"
    assert client.post(url, data=form).status_code == 302
    db.session.expire_all()
    assert db.session.get(IdeaFollowUp, idea.id).status == "running"
    page = client.get(url).get_data(as_text=True)
    assert "fasilitaattori@aihio.example" in page and "2027-01-15" in page


def test_carrying_from_the_page_shows_provenance_and_changes(client, demo_strategy):
    strategy, event, _ = demo_strategy
    log_in(client, "fasilitaattori@aihio.example")
    idea = idea_named("Kylmätestauksen palvelualusta")
    url = f"/f/workshops/{event.id}/carry"
    assert "Kylmätestauksen palvelualusta" in client.get(url + "?min_votes=6").get_data(
        as_text=True
    )
    response = client.post(url, data={"csrf_token": csrf_from(client, url), "idea_id": [idea.id]})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Idea, idea.id).workshop_id == event.id
    idea.fields = {**idea.fields, "goals": "Yksi palvelu kaikille testaajille ja tutkijoille."}
    db.session.commit()
    page = client.get(f"/f/strategies/{strategy.id}/ideas/{idea.id}").get_data(as_text=True)
    assert re.search(r"Kemin kehittämissprintti \(toukokuu\), (table|pöytä) 3\.1, 6", page)
    assert "<del>testaajille.</del><ins>testaajille ja tutkijoille.</ins>" in page


def test_missing_voices_page_and_invitation_list(client, demo_strategy):
    _, event, _ = demo_strategy
    log_in(client, "fasilitaattori@aihio.example")
    page = client.get(f"/f/workshops/{event.id}/missing-voices").get_data(as_text=True)
    assert "Arctic Testing Oy" in page
    sheet = client.get(f"/f/workshops/{event.id}/missing-voices?format=xlsx")
    assert sheet.status_code == 200 and sheet.mimetype.endswith("sheet")


def test_a_coordination_account_reads_the_board_and_cannot_save(client, demo_strategy):
    strategy, _, _ = demo_strategy
    log_in(client, "ryhma@lapinliitto.example")
    assert client.get("/f/").headers["Location"].endswith("/f/strategies")
    idea = idea_named("Vedyn paikallinen tuotanto")
    url = f"/f/strategies/{strategy.id}/ideas/{idea.id}"
    page = client.get(url).get_data(as_text=True)
    assert 'name="status"' not in page  # no form to save
    token = csrf_from(client, "/f/strategies")
    changes = db.session.scalar(sa.select(sa.func.count()).select_from(FollowUpChange))
    refused = client.post(url, data={"csrf_token": token, "status": "running"})
    assert refused.status_code == 403
    assert db.session.get(IdeaFollowUp, idea.id).status == "draft"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FollowUpChange)) == changes


def test_the_read_only_link_shows_the_board_until_a_new_one_is_made(client, demo_strategy):
    strategy, _, _ = demo_strategy
    log_in(client, "fasilitaattori@aihio.example")
    url = f"/f/strategies/{strategy.id}"
    made = client.post(url + "/share", data={"csrf_token": csrf_from(client, url)})
    link = re.search(r'id="share-url" readonly value="([^"]+)"', made.get_data(as_text=True))[1]
    path = link.split("://", 1)[1].split("/", 1)[1]
    stranger = client.application.test_client()
    board = stranger.get("/" + path)
    assert board.status_code == 200 and "Kylmätestauksen palvelualusta" in board.get_data(
        as_text=True
    )
    org_link = re.search(r'href="(/s/[^"]+/organisations/\d+)"', board.get_data(as_text=True))[1]
    assert stranger.get(org_link).status_code == 200
    client.post(url + "/share", data={"csrf_token": csrf_from(client, url)})
    assert stranger.get("/" + path).status_code == 404


def test_the_next_event_takes_the_strategys_priorities(client, demo_strategy):
    strategy, _, _ = demo_strategy
    log_in(client, "fasilitaattori@aihio.example")
    url = f"/f/strategies/{strategy.id}"
    form = {
        "csrf_token": csrf_from(client, url),
        "title": "Syyskuu",
        "date": "15.9.",
        "tables": "2",
    }
    count = db.session.scalar(sa.select(sa.func.count()).select_from(Workshop))
    assert client.post(url + "/workshops", data=form).status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Workshop)) == count
    form["date"] = "2026-09-15"
    response = client.post(url + "/workshops", data=form)
    assert response.status_code == 302
    made = db.session.scalar(sa.select(Workshop).where(Workshop.title == "Syyskuu"))
    assert [p.strategy_priority_id for p in made.priorities] == [p.id for p in strategy.priorities]
    assert [t.name for t in made.priorities[0].tables] == ["1.1", "1.2"]


def docx_text(body: bytes) -> str:
    document = docx.Document(io.BytesIO(body))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_plan_document_with_statuses_downloads_from_the_board(client, demo_strategy):
    strategy, _, _ = demo_strategy
    log_in(client, "fasilitaattori@aihio.example")
    page = client.get(f"/f/strategies/{strategy.id}").get_data(as_text=True)
    assert f'href="/f/strategies/{strategy.id}/export.docx"' in page
    response = client.get(f"/f/strategies/{strategy.id}/export.docx?lang=fi")
    assert response.status_code == 200 and response.mimetype.endswith("document")
    assert "seuranta.docx" in response.headers["Content-Disposition"]
    text = docx_text(response.data)
    # Per priority, each idea with its status, lead, next step and date, instrument, source.
    assert "Painopiste: Testaus ja kylmäosaaminen" in text
    for expected in (
        "Kylmätestauksen palvelualusta",
        "Rahoitettu",
        "Hankkeen aloitus",
        "1.9.2026",
        "Business Finland",
        "Kemin kehittämissprintti (toukokuu), Pöytä 3.1",
        "Organisaatioiden roolit koko strategiassa",
    ):
        assert expected in text, expected
    swedish = docx_text(client.get(f"/f/strategies/{strategy.id}/export.docx?lang=sv").data)
    assert "Finansierad" in swedish and "Nästa steg" in swedish
    refused = client.get(f"/f/strategies/{strategy.id}/export.odt")
    assert refused.status_code == 400


def test_the_plan_document_shows_user_text_as_text(client, demo_strategy):
    strategy, _, _ = demo_strategy
    log_in(client, "fasilitaattori@aihio.example")
    idea = idea_named("Vedyn paikallinen tuotanto")
    url = f"/f/strategies/{strategy.id}/ideas/{idea.id}"
    form = {"csrf_token": csrf_from(client, url), "status": "developing"}
    form["next_step"] = '<img src=x onerror="alert(1)"> Kick-off'
    assert client.post(url, data=form).status_code == 302
    page = client.get(f"/f/strategies/{strategy.id}/export.html?lang=en")
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt; Kick-off" in html
    assert "<img" not in html
    assert "Being developed" in html and f'href="/f/strategies/{strategy.id}"' in html
    # The summary counts the statuses in the order an idea moves through them.
    lifecycle = ("Draft", "Being developed", "Funding applied", "Funded", "Running", "Dropped")
    order = [html.find(f"<td>{status}</td>") for status in lifecycle]
    order = [at for at in order if at >= 0]
    assert len(order) >= 3 and order == sorted(order)


def test_the_read_only_link_and_the_api_give_the_plan_document(client, demo_strategy):
    strategy, _, _ = demo_strategy
    log_in(client, "fasilitaattori@aihio.example")
    url = f"/f/strategies/{strategy.id}"
    made = client.post(url + "/share", data={"csrf_token": csrf_from(client, url)})
    link = re.search(r'id="share-url" readonly value="([^"]+)"', made.get_data(as_text=True))[1]
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    stranger = client.application.test_client()
    assert f'href="{path}/export.pdf"' in stranger.get(path).get_data(as_text=True)
    pdf = stranger.get(path + "/export.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert "Kylmätestauksen palvelualusta" in docx_text(stranger.get(path + "/export.docx").data)
    token = issue_api_token(db.session, "fasilitaattori@aihio.example")
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    api = client.application.test_client()
    answer = api.get(f"/api/v1/strategies/{strategy.id}/follow-up?format=docx", headers=headers)
    assert answer.status_code == 200 and "Hankkeen aloitus" in docx_text(answer.data)
    bad = api.get(f"/api/v1/strategies/{strategy.id}/follow-up?format=rtf", headers=headers)
    assert bad.status_code == 400 and "format" in bad.get_json()["error"]["fields"]


def test_the_facilitator_corrects_a_mapped_projects_priority_on_its_page(client, demo_strategy):
    strategy, event, _ = demo_strategy
    project = MappedProject(strategy=strategy.key, title="Vetylaakso", organisation="Kemijoki Oy")
    db.session.add(project)
    db.session.commit()
    energy = strategy.priorities[3]
    log_in(client, "fasilitaattori@aihio.example")
    url = f"/f/strategies/{strategy.id}/projects"
    assert f'href="{url}"' in client.get(f"/f/strategies/{strategy.id}").get_data(as_text=True)
    voices = client.get(f"/f/workshops/{event.id}/missing-voices").get_data(as_text=True)
    assert f'href="{url}"' in voices
    page = client.get(url).get_data(as_text=True)
    assert "Vetylaakso" in page and f'<label for="priority-{project.id}"' in page
    post = f"/f/strategies/{strategy.id}/projects/{project.id}/priority"

    for bad in ("999", "kolme"):
        refused = client.post(post, data={"csrf_token": csrf_from(client, url), "priority_id": bad})
        assert refused.status_code == 400
        html = refused.get_data(as_text=True)
        assert f'id="priority-{project.id}-error"' in html and 'aria-invalid="true"' in html
        db.session.expire_all()
        assert db.session.get(Strategy, strategy.id).project_priorities == {}

    form = {"csrf_token": csrf_from(client, url), "priority_id": str(energy.id)}
    response = client.post(post, data=form)
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"#project-{project.id}"
    )
    db.session.expire_all()
    assert db.session.get(Strategy, strategy.id).project_priorities == {str(project.id): energy.id}
    found = {v.strategy_priority_id: v for v in missing_voices(db.session, event)}
    assert "Kemijoki Oy" in {o.name for o in found[energy.id].organisations}
    shown = client.get(url + f"?priority={energy.id}").get_data(as_text=True)
    assert "Vetylaakso" in shown

    reset = client.post(post, data={"csrf_token": csrf_from(client, url), "priority_id": ""})
    assert reset.status_code == 302
    db.session.expire_all()
    assert db.session.get(Strategy, strategy.id).project_priorities == {}


def test_the_coordination_group_reads_the_projects_priorities_and_cannot_correct(
    client, demo_strategy
):
    strategy, _, _ = demo_strategy
    project = MappedProject(strategy=strategy.key, title="Vetylaakso", organisation="Kemijoki Oy")
    db.session.add(project)
    db.session.commit()
    log_in(client, "ryhma@lapinliitto.example")
    url = f"/f/strategies/{strategy.id}/projects"
    page = client.get(url).get_data(as_text=True)
    assert "Vetylaakso" in page and 'name="priority_id"' not in page
    token = csrf_from(client, "/f/strategies")
    refused = client.post(
        f"/f/strategies/{strategy.id}/projects/{project.id}/priority",
        data={"csrf_token": token, "priority_id": str(strategy.priorities[0].id)},
    )
    assert refused.status_code == 403
    db.session.expire_all()
    assert db.session.get(Strategy, strategy.id).project_priorities == {}
