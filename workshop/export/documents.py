"""The implementation plan as printable HTML (Jinja) and Markdown."""

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


def _md(text: str) -> str:
    """Return text safe inside a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>") or "–"


def to_markdown(data: ExportData, labels: Labels) -> bytes:
    """Return the plan as Markdown."""
    plan = outline(data, labels)
    lines = [f"# {plan['title']}", "", data.workshop.title]
    if plan["when_where"]:
        lines += ["", plan["when_where"]]
    lines += [
        "",
        f"## {labels['intro']}",
        "",
        f"{labels['participants']}: {plan['participants']} · {labels['ideas']}: {plan['ideas_count']}",
        "",
    ]
    lines += [f"- {t}: {n}" for t, n in plan["org_mix"]]
    for section in plan["priorities"]:
        lines += ["", f"## {labels['priority']}: {section.name}", ""]
        if section.description:
            lines += [section.description, ""]
        lines += [f"{labels['tables']}: " + (", ".join(section.tables) or labels["none"]), ""]
        lines += [f"- {t}: {n}" for t, n in section.org_mix]
        for idea in section.ideas:
            lines += ["", f"### {idea.title}", "", f"*{labels['table']}: {idea.table}*", ""]
            for item in idea.fields:
                lines += [f"**{item.label}:**", "", item.text or labels["none"], ""]
            lines += [
                f"**{labels['votes']}:** {idea.votes}  ",
                f"**{labels['helixes']}:** {idea.helixes}  ",
                f"**{labels['helixes_missing']}:** {idea.missing_helixes}",
            ]
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
            lines += ["", f"{labels['unknown']}: " + ", ".join(plan["unknown"])]
    return ("\n".join(lines) + "\n").encode("utf-8")
