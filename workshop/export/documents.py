"""The implementation plan as printable HTML (Jinja) and Markdown."""

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


def to_html(data: ExportData, labels: Labels) -> bytes:
    """Return the plan as a printable HTML page (print it to PDF from the browser)."""
    return _environment.get_template("plan.html").render(**outline(data, labels)).encode("utf-8")


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


def to_markdown(data: ExportData, labels: Labels) -> bytes:
    """Return the plan as Markdown."""
    plan = outline(data, labels)
    lines = [f"# {_text(plan['title'])}", "", _text(data.workshop.title)]
    if plan["when_where"]:
        lines += ["", _text(plan["when_where"])]
    lines += [
        "",
        f"## {labels['intro']}",
        "",
        f"{labels['participants']}: {plan['participants']} · {labels['ideas']}: {plan['ideas_count']}",
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
        for idea in section.ideas:
            lines += [
                "",
                f"### {_text(idea.title)}",
                "",
                f"*{labels['table']}: {_text(idea.table)}*",
                "",
            ]
            if idea.damaged:
                lines += [f"**{labels['damaged']}:** {labels['damaged_note']}", ""]
            for item in idea.fields:
                lines += [f"**{_text(item.label)}:**", "", _text(item.text) or labels["none"], ""]
            lines += [
                f"**{labels['votes']}:** {idea.votes}  ",
                f"**{labels['helixes']}:** {_text(idea.helixes)}  ",
                f"**{labels['helixes_missing']}:** {_text(idea.missing_helixes)}",
            ]
            related = [(labels["related_ideas"], idea.related_ideas)]
            if plan["compared_with_projects"]:
                related.insert(0, (labels["related_projects"], idea.related_projects))
            for label, items in related:
                lines += ["", f"**{label}:**", ""]
                lines += [f"- {_text(item)}" for item in items] or [labels["none"]]
        if section.summary:
            lines += [
                "",
                f"### {labels['summary']}",
                "",
                f"| {labels['what']} | {labels['who']} | {labels['when']} |",
                "|---|---|---|",
            ]
            lines += [f"| {_md(r.what)} | {_md(r.who)} | {_md(r.when)} |" for r in section.summary]
    if plan["organisations"] or plan["unknown"]:
        lines += [
            "",
            f"## {labels['organisations']}",
            "",
            f"| {labels['organisation']} | {labels['type']} | {labels['leads']} | {labels['partner_in']} |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {_md(n)} | {_md(t)} | {_md(chr(10).join(a))} | {_md(chr(10).join(b))} |"
            for n, t, a, b in plan["organisations"]
        ]
        if plan["unknown"]:
            lines += ["", f"{labels['unknown']}: " + _text(", ".join(plan["unknown"]))]
    return ("\n".join(lines) + "\n").encode("utf-8")
