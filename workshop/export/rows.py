"""One row per idea, as the CSV and the spreadsheet's idea sheets share them."""

from workshop.export.data import ExportData, ExportIdea
from workshop.export.labels import Labels


def named(names) -> str:
    """Return names as written, one per line, each matched one marked with its known name."""
    return "\n".join(
        n.text
        if n.organisation is None or n.organisation.name == n.text
        else f"{n.text} ({n.organisation.name})"
        for n in names
    )


def idea_headers(data: ExportData, labels: Labels) -> list[str]:
    fields = [f.label_in(labels.language) for f in data.template]
    return [
        labels["id"],
        labels["priority"],
        labels["table"],
        labels["state"],
        *fields,
        labels["votes"],
        labels["helixes"],
        labels["helixes_missing"],
        labels["related_projects"],
        labels["related_ideas"],
        labels["damaged"],
    ]


def idea_row(data: ExportData, idea: ExportIdea, labels: Labels, priority: str) -> list:
    return [
        idea.id,
        priority,
        idea.table_name,
        labels.state(idea.state),
        *(idea.fields.get(key, "") for key in data.keys),
        idea.votes,
        labels.helixes(idea.helixes),
        labels.helixes(idea.missing_helixes),
        "\n".join(labels.related_project(p) for p in idea.related_projects),
        "\n".join(labels.related_idea(i) for i in idea.related_ideas),
        labels["yes"] if idea.damaged else "",
    ]


def all_idea_rows(data: ExportData, labels: Labels) -> list[list]:
    return [
        idea_row(data, idea, labels, priority.name)
        for priority in data.priorities
        for idea in priority.active_ideas
    ]


def organisation_headers(labels: Labels) -> list[str]:
    return [labels["organisation"], labels["type"], labels["leads"], labels["partner_in"]]


def organisation_rows(data: ExportData, labels: Labels) -> list[list]:
    def refs(items) -> str:
        return "\n".join(f"{r.title} ({r.workshop_title})" for r in items)

    rows = [
        [role.name, labels.org_type(role.org_type), refs(role.leads), refs(role.partner_in)]
        for role in data.organisations
    ]
    rows += [[name, labels["unknown"], "", ""] for name in data.unknown_organisations]
    return rows
