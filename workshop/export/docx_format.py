"""The implementation plan as a Word document (python-docx): A4, cover page, table of
contents, running header, "sivu 3 / 12" footer, drafts ranked per priority.

Paragraphs and runs are written as elements directly: python-docx's `add_paragraph`
scans the whole body on every call, which made a 1,000-idea plan take half a minute.
"""

import io

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from workshop.export import docx_page
from workshop.export.data import ExportData
from workshop.export.labels import Labels
from workshop.export.plan import outline
from workshop.export.safety import ILLEGAL_XML

TABLE_FONT_HALF_POINTS = "18"  # 9 pt in tables


def run(text: str, bold: bool = False, small: bool = False):
    """Return a run of text, bold or not, its line breaks kept."""
    r = OxmlElement("w:r")
    if bold or small:
        properties = OxmlElement("w:rPr")
        if bold:
            properties.append(OxmlElement("w:b"))
        if small:
            size = OxmlElement("w:sz")
            size.set(qn("w:val"), TABLE_FONT_HALF_POINTS)
            properties.append(size)
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

    def paragraph(self, *runs: tuple[str, bool], style: str | None = None, page_break=False):
        """Add a paragraph of (text, bold) runs; line breaks in the text are kept."""
        p = OxmlElement("w:p")
        if style:
            p.style = self.style_id(style)
        if page_break:
            p.get_or_add_pPr().append(OxmlElement("w:pageBreakBefore"))
        for text, bold in runs:
            p.append(run(text, bold))
        self.end.addprevious(p)
        return p

    def text(self, text: str, style: str | None = None):
        return self.paragraph((text, False), style=style)

    def labelled(self, label: str, text: str):
        return self.paragraph((f"{label}: ", True), (text, False))

    def heading(self, text: str, level: int, page_break: bool = False):
        style = "Title" if level == 0 else f"Heading {level}"
        return self.paragraph((text, False), style=style, page_break=page_break)

    def page_break(self) -> None:
        p = OxmlElement("w:p")
        r = OxmlElement("w:r")
        br = OxmlElement("w:br")
        br.set(qn("w:type"), "page")
        r.append(br)
        p.append(r)
        self.end.addprevious(p)

    def table(
        self,
        headers: list[str],
        rows: list[list],
        footer: list | None = None,
        weights: list[int] | None = None,
    ) -> None:
        """Add a bordered table whose header row repeats on every page; with `weights`,
        its columns share the text width in those proportions (else equally), so that a
        title is not wrapped inside a word while a rank number has room to spare."""
        every = [headers, *rows, *([footer] if footer else [])]
        table = self.document.add_table(rows=len(every), cols=len(headers))
        table.style = self.document.styles["Table Grid"]
        if weights:
            table.autofit = False
            margins = OxmlElement("w:tblCellMar")  # 1 mm each side (Word's default is 1.9)
            for side in ("left", "right"):
                margin = OxmlElement(f"w:{side}")
                margin.set(qn("w:w"), "57")
                margin.set(qn("w:type"), "dxa")
                margins.append(margin)
            table._tbl.tblPr.append(margins)
            section = self.document.sections[-1]
            text = section.page_width - section.left_margin - section.right_margin
            for column, weight in zip(table.columns, weights, strict=True):
                width = int(text * weight / sum(weights))
                column.width = width  # the grid (LibreOffice reads this)
                for cell in column.cells:
                    cell.width = width  # each cell (Word reads this)
        last = len(every) - 1
        for r, (tr, values) in enumerate(zip(table._tbl.tr_lst, every, strict=True)):
            if r == 0:
                tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
            bold = r == 0 or (footer is not None and r == last)
            for tc, value in zip(tr.tc_lst, values, strict=True):
                tc.p_lst[0].append(run(str(value), bold=bold, small=True))

    def toc(self, title: str, entries: list[tuple[int, str]]) -> None:
        """Add a table of contents field, showing the headings until it is updated."""
        self.heading(title, 1)
        p = self.paragraph()
        docx_page.field(_Paragraph(p), 'TOC \\o "1-2" \\h \\z \\u', "")
        _open_field_end(p)  # the field ends after the entries shown until it is updated
        for level, text in entries:
            self.paragraph((("    " * (level - 1)) + text, False))
        end = OxmlElement("w:p")
        r = OxmlElement("w:r")
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), "end")
        r.append(char)
        end.append(r)
        self.end.addprevious(end)


class _Paragraph:
    """Just enough of python-docx's Paragraph for `docx_page.field` on a raw element."""

    def __init__(self, p) -> None:
        self._p = p

    def add_run(self, text: str):
        if text:
            self._p.append(run(text))


def _open_field_end(p) -> None:
    """Drop a field's closing run from `p`: the TOC's end comes after its shown entries."""
    ends = [r for r in p.findall(qn("w:r")) if r.find(qn("w:fldChar")) is not None]
    if ends and ends[-1].find(qn("w:fldChar")).get(qn("w:fldCharType")) == "end":
        p.remove(ends[-1])


def lines(items: list[str], labels: Labels) -> str:
    """Return items one per line after the label, or the "none" mark."""
    return "\n" + "\n".join(items) if items else labels["none"]


def _cover(w: Writer, plan: dict, labels: Labels) -> None:
    w.heading(plan["title"], 0)
    w.text(plan["workshop"].title)
    for label, value in plan["cover"]:
        w.labelled(label, value)
    if plan["org_count"]:
        w.paragraph((labels["orgs_by_type"], True))
        w.table(
            [labels["type"], labels["organisations_count"]], [list(x) for x in plan["org_count"]]
        )


def _toc_entries(plan: dict, labels: Labels) -> list[tuple[int, str]]:
    entries = [(1, labels["intro"])]
    for section in plan["priorities"]:
        entries.append((1, f"{labels['priority']}: {section.name}"))
        entries += [(2, f"{idea.rank}. {idea.title}") for idea in section.ideas]
    if plan["organisations"] or plan["unknown"]:
        entries.append((1, labels["organisations"]))
    if plan["empty"]:
        entries.append((1, labels["annex_empty"]))
    if plan["people"] is not None:
        entries.append((1, labels["annex_people"]))
    return entries


def _summary(w: Writer, section, labels: Labels) -> None:
    heads = ["rank", "idea", "status", "lead", "partners", "schedule", "funding", "budget"]
    heads.append("votes")
    footer = None
    if section.totals:
        footer = [labels["total"], section.totals.read, "", "", "", "", ""]
        footer += [section.totals.budget or labels["none"], ""]
    w.heading(labels["summary"], 2)
    w.table(
        [labels[h] for h in heads],
        [[getattr(row, h) for h in heads] for row in section.summary],
        footer,
        weights=[10, 28, 15, 33, 20, 17, 16, 15, 11],  # mm of A4's 165: headers unbroken
    )
    if section.totals and section.totals.by_funding:
        w.paragraph((labels["by_funding"], True))
        w.table([labels["funding"], labels["budget"]], [list(x) for x in section.totals.by_funding])


def _idea(w: Writer, idea, plan: dict, labels: Labels) -> None:
    w.heading(f"{idea.rank}. {idea.title}", 2)
    w.paragraph(
        (f"{labels['status']}: ", True),
        (idea.status, False),
        (f" · {labels['table']}: ", True),
        (idea.table, False),
        (f" · {labels['votes']}: ", True),
        (str(idea.votes), False),
    )
    if idea.damaged:
        w.labelled(labels["damaged"], labels["damaged_note"])
    for item in idea.fields:
        w.labelled(item.label, item.text or labels["none"])
    w.labelled(labels["helixes"], idea.helixes)
    w.labelled(labels["helixes_missing"], idea.missing_helixes)
    if plan["compared_with_projects"]:
        w.labelled(labels["related_projects"], lines(idea.related_projects, labels))
    if idea.related_ideas:
        w.labelled(labels["related_ideas"], lines(idea.related_ideas, labels))


def to_docx(data: ExportData, labels: Labels) -> bytes:
    """Return the implementation plan as a Word document."""
    plan = outline(data, labels)
    document = docx_page.new_document(
        labels,
        title=plan["title"],
        author=data.workshop.organiser,
        subject=data.workshop.title,
        event=data.workshop.title,
        when=data.generated_at,
    )
    w = Writer(document)
    _cover(w, plan, labels)
    w.page_break()
    w.toc(labels["contents"], _toc_entries(plan, labels))
    w.heading(labels["intro"], 1, page_break=True)
    w.text(
        f"{labels['participants']}: {plan['participants']} · {labels['ideas']}: {plan['ideas_count']}"
    )
    w.text(plan["order_note"])
    w.text(labels["diversity_note"])
    if plan["org_mix"]:
        w.paragraph((labels["org_mix"], True))
        w.table([labels["type"], labels["count"]], [list(x) for x in plan["org_mix"]])
    for section in plan["priorities"]:
        w.heading(f"{labels['priority']}: {section.name}", 1, page_break=True)
        if section.description:
            w.text(section.description)
        w.labelled(labels["tables"], ", ".join(section.tables) or labels["none"])
        w.text(
            f"{labels['participants']}: {section.participants} · "
            f"{labels['ideas']}: {len(section.ideas)}"
        )
        if section.org_mix:
            w.paragraph((labels["org_mix"], True))
            w.table([labels["type"], labels["count"]], [list(x) for x in section.org_mix])
        if section.summary:
            _summary(w, section, labels)
        for idea in section.ideas:
            _idea(w, idea, plan, labels)
    if plan["organisations"] or plan["unknown"]:
        w.heading(labels["organisations"], 1, page_break=True)
        across = [labels["in_strategy"]] if plan["in_strategy"] else []
        w.table(
            [labels["organisation"], labels["type"], labels["leads"], labels["partner_in"]]
            + across,
            [
                [name, kind, "\n".join(leads), "\n".join(partner)] + ([strategy] if across else [])
                for name, kind, leads, partner, strategy in plan["organisations"]
            ],
        )
        if plan["unknown"]:
            w.labelled(labels["unknown"], ", ".join(plan["unknown"]))
    if plan["empty"]:
        w.heading(labels["annex_empty"], 1, page_break=True)
        w.text(labels["annex_empty_note"])
        for item in plan["empty"]:
            w.text(f"– {item.title} ({labels['priority']}: {item.priority})")
    if plan["people"] is not None:
        w.heading(labels["annex_people"], 1, page_break=True)
        w.table(
            [labels["name"], labels["organisation"], labels["type"], labels["table"]],
            [list(p) for p in plan["people"]],
        )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
