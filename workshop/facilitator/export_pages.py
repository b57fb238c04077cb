"""Downloads after the event: the implementation plan and the data exports of a
workshop. Only the workshop's facilitator sees them."""

from flask import request
from flask_login import login_required

from workshop.facilitator import bp
from workshop.facilitator.pages import my_workshop
from workshop.http_export import export_response


@bp.get("/workshops/<int:workshop_id>/export")
@login_required
def export(workshop_id: int):
    """Download the workshop's implementation plan or data in the format asked for."""
    return export_response(my_workshop(workshop_id), request.args, inline_html=True)
