"""The implementation plan's outline, shared by the DOCX, HTML/PDF and Markdown formats:
what each section says, in one language, with no layout in it. Per priority the drafts
are ranked (the confirmed order, else by votes); archived drafts are left out and drafts
with nothing but a title go to a short annex."""

from collections import defaultdict
from dataclasses import dataclass, field

from workshop.export.data import ExportData, ExportIdea, ExportPriority
from workshop.export.labels import Labels
from workshop.export.locale_format import day, euros, number
from workshop.export.money import parse_euros
from workshop.export.roles import lead_and_partners
from workshop.export.strategy_roles import in_strategy_text


@dataclass
class FieldText:
    label: str
    text: str


@dataclass
class IdeaSection:
    anchor: str  # a stable id for the table of contents ("idea-12")
    rank: int
    title: str
    table: str
    state: str  # "ready" | "draft"
    status: str  # the state as a word of the language
    fields: list[FieldText]  # the template's fields after the title, in order
    votes: int
    helixes: str
    missing_helixes: str
    related_projects: list[str]  # "Title – organisation, period (similarity 0,61)", best first
    related_ideas: list[str]  # drafts at other tables, the same way
    damaged: bool = False  # some saved changes did not load (see ExportIdea.damaged)


@dataclass
class SummaryRow:
    rank: int
    idea: str
    status: str
    lead: str  # each organisation once, in its known name
    partners: str  # one per line, none that is also the lead
    schedule: str
    funding: str
    budget: str  # as written
    votes: str


@dataclass
class Totals:
    budget: str  # "1 200 000 €", or "" when no budget could be read
    read: str  # "3 / 4 budgets could be read as amounts"
    by_funding: list[tuple[str, str]] = field(default_factory=list)  # (source, sum)


@dataclass
class PrioritySection:
    anchor: str
    name: str
    description: str
    tables: list[str]
    org_mix: list[tuple[str, str]]
    participants: int
    ideas: list[IdeaSection]
    summary: list[SummaryRow]
    totals: Totals | None


@dataclass
class EmptyDraft:
    priority: str
    title: str
    table: str


def idea_section(data: ExportData, idea: ExportIdea, rank: int, labels: Labels) -> IdeaSection:
    return IdeaSection(
        anchor=f"idea-{idea.id}",
        rank=rank,
        title=idea.title or f"#{idea.id}",
        table=idea.table_name,
        state=idea.state,
        status=labels.state(idea.state),
        fields=[  # only what was written: a board reads no rows of "–"
            FieldText(f.label_in(labels.language), idea.fields.get(f.key, "").strip())
            for f in data.template
            if f.key != "title" and idea.fields.get(f.key, "").strip()
        ],
        votes=idea.votes,
        helixes=labels.helixes(idea.helixes),
        missing_helixes=labels.helixes(idea.missing_helixes),
        related_projects=[labels.related_project(p) for p in idea.related_projects],
        related_ideas=[labels.related_idea(i) for i in idea.related_ideas],
        damaged=idea.damaged,
    )


def summary_row(idea: ExportIdea, rank: int, labels: Labels) -> SummaryRow:
    lead, partners = lead_and_partners(idea)
    return SummaryRow(
        rank=rank,
        idea=idea.title or f"#{idea.id}",
        status=labels.state(idea.state),
        lead="\n".join(lead),
        partners="\n".join(partners),
        schedule=idea.fields.get("schedule", "").strip(),
        funding=idea.fields.get("funding", "").strip(),
        budget=idea.fields.get("budget", "").strip(),
        votes=number(idea.votes, labels.language),
    )


def totals(ideas: list[ExportIdea], labels: Labels) -> Totals | None:
    """Return the budgets' sum and the sums per source of funding, or None without budgets."""
    written = [i for i in ideas if i.fields.get("budget", "").strip()]
    if not written:
        return None
    amounts = {i.id: parse_euros(i.fields["budget"]) for i in written}
    read = [i for i in written if amounts[i.id] is not None]
    by_funding: dict[str, list] = defaultdict(list)
    for idea in read:
        source = " ".join(idea.fields.get("funding", "").split()) or labels["no_funding"]
        by_funding[source].append(amounts[idea.id])
    language = labels.language
    return Totals(
        budget=euros(sum(amounts[i.id] for i in read), language) if read else "",
        read=labels["budgets_read"]
        % {"read": number(len(read), language), "all": number(len(written), language)},
        by_funding=[(name, euros(sum(values), language)) for name, values in by_funding.items()]
        if len(by_funding) > 1
        else [],
    )


def priority_section(data: ExportData, priority: ExportPriority, labels: Labels) -> PrioritySection:
    ranked = [i for i in priority.active_ideas if not i.empty]
    return PrioritySection(
        anchor=f"priority-{priority.id}",
        name=priority.name,
        description=priority.description,
        tables=[f"{t.name} ({t.members})" for t in priority.tables],
        org_mix=[
            (labels.org_type(k), number(n, labels.language))
            for k, n in priority.org_mix.items()
            if n
        ],
        participants=priority.participants,
        ideas=[idea_section(data, i, n, labels) for n, i in enumerate(ranked, start=1)],
        summary=[summary_row(i, n, labels) for n, i in enumerate(ranked, start=1)],
        totals=totals(ranked, labels),
    )


def document_title(data: ExportData, labels: Labels) -> str:
    if len(data.priorities) == 1:
        return labels["plan_of"] % data.priorities[0].name
    return labels["plan"]


def cover_facts(data: ExportData, labels: Labels) -> list[tuple[str, str]]:
    """Return the cover page's (label, value) lines: where, when, how many; no names."""
    w, language = data.workshop, labels.language
    facts = [
        (labels["strategy"], w.strategy),
        (labels["event"], w.title),
        (labels["place"], w.place),
        (labels["date"], day(w.date, language)),
        (labels["organiser"], w.organiser),
        (labels["participants"], number(data.participants, language)),
        (labels["organisations_count"], number(sum(data.org_count.values()), language)),
        (labels["ideas"], number(len([i for i in data.active_ideas if not i.empty]), language)),
    ]
    return [(label, value) for label, value in facts if value]


def outline(data: ExportData, labels: Labels) -> dict:
    """Return everything the document formats show, in the order they show it."""
    w, language = data.workshop, labels.language
    sections = [priority_section(data, p, labels) for p in data.priorities]
    empty = [
        EmptyDraft(p.name, i.title or f"#{i.id}", i.table_name)
        for p in data.priorities
        for i in p.active_ideas
        if i.empty
    ]
    ordered = any(i.plan_rank is not None for i in data.active_ideas)
    in_strategy = {
        role.organisation_id: in_strategy_text(role, labels)
        for role in (data.strategy_roles.roles if data.strategy_roles else [])
    }
    return {
        "lang": language,
        "labels": labels,
        "title": document_title(data, labels),
        "workshop": w,
        "date": day(w.date, language),
        "when_where": " · ".join(x for x in (day(w.date, language), w.place) if x),
        "cover": cover_facts(data, labels),
        "participants": data.participants,
        "ideas_count": sum(len(s.ideas) for s in sections),
        "org_mix": [
            (labels.org_type(k), number(n, language)) for k, n in data.org_mix.items() if n
        ],
        "org_count": [
            (labels.org_type(k), number(n, language)) for k, n in data.org_count.items() if n
        ],
        "order_note": labels["ordered_note"] if ordered else labels["ranked_note"],
        "priorities": sections,
        "empty": empty,
        "people": [
            (p.name, p.organisation, labels.org_type(p.org_type), p.table) for p in data.people
        ]
        if data.people is not None
        else None,
        "organisations": [
            (
                r.name,
                labels.org_type(r.org_type),
                [x.title for x in r.leads],
                [x.title for x in r.partner_in],
                in_strategy.get(r.id, ""),
            )
            for r in data.organisations
        ],
        # The column of each organisation's role across the strategy, when it has one.
        "in_strategy": data.strategy_roles is not None,
        "unknown": data.unknown_organisations,
        # Without a project mapping there is nothing to list: the line is left out.
        "compared_with_projects": data.compared_with_projects,
    }
