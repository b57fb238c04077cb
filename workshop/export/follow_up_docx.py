"""The follow-up document (workshop.export.follow_up_plan) as a Word document, on the
plan's page and with its writer: A4, cover, contents, running header, "sivu 3 / 12"."""

import io

from workshop.export import docx_page
from workshop.export.docx_format import Writer, lines


def _priority(w: Writer, section, labels) -> None:
    w.heading(f"{labels['priority']}: {section.name}", 1, page_break=True)
    if section.nothing_moving:
        w.paragraph((labels["nothing_moving"], True))
    counts = " · ".join(f"{status}: {n}" for status, n in section.counts)
    w.text(f"{labels['ideas']}: {len(section.ideas)}" + (f" · {counts}" if counts else ""))
    w.labelled(labels["leading"], section.leading)
    w.labelled(labels["helixes"], section.helixes)
    if section.ideas:
        w.heading(labels["summary"], 2)
        w.table(
            [labels[k] for k in ("idea", "status", "lead", "next_step", "due")],
            [[i.title, i.status_label, i.lead, i.next_step, i.due] for i in section.ideas],
            weights=[45, 25, 35, 40, 20],
        )
    for idea in section.ideas:
        w.heading(idea.title, 2)
        w.labelled(labels["status"], idea.status_label)
        for key, value in (
            ("lead", idea.lead),
            ("next_step", idea.next_step),
            ("due", idea.due),
            ("funding_instrument", idea.funding_instrument),
            ("mapped_project", idea.mapped_project),
            ("source", idea.source),
        ):
            w.labelled(labels[key], value or labels["none"])
        if idea.carried:
            w.labelled(labels["carried_from"], lines(idea.carried, labels))


def follow_up_docx(plan: dict) -> bytes:
    """Return the follow-up document as a Word document."""
    labels = plan["labels"]
    document = docx_page.new_document(
        labels,
        title=plan["title"],
        author="",
        subject=plan["strategy"],
        event="",
        when=plan["generated_at"],
    )
    w = Writer(document)
    w.heading(plan["title"], 0)
    for label, value in plan["cover"]:
        w.labelled(label, value)
    w.text(labels["follow_up_note"])
    if plan["by_status"]:
        w.paragraph((labels["by_status"], True))
        w.table([labels["status"], labels["ideas"]], [list(x) for x in plan["by_status"]])
    w.page_break()
    entries = [(1, f"{labels['priority']}: {s.name}") for s in plan["priorities"]]
    if plan["roles"]:
        entries.append((1, labels["strategy_roles"]))
    w.toc(labels["contents"], entries)
    for priority in plan["priorities"]:
        _priority(w, priority, labels)
    if plan["roles"]:
        w.heading(labels["strategy_roles"], 1, page_break=True)
        w.table(
            [labels[k] for k in ("organisation", "type", "leads", "partner_in", "events")]
            + [labels["mapped_projects"], labels["absent"]],
            [
                [r.name, r.type, *("\n".join(x) for x in (r.leads, r.partner_in, r.events))]
                + ["\n".join(r.projects), "\n".join(r.absent)]
                for r in plan["roles"]
            ],
            weights=[24, 16, 30, 26, 22, 18, 29],
        )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
