"""The implementation plan's outline, shared by the DOCX, HTML and Markdown formats: what
each section says, in one language, with no layout in it."""

from dataclasses import dataclass

from workshop.export.data import ExportData, ExportIdea, ExportPriority
from workshop.export.labels import Labels
from workshop.export.rows import named


@dataclass
class FieldText:
    label: str
    text: str


@dataclass
class IdeaSection:
    title: str
    table: str
    fields: list[FieldText]  # the template's fields after the title, in order
    votes: int
    helixes: str
    missing_helixes: str
    related_projects: list[str]  # "Title – organisation, period (similarity 0,61)", best first
    related_ideas: list[str]  # drafts at other tables, the same way
    damaged: bool = False  # some saved changes did not load (see ExportIdea.damaged)


@dataclass
class SummaryRow:
    what: str
    who: str
    when: str


@dataclass
class PrioritySection:
    name: str
    description: str
    tables: list[str]
    org_mix: list[tuple[str, int]]
    participants: int
    ideas: list[IdeaSection]
    summary: list[SummaryRow]


def idea_section(data: ExportData, idea: ExportIdea, labels: Labels) -> IdeaSection:
    return IdeaSection(
        title=idea.title or f"#{idea.id}",
        table=idea.table_name,
        fields=[
            FieldText(f.label_in(labels.language), idea.fields.get(f.key, "").strip())
            for f in data.template
            if f.key != "title"
        ],
        votes=idea.votes,
        helixes=labels.helixes(idea.helixes),
        missing_helixes=labels.helixes(idea.missing_helixes),
        related_projects=[labels.related_project(p) for p in idea.related_projects],
        related_ideas=[labels.related_idea(i) for i in idea.related_ideas],
        damaged=idea.damaged,
    )


def summary_row(idea: ExportIdea) -> SummaryRow:
    actions = idea.fields.get("actions", "").strip()
    what = idea.title + (f"\n{actions}" if actions else "")
    who = "\n".join(x for x in (named(idea.lead), named(idea.partners)) if x)
    return SummaryRow(what.strip(), who, idea.fields.get("schedule", "").strip())


def priority_section(data: ExportData, priority: ExportPriority, labels: Labels) -> PrioritySection:
    return PrioritySection(
        name=priority.name,
        description=priority.description,
        tables=[f"{t.name} ({t.members})" for t in priority.tables],
        org_mix=[(labels.org_type(k), n) for k, n in priority.org_mix.items() if n],
        participants=priority.participants,
        ideas=[idea_section(data, i, labels) for i in priority.ideas],
        summary=[summary_row(i) for i in priority.ideas],
    )


def document_title(data: ExportData, labels: Labels) -> str:
    if len(data.priorities) == 1:
        return labels["plan_of"] % data.priorities[0].name
    return labels["plan"]


def outline(data: ExportData, labels: Labels) -> dict:
    """Return everything the document formats show, in the order they show it."""
    w = data.workshop
    return {
        "lang": labels.language,
        "labels": labels,
        "title": document_title(data, labels),
        "workshop": w,
        "when_where": " · ".join(x for x in (w.date.isoformat() if w.date else "", w.place) if x),
        "participants": data.participants,
        "ideas_count": len(data.ideas),
        "org_mix": [(labels.org_type(k), n) for k, n in data.org_mix.items() if n],
        "priorities": [priority_section(data, p, labels) for p in data.priorities],
        "organisations": [
            (
                r.name,
                labels.org_type(r.org_type),
                [x.title for x in r.leads],
                [x.title for x in r.partner_in],
            )
            for r in data.organisations
        ],
        "unknown": data.unknown_organisations,
        # Without a project mapping there is nothing to list: the line is left out.
        "compared_with_projects": data.compared_with_projects,
    }
