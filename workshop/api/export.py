"""REST export: `GET /api/v1/workshops/<id>/export?format=F&lang=L` for the facilitator."""

from flask import request

from workshop.api import bp
from workshop.auth import owned_workshop, require_facilitator
from workshop.http_export import export_response


@bp.get("/workshops/<int:workshop_id>/export")
def api_export(workshop_id: int):
    """Answer the workshop's export in the format asked for (docx, pdf, html, xlsx, csv, json, md)."""
    return export_response(owned_workshop(workshop_id, require_facilitator()), request.args)
