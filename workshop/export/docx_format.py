"""The implementation plan as a Word document (python-docx).

Paragraphs and runs are written as elements directly: python-docx's `add_paragraph`
scans the whole body on every call, which made a 1,000-idea plan take half a minute.
"""

import io

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from workshop.export.data import ExportData
from workshop.export.labels import Labels
from workshop.export.plan import outline
from workshop.export.safety import ILLEGAL_XML


def run(text: str, bold: bool = False):
    """Return a run of text, bold or not, its line breaks kept."""
    r = OxmlElement("w:r")
    if bold:
        properties = OxmlElement("w:rPr")
        properties.append(OxmlElement("w:b"))
        r.append(properties)
    for n, line in enumerate(ILLEGAL_XML.sub("", text).split("\n")):
        if n:
            r.append(OxmlElement("w:br"))
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = line
        r.append(t)
    return r


class Writer:
    """Append paragraphs and tables to a document's body, before its section properties."""

    def __init__(self, document) -> None:
        self.document = document
        self.end = document.element.body.sectPr
        self._style_ids: dict[str, str] = {}

    def style_id(self, name: str) -> str:
        if name not in self._style_ids:
            self._style_ids[name] = self.document.styles[name].style_id
        return self._style_ids[name]

    def paragraph(self, *runs: tuple[str, bool], style: str | None = None):
        """Add a paragraph of (text, bold) runs; line breaks in the text are kept."""
        p = OxmlElement("w:p")
        if style:
            p.style = self.style_id(style)
        for text, bold in runs:
            p.append(run(text, bold))
        self.end.addprevious(p)
        return p

    def text(self, text: str, style: str | None = None):
        return self.paragraph((text, False), style=style)

    def labelled(self, label: str, text: str):
        return self.paragraph((f"{label}: ", True), (text, False))

    def heading(self, text: str, level: int):
        return self.text(text, "Title" if level == 0 else f"Heading {level}")

    def table(self, headers: list[str], rows: list[list]) -> None:
        table = self.document.add_table(rows=1 + len(rows), cols=len(headers))
        table.style = self.document.styles["Table Grid"]
        for r, (tr, values) in enumerate(zip(table._tbl.tr_lst, [headers, *rows], strict=True)):
            for tc, value in zip(tr.tc_lst, values, strict=True):
                tc.p_lst[0].append(run(str(value), bold=r == 0))


def lines(items: list[str], labels: Labels) -> str:
    """Return items one per line after the label, or the "none" mark."""
    return "\n" + "\n".join(items) if items else labels["none"]


def to_docx(data: ExportData, labels: Labels) -> bytes:
    """Return the implementation plan as a Word document."""
    plan = outline(data, labels)
    document = Document()
    document.core_properties.title = plan["title"][:255]
    document.core_properties.language = labels.language
    w = Writer(document)
    w.heading(plan["title"], 0)
    w.text(data.workshop.title)
    if plan["when_where"]:
        w.text(plan["when_where"])
    w.heading(labels["intro"], 1)
    w.text(
        f"{labels['participants']}: {plan['participants']} · {labels['ideas']}: {plan['ideas_count']}"
    )
    if plan["org_mix"]:
        w.table([labels["type"], labels["count"]], [list(x) for x in plan["org_mix"]])
    for section in plan["priorities"]:
        w.heading(f"{labels['priority']}: {section.name}", 1)
        if section.description:
            w.text(section.description)
        w.labelled(labels["tables"], ", ".join(section.tables) or labels["none"])
        w.text(
            f"{labels['participants']}: {section.participants} · "
            f"{labels['ideas']}: {len(section.ideas)}"
        )
        if section.org_mix:
            w.heading(labels["org_mix"], 3)
            w.table([labels["type"], labels["count"]], [list(x) for x in section.org_mix])
        for idea in section.ideas:
            w.heading(idea.title, 2)
            w.labelled(labels["table"], idea.table)
            if idea.damaged:
                w.labelled(labels["damaged"], labels["damaged_note"])
            for item in idea.fields:
                w.labelled(item.label, item.text or labels["none"])
            w.labelled(labels["votes"], str(idea.votes))
            w.labelled(labels["helixes"], idea.helixes)
            w.labelled(labels["helixes_missing"], idea.missing_helixes)
            if plan["compared_with_projects"]:
                w.labelled(labels["related_projects"], lines(idea.related_projects, labels))
            w.labelled(labels["related_ideas"], lines(idea.related_ideas, labels))
        if section.summary:
            w.heading(labels["summary"], 2)
            w.table(
                [labels["what"], labels["who"], labels["when"]],
                [[r.what, r.who, r.when] for r in section.summary],
            )
    if plan["organisations"] or plan["unknown"]:
        w.heading(labels["organisations"], 1)
        w.table(
            [labels["organisation"], labels["type"], labels["leads"], labels["partner_in"]],
            [
                [name, kind, "\n".join(leads), "\n".join(partner)]
                for name, kind, leads, partner in plan["organisations"]
            ],
        )
        if plan["unknown"]:
            w.labelled(labels["unknown"], ", ".join(plan["unknown"]))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
