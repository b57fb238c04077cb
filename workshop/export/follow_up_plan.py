"""The plan document with follow-up statuses, for a strategy's coordination group: per
priority, each idea of the strategy's events with its status, responsible organisation,
next step and date, funding instrument, the mapped project it became and where it came
from; then each organisation's role across the strategy. The same outline is shown as
DOCX (follow_up_docx), printable HTML and PDF (the plan's page look). No Flask."""

from dataclasses import dataclass
from datetime import datetime

from workshop.export.locale_format import day, number
from workshop.export.render import Rendered
from workshop.export.safety import readable_filename
from workshop.i18n_markers import N_
from workshop.process.follow_up import STATUSES

FOLLOW_UP_FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}
CHOOSE_FORMAT = N_("Choose the format xlsx, csv, docx, pdf or html.")


@dataclass
class FollowUpIdea:
    anchor: str
    title: str
    status: str  # the key (draft, funded …), for the page's badge
    status_label: str
    lead: str
    next_step: str
    due: str
    funding_instrument: str
    mapped_project: str
    source: str  # "Kemin sprintti, table 2.1"
    carried: list[str]  # "Kemin sprintti, table 2.1, 5 votes", oldest first


@dataclass
class FollowUpPriority:
    anchor: str
    name: str
    counts: list[tuple[str, str]]  # (status, ideas) for the statuses that have ideas
    leading: str
    helixes: str
    nothing_moving: bool
    ideas: list[FollowUpIdea]


@dataclass
class RoleLine:
    name: str
    type: str
    leads: list[str]  # "Title (status)"
    partner_in: list[str]
    events: list[str]
    projects: list[str]
    absent: list[str]


def _idea(row, labels) -> FollowUpIdea:
    table = f"{labels['table']} {row.table_name}" if row.table_name else ""
    return FollowUpIdea(
        anchor=f"idea-{row.idea_id}",
        title=row.title or f"#{row.idea_id}",
        status=row.status,
        status_label=labels.follow_up_status(row.status),
        lead=row.lead.name if row.lead else row.lead_text,
        next_step=row.next_step,
        due=day(row.due, labels.language),
        funding_instrument=row.funding_instrument,
        mapped_project=row.mapped_project_title,
        source=", ".join(x for x in (row.workshop_title, table) if x),
        carried=[
            ", ".join(
                x
                for x in (
                    c["workshop_title"],
                    f"{labels['table']} {c['table']}" if c["table"] else "",
                    f"{labels['votes']}: {number(c['votes'], labels.language)}",
                )
                if x
            )
            for c in row.carried_from
        ],
    )


def _status(row, labels) -> str:
    return f"{row.title or f'#{row.idea_id}'} ({labels.follow_up_status(row.status)})"


def role_line(role, labels) -> RoleLine:
    """Return an organisation's role across the strategy as the documents list it."""
    return RoleLine(
        name=role.name,
        type=labels.org_type(role.org_type),
        leads=[_status(r, labels) for r in role.leads],
        partner_in=[_status(r, labels) for r in role.partner_in],
        events=[w.title for w in role.events],
        projects=[p.title for p in role.projects],
        absent=list(role.absent),
    )


def follow_up_outline(
    strategy, rows: list, summaries: list, roles: list, labels, generated_at: datetime
) -> dict:
    """Return everything the follow-up document shows, in order: `rows` are the board's
    (workshop.process.board), `summaries` its per-priority summary, `roles` the
    organisations' (workshop.process.roles.strategy_roles)."""
    language = labels.language
    by_summary = {s.priority_id: s for s in summaries}
    sections = []
    for priority in strategy.priorities:
        mine = [r for r in rows if r.priority_id == priority.id]
        s = by_summary.get(priority.id)
        sections.append(
            FollowUpPriority(
                anchor=f"priority-{priority.id}",
                name=priority.name,
                counts=[
                    (labels.follow_up_status(k), number(n, language))
                    for k, n in (s.statuses.items() if s else ())
                    if n
                ],
                leading=", ".join(s.leading) if s and s.leading else labels["none"],
                helixes=labels.helixes(s.helixes if s else ()),
                nothing_moving=bool(s and s.nothing_moving),
                ideas=[_idea(r, labels) for r in mine],
            )
        )
    known = {p.id for p in strategy.priorities}
    others = [r for r in rows if r.priority_id not in known]
    if others:
        sections.append(
            FollowUpPriority(
                "priority-other",
                labels["other_priorities"],
                [],
                labels["none"],
                labels["none"],
                False,
                [_idea(r, labels) for r in others],
            )
        )
    totals: dict[str, int] = {}
    for row in rows:
        totals[row.status] = totals.get(row.status, 0) + 1
    return {
        "lang": language,
        "labels": labels,
        "title": labels["follow_up_of"] % strategy.name,
        "strategy": strategy.name,
        "generated_at": generated_at,
        "cover": [
            (labels["strategy"], strategy.name),
            (labels["made_on"], day(generated_at.date(), language)),
            (labels["ideas"], number(len(rows), language)),
        ],
        "by_status": [  # in the order an idea moves through them
            (labels.follow_up_status(k), number(totals[k], language))
            for k in sorted(totals, key=_status_order)
        ],
        "priorities": sections,
        "roles": [role_line(r, labels) for r in roles],
    }


def follow_up_filename(strategy_name: str, generated_at: datetime, labels, extension: str):
    """Return e.g. Lapin-alykas-erikoistuminen-2026-12-03-seuranta.docx."""
    parts = [strategy_name, generated_at.date().isoformat(), labels["follow_up_file"]]
    return readable_filename(parts, extension)


def render_follow_up(plan: dict, format_name: str, **links: str) -> Rendered:
    """Return the follow-up document in docx, pdf or html (`links`: the page's back_url
    and script_url)."""
    from workshop.export.documents import follow_up_html
    from workshop.export.follow_up_docx import follow_up_docx
    from workshop.export.pdf_format import html_to_pdf

    if format_name == "docx":
        body = follow_up_docx(plan)
    elif format_name == "pdf":
        body = html_to_pdf(follow_up_html(plan))
    else:
        body = follow_up_html(plan, **links).encode("utf-8")
    return Rendered(body, FOLLOW_UP_FORMATS[format_name], format_name)


def _status_order(status: str) -> int:
    return STATUSES.index(status) if status in STATUSES else len(STATUSES)
