"""The implementation plan as printable HTML (Jinja; the PDF is made from the same page)
and Markdown; the strategy's follow-up document as printable HTML."""

import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from workshop.export.data import ExportData
from workshop.export.labels import Labels
from workshop.export.plan import outline

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "export"
_environment = Environment(
    loader=FileSystemLoader(str(TEMPLATES)),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def plan_html(data: ExportData, labels: Labels, back_url: str = "", script_url: str = "") -> str:
    """Return the plan as an HTML page with paged-media rules (A4, running header, page
    numbers): a browser prints it, WeasyPrint makes the PDF of it."""
    return _environment.get_template("plan.html").render(
        **outline(data, labels), back_url=back_url, script_url=script_url
    )


def follow_up_html(plan: dict, back_url: str = "", script_url: str = "") -> str:
    """Return the follow-up document (workshop.export.follow_up_plan) as a page with the
    plan's paged-media look."""
    return _environment.get_template("follow_up.html").render(
        **plan, back_url=back_url, script_url=script_url
    )


def to_html(data: ExportData, labels: Labels, **links: str) -> bytes:
    """Return the plan as a printable HTML page (`back_url`, `script_url`: its buttons)."""
    return plan_html(data, labels, **links).encode("utf-8")


# Characters that start Markdown (or inline HTML) anywhere in a line, and what starts a
# heading, list, quote or rule at a line's start: escaped with a backslash (CommonMark).
_INLINE = re.compile(r"([\\`*_\[\]<>|&~!])")
_LINE_START = re.compile(r"^(\s*)(?:([#>+=-])|(\d+)([.)]))", re.MULTILINE)


def _text(text: str) -> str:
    """Return user text that a Markdown renderer shows as the very same text: no markup,
    no HTML, its line breaks kept."""
    escaped = _LINE_START.sub(_escape_line_start, _INLINE.sub(r"\\\1", text))
    return "  \n".join(escaped.splitlines())


def _escape_line_start(match: re.Match) -> str:
    indent, marker, number, dot = match.groups()
    return f"{indent}\\{marker}" if marker else f"{indent}{number}\\{dot}"


def _md(text: str) -> str:
    """Return user text safe inside a Markdown table cell."""
    return "<br>".join(_INLINE.sub(r"\\\1", line) for line in text.splitlines()) or "–"


def to_markdown(data: ExportData, labels: Labels, **_links: str) -> bytes:
    """Return the plan as Markdown."""
    plan = outline(data, labels)
    lines = [f"# {_text(plan['title'])}", ""]
    lines += [f"- **{_text(label)}:** {_text(value)}" for label, value in plan["cover"]]
    lines += [
        "",
        f"## {labels['intro']}",
        "",
        f"{labels['participants']}: {plan['participants']} · {labels['ideas']}: {plan['ideas_count']}",
        "",
        plan["order_note"],
        "",
        labels["diversity_note"],
        "",
    ]
    lines += [f"- {_text(t)}: {n}" for t, n in plan["org_mix"]]
    for section in plan["priorities"]:
        lines += ["", f"## {labels['priority']}: {_text(section.name)}", ""]
        if section.description:
            lines += [_text(section.description), ""]
        lines += [
            f"{labels['tables']}: " + (_text(", ".join(section.tables)) or labels["none"]),
            "",
        ]
        lines += [f"- {_text(t)}: {n}" for t, n in section.org_mix]
        if section.summary:
            heads = ["rank", "idea", "status", "lead", "partners", "schedule", "funding"]
            heads += ["budget", "votes"]
            lines += ["", f"### {labels['summary']}", ""]
            lines += ["| " + " | ".join(labels[h] for h in heads) + " |"]
            lines += ["|" + "---|" * len(heads)]
            lines += [
                "| " + " | ".join(_md(str(getattr(r, h))) for h in heads) + " |"
                for r in section.summary
            ]
            if section.totals:
                total = section.totals.budget or labels["none"]
                lines += ["", f"**{labels['total']}:** {total} ({section.totals.read})"]
        for idea in section.ideas:
            lines += [
                "",
                f"### {idea.rank}. {_text(idea.title)} ({idea.status})",
                "",
                f"*{labels['table']}: {_text(idea.table)} · {labels['votes']}: {idea.votes}*",
                "",
            ]
            if idea.damaged:
                lines += [f"**{labels['damaged']}:** {labels['damaged_note']}", ""]
            for item in idea.fields:
                lines += [f"**{_text(item.label)}:**", "", _text(item.text) or labels["none"], ""]
            lines += [
                f"**{labels['helixes']}:** {_text(idea.helixes)}  ",
                f"**{labels['helixes_missing']}:** {_text(idea.missing_helixes)}",
            ]
            related = [(labels["related_ideas"], idea.related_ideas)]
            if plan["compared_with_projects"]:
                related.insert(0, (labels["related_projects"], idea.related_projects))
            for label, items in related:
                lines += ["", f"**{label}:**", ""]
                lines += [f"- {_text(item)}" for item in items] or [labels["none"]]
    if plan["organisations"] or plan["unknown"]:
        lines += [
            "",
            f"## {labels['organisations']}",
            "",
            f"| {labels['organisation']} | {labels['type']} | {labels['leads']} | {labels['partner_in']} |"
            + (f" {labels['in_strategy']} |" if plan["in_strategy"] else ""),
            "|---|---|---|---|" + ("---|" if plan["in_strategy"] else ""),
        ]
        lines += [
            f"| {_md(n)} | {_md(t)} | {_md(chr(10).join(a))} | {_md(chr(10).join(b))} |"
            + (f" {_md(s)} |" if plan["in_strategy"] else "")
            for n, t, a, b, s in plan["organisations"]
        ]
        if plan["unknown"]:
            lines += ["", f"{labels['unknown']}: " + _text(", ".join(plan["unknown"]))]
    if plan["empty"]:
        lines += ["", f"## {labels['annex_empty']}", "", labels["annex_empty_note"], ""]
        lines += [f"- {_text(e.title)} ({_text(e.priority)})" for e in plan["empty"]]
    if plan["people"] is not None:
        lines += ["", f"## {labels['annex_people']}", ""]
        lines += [f"- {_text(' · '.join(x for x in person if x))}" for person in plan["people"]]
    return ("\n".join(lines) + "\n").encode("utf-8")
