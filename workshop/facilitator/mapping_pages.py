"""The facilitator's mapped projects: upload a survey file, check its preview, confirm;
list and search what is mapped. The upload waits in the instance folder until confirmed."""

import re
import time
from pathlib import Path

import sqlalchemy as sa
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from workshop import mapping
from workshop.errors import ValidationFailed
from workshop.extensions import db
from workshop.facilitator import bp
from workshop.facilitator.pages import me
from workshop.i18n import translate
from workshop.i18n_markers import N_
from workshop.models import MappedProject
from workshop.secrets_util import new_token

LIST_LIMIT = 200
PENDING_MAX_AGE = 3600  # seconds an unconfirmed upload waits before it expires


def pending_folder() -> Path:
    folder = Path(current_app.config["INSTANCE_PATH"]) / "mapping-uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def pending_path(token: str) -> Path:
    """Return where this facilitator's unconfirmed upload waits (token checked)."""
    if not re.fullmatch(r"[A-Za-z0-9_-]{10,80}", token or ""):
        raise ValidationFailed(N_("Upload the file again."))
    return pending_folder() / f"{me().id}-{token}"


def is_expired(path: Path, now: float | None = None) -> bool:
    """Whether an unconfirmed upload is older than PENDING_MAX_AGE (or gone)."""
    try:
        age = (now or time.time()) - path.stat().st_mtime
    except FileNotFoundError:
        return True
    return age > PENDING_MAX_AGE


def sweep_pending() -> int:
    """Delete every facilitator's expired unconfirmed uploads; return how many."""
    removed = 0
    now = time.time()
    for path in pending_folder().iterdir():
        if path.is_file() and is_expired(path, now):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def form_options() -> tuple[dict | None, str | None, str]:
    """Return the column map, sheet and strategy the form sent."""
    columns = {
        key: request.form[f"column-{key}"].strip()
        for key in mapping.FIELDS
        if request.form.get(f"column-{key}", "").strip()
    }
    strategy = (request.form.get("strategy") or mapping.DEFAULT_STRATEGY).strip()[:100]
    return columns or None, request.form.get("sheet") or None, strategy


def projects_page(status: int = 200, **context):
    """Render the page: the upload form, a preview when given, the mapped projects."""
    query = request.args.get("q", "").strip()
    select = sa.select(MappedProject).order_by(MappedProject.title).limit(LIST_LIMIT)
    if query:
        like = f"%{query}%"
        select = select.where(
            sa.or_(
                MappedProject.title.ilike(like),
                MappedProject.description.ilike(like),
                MappedProject.organisation.ilike(like),
            )
        )
    context.setdefault("form", {})
    return render_template(
        "mapping/index.html",
        projects=db.session.scalars(select).all(),
        total=db.session.scalar(sa.select(sa.func.count(MappedProject.id))),
        query=query,
        fields=mapping.FIELDS,
        translate=translate,
        **context,
    ), status


@bp.get("/mapping")
@login_required
def mapping_index():
    """Show the mapped projects, searchable, and the form to upload more."""
    return projects_page()[0]


@bp.post("/mapping")
@login_required
def mapping_upload():
    """Read an uploaded survey file and show its preview; nothing is saved yet."""
    upload = request.files.get("file")
    columns, sheet, strategy = form_options()
    form = {"columns": columns or {}, "sheet": sheet or "", "strategy": strategy}
    data = upload.read(mapping.MAX_UPLOAD + 1) if upload else b""
    try:
        if len(data) > mapping.MAX_UPLOAD:
            raise ValidationFailed(_("The file is larger than 5 MB."))
        result = mapping.preview(
            data, upload.filename if upload else "", columns, sheet,
            mapping.existing_keys(db.session, strategy),
        )  # fmt: skip
    except ValidationFailed as error:
        return projects_page(400, error=translate(error.message, error.params), form=form)
    token = new_token()
    sweep_pending()  # uploads nobody confirmed do not pile up in the instance folder
    pending_path(token).write_bytes(data)
    return projects_page(preview=result, token=token, filename=upload.filename or "", form=form)


@bp.post("/mapping/confirm")
@login_required
def mapping_confirm():
    """Save a previewed file's rows in one transaction, if its preview is still clean."""
    path = pending_path(request.form.get("token", ""))
    columns, sheet, strategy = form_options()
    filename = request.form.get("filename", "")[:255]
    if is_expired(path):
        path.unlink(missing_ok=True)
        return projects_page(400, error=_("The upload expired. Upload the file again."))
    try:
        result = mapping.preview(
            path.read_bytes(), filename, columns, sheet, mapping.existing_keys(db.session, strategy)
        )
        projects = mapping.save(db.session, result, strategy, me().id, filename)
    except ValidationFailed as error:
        return projects_page(400, error=translate(error.message, error.params))
    db.session.commit()
    path.unlink(missing_ok=True)
    flash(_("Saved %(num)d mapped projects.", num=len(projects)))
    return redirect(url_for("facilitator.mapping_index"))
