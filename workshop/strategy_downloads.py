"""The strategy's downloads as HTTP responses, shared by the pages and the REST API:
the follow-up board (XLSX/CSV, and the plan document with statuses as DOCX/PDF/HTML) and
the invitation list of missing voices (XLSX/CSV)."""

from flask import Response
from flask_babel import get_locale
from flask_babel import gettext as _

from workshop.errors import ValidationFailed
from workshop.export.follow_up_plan import (
    CHOOSE_FORMAT,
    FOLLOW_UP_FORMATS,
    follow_up_filename,
    follow_up_outline,
    render_follow_up,
)
from workshop.export.labels import LANGUAGES, Labels
from workshop.export.safety import content_disposition, unicode_filename
from workshop.extensions import db
from workshop.i18n import org_type_label, translate
from workshop.i18n_markers import N_
from workshop.models import utcnow
from workshop.orgtypes import HELIX_LABELS
from workshop.process.board import BoardRow, PrioritySummary, summary
from workshop.process.follow_up import STATUS_LABELS
from workshop.process.missing_voices import MissingVoices
from workshop.process.roles import strategy_roles
from workshop.process.sheets import to_csv, to_xlsx

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def check_sheet_format(value: str | None) -> str:
    """Return xlsx or csv, or raise ValidationFailed naming `format`."""
    if value not in FORMATS:
        raise ValidationFailed(
            N_("Choose the format xlsx or csv."), fields={"format": N_("Choose xlsx or csv.")}
        )
    return value


def check_board_format(value: str | None) -> str:
    """Return xlsx, csv, docx, pdf or html, or raise ValidationFailed naming `format`."""
    if value not in FORMATS and value not in FOLLOW_UP_FORMATS:
        raise ValidationFailed(CHOOSE_FORMAT, fields={"format": CHOOSE_FORMAT})
    return value


def document_language(args) -> str:
    """Return the document's language: `lang` (fi, sv, en), else the page's language."""
    language = args.get("lang") or str(get_locale() or "fi")
    if language not in LANGUAGES:
        raise ValidationFailed(
            N_("Choose the language fi, sv or en."), fields={"lang": N_("Choose fi, sv or en.")}
        )
    return language


def board_response(strategy, rows, format_name: str, args, **links: str) -> Response:
    """Answer the follow-up board in the format asked for: XLSX/CSV with the summary, or
    the plan document with statuses (DOCX, PDF, printable HTML; `lang` in `args`).
    `links` (back_url, script_url) give the printable page its buttons; with them the
    page and the PDF open in the browser instead of downloading."""
    if format_name in FORMATS:
        return board_download(strategy.key, rows, summary(strategy, rows), format_name)
    labels = Labels(document_language(args))
    roles = strategy_roles(db.session, strategy)
    plan = follow_up_outline(strategy, rows, summary(strategy, rows), roles, labels, utcnow())
    rendered = render_follow_up(plan, format_name, **links)
    name = follow_up_filename(strategy.name, plan["generated_at"], labels, format_name)
    response = Response(rendered.body, mimetype=rendered.mimetype)
    disposition = "inline" if links and format_name in ("html", "pdf") else "attachment"
    response.headers["Content-Disposition"] = content_disposition(name, disposition)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response


def board_table(rows: list[BoardRow]) -> tuple[list[str], list[list]]:
    """Return the board's headers and rows, labels in the request's language."""
    headers = [
        _("Id"), _("Idea"), _("Priority"), _("Event"), _("Status"), _("Responsible organisation"),
        _("Next step"), _("Due"), _("Funding instrument"), _("Mapped project"), _("Helixes"),
        _("Votes"), _("Carried from"), _("Last change"),
    ]  # fmt: skip
    body = []
    for r in rows:
        last = r.history[-1] if r.history else None
        body.append(
            [
                r.idea_id,
                r.title,
                r.priority_name,
                r.workshop_title,
                translate(STATUS_LABELS[r.status]),
                r.lead.name if r.lead else r.lead_text,
                r.next_step,
                r.due.isoformat() if r.due else "",
                r.funding_instrument,
                r.mapped_project_title,
                ", ".join(translate(HELIX_LABELS[h]) for h in r.helixes),
                r.votes,
                "; ".join(f"{c['workshop_title']} {c['table']}" for c in r.carried_from),
                f"{last.author} {last.created_at:%Y-%m-%d %H:%M}" if last else "",
            ]
        )
    return headers, body


def summary_table(summaries: list[PrioritySummary]) -> tuple[list[str], list[list]]:
    """Return the per-priority summary's headers and rows."""
    headers = [_("Priority")] + [translate(label) for label in STATUS_LABELS.values()]
    headers += [_("Organisations leading"), _("Helixes"), _("Nothing moving")]
    body = [
        [s.name, *s.statuses.values(), ", ".join(s.leading)]
        + [", ".join(translate(HELIX_LABELS[h]) for h in s.helixes)]
        + [_("yes") if s.nothing_moving else ""]
        for s in summaries
    ]
    return headers, body


def board_download(name: str, rows, summaries, format_name: str) -> Response:
    """Answer the follow-up board as a download."""
    headers, body = board_table(rows)
    if format_name == "csv":
        data = to_csv(headers, body)
    else:
        data = to_xlsx([(_("Follow-up"), headers, body), (_("Summary"), *summary_table(summaries))])
    return _download(data, f"aihio-{name}-follow-up", format_name)


def invitation_download(title: str, voices: list[MissingVoices], format_name: str) -> Response:
    """Answer the invitation list (organisation, type, priority, why) as a download."""
    headers = [_("Organisation"), _("Type"), _("Priority"), _("Why invite")]
    body = []
    for priority in voices:
        for org in priority.organisations:
            body.append(
                [
                    org.name,
                    translate(org_type_label(org.org_type)) if org.org_type else "",
                    priority.name,
                    " ".join(translate(msg, params) for msg, params in org.reasons),
                ]
            )
        for kind in priority.org_types:
            body.append(
                [
                    "",
                    translate(org_type_label(kind)),
                    priority.name,
                    _("No table of this priority has heard this type yet."),
                ]
            )
    data = (
        to_csv(headers, body) if format_name == "csv" else to_xlsx([(_("Invite"), headers, body)])
    )
    return _download(data, f"aihio-{title}-invitations", format_name)


def _download(data: bytes, stem: str, format_name: str) -> Response:
    response = Response(data, mimetype=FORMATS[format_name])
    name = f"{unicode_filename(stem)}.{format_name}"
    response.headers["Content-Disposition"] = content_disposition(name)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response
