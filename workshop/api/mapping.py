"""REST API of mapped projects and overlap hints: upload a survey file, ask an idea's
related projects and drafts, mark a hint "not related"."""

from flask import request

from workshop import hints, live, mapping
from workshop.api import bp
from workshop.api.body import json_body
from workshop.auth import bearer_token, current_facilitator, require_facilitator
from workshop.errors import NotFound, Unauthorized, ValidationFailed
from workshop.extensions import db
from workshop.i18n import translate
from workshop.i18n_markers import N_
from workshop.ideas import Actor, check_member
from workshop.joining import participant_by_token
from workshop.models import Idea, Workshop
from workshop.payloads import UnreadablePayload, loads


def problem_dict(problem: mapping.Problem) -> dict:
    return {
        "row": problem.row,
        "field": problem.field,
        "message": translate(problem.message, problem.params),
        "blocking": problem.blocking,
    }


def preview_dict(result: mapping.Preview) -> dict:
    """Return a preview as JSON: rows with their problems, notices, whether it is clean."""
    return {
        "clean": result.clean,
        "sheet": result.sheet,
        "columns": result.columns,
        "rows": [
            {
                "row": row.row,
                "values": row.values,
                "skipped": row.skipped,
                "problems": [problem_dict(p) for p in row.problems],
            }
            for row in result.rows
        ],
        "notices": [problem_dict(p) for p in result.notices],
    }


def upload_request() -> tuple[bytes, str, dict | None, str | None, str]:
    """Return the uploaded file's bytes and name, the column map, sheet and strategy."""
    upload = request.files.get("file")
    if upload is None:
        raise ValidationFailed(
            N_("Send the file as multipart form data in the field “file”."),
            fields={"file": N_("Choose a file.")},
        )
    data = upload.read(mapping.MAX_UPLOAD + 1)
    if len(data) > mapping.MAX_UPLOAD:
        raise ValidationFailed(
            N_("The file is larger than 5 MB."), fields={"file": N_("Choose a smaller file.")}
        )
    columns = None
    if request.form.get("columns"):
        try:
            columns = loads(request.form["columns"])
        except UnreadablePayload:
            columns = None
        if not isinstance(columns, dict) or not all(isinstance(v, str) for v in columns.values()):
            raise ValidationFailed(
                N_("Send columns as a JSON object of field to column name."),
                fields={"columns": N_('For example {"title": "Nimi"}.')},
            )
    strategy = (request.form.get("strategy") or mapping.DEFAULT_STRATEGY).strip()[:100]
    return data, upload.filename or "", columns, request.form.get("sheet") or None, strategy


@bp.post("/mapping")
def api_mapping():
    """Preview a survey file of mapped projects; with confirm=1 and a clean preview, save it."""
    facilitator = require_facilitator()
    data, filename, columns, sheet, strategy = upload_request()
    result = mapping.preview(
        data, filename, columns, sheet, mapping.existing_keys(db.session, strategy)
    )
    body = {"preview": preview_dict(result), "saved": 0}
    if request.form.get("confirm") != "1":
        return body
    if not result.clean:
        body["error"] = {
            "code": "invalid",
            "message": translate(N_("Fix the rows with problems and upload the file again.")),
        }
        return body, 400
    projects = mapping.save(db.session, result, strategy, facilitator.id, filename)
    db.session.commit()
    body["saved"] = len(projects)
    body["projects"] = [p.to_dict() for p in projects]
    return body, 201


def idea_reader(idea_id: int) -> tuple[Idea, Actor]:
    """Return the idea and who asks: its workshop's facilitator or one of its participants."""
    idea = db.session.get(Idea, idea_id)
    if idea is None:
        raise NotFound(N_("No such idea."))
    facilitator = current_facilitator()
    if facilitator is not None:
        actor = Actor("facilitator", facilitator.id)
    else:
        participant = participant_by_token(db.session, bearer_token())
        if participant is None:
            raise Unauthorized(N_("Send your participant token, or log in as a facilitator."))
        actor = Actor("participant", participant.id)
    check_member(db.session, actor, db.session.get(Workshop, idea.workshop_id))
    return idea, actor


@bp.get("/ideas/<int:idea_id>/related")
def api_related(idea_id: int):
    """Return the mapped projects and other drafts this idea resembles, best first."""
    idea, _ = idea_reader(idea_id)
    return live.related_hints(db.session, idea)


@bp.post("/ideas/<int:idea_id>/related/dismiss")
def api_dismiss_related(idea_id: int):
    """Mark a hinted project (`project_id`) or draft (`idea_id`) as not related; remembered."""
    idea, actor = idea_reader(idea_id)
    data = json_body()
    dismissal = hints.dismiss(db.session, actor, idea, data)
    db.session.commit()
    live.hint_dismissed(dismissal, idea.workshop_id)  # people with the idea open stop seeing it
    return {"id": dismissal.id}, 201
