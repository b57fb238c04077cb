"""The organisations' roles across the workshop's strategy in its exports: for each
organisation of this event (named in its drafts or taking part), the ideas it leads or
partners in over all the strategy's events with their follow-up status, the events it took
part in, its mapped projects and the priorities where it is absent. The XLSX has a sheet of
them, the JSON a `strategy_roles` key, the plan's organisation table a column."""

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from workshop.models import Workshop


@dataclass
class StrategyRoles:
    strategy_id: int
    name: str
    roles: list = field(default_factory=list)  # workshop.process.roles.StrategyRole


def collect_strategy_roles(
    session: Session, workshop: Workshop, organisation_ids: set[int]
) -> StrategyRoles | None:
    """Return these organisations' roles across the workshop's strategy (None: no strategy)."""
    from workshop.process.roles import strategy_roles

    strategy = workshop.strategy
    if strategy is None:
        return None
    roles = strategy_roles(session, strategy, only=organisation_ids)
    return StrategyRoles(strategy.id, strategy.name, roles)


def _titled(rows, labels) -> list[str]:
    return [
        f"{r.title or f'#{r.idea_id}'} ({labels.follow_up_status(r.status)}) – {r.workshop_title}"
        for r in rows
    ]


def strategy_role_headers(labels) -> list[str]:
    return [
        labels["organisation"],
        labels["type"],
        labels["leads"],
        labels["partner_in"],
        labels["events"],
        labels["mapped_projects"],
        labels["absent"],
    ]


def strategy_role_rows(found: StrategyRoles, labels) -> list[list]:
    """Return a spreadsheet row per organisation, lists one item per line."""
    return [
        [
            role.name,
            labels.org_type(role.org_type),
            "\n".join(_titled(role.leads, labels)),
            "\n".join(_titled(role.partner_in, labels)),
            "\n".join(w.title for w in role.events),
            "\n".join(p.title for p in role.projects),
            "\n".join(role.absent),
        ]
        for role in found.roles
    ]


def in_strategy_text(role, labels) -> str:
    """Return an organisation's role across the strategy in a few lines, for a table cell."""
    parts = [
        (labels["leads"], "; ".join(_titled(role.leads, labels))),
        (labels["partner_in"], "; ".join(_titled(role.partner_in, labels))),
        (labels["events"], ", ".join(w.title for w in role.events)),
        (labels["absent"], ", ".join(role.absent)),
    ]
    return "\n".join(f"{label}: {text}" for label, text in parts if text)


def strategy_roles_json(found: StrategyRoles | None) -> dict | None:
    """Return the `strategy_roles` key of the JSON export (docs/export-schema.md)."""
    if found is None:
        return None
    organisations = []
    for role in found.roles:
        whole = role.to_dict()
        del whole["strategy_id"], whole["strategy"]
        organisations.append(
            {"id": role.organisation_id, "name": role.name, "org_type": role.org_type, **whole}
        )
    return {
        "strategy_id": found.strategy_id,
        "strategy": found.name,
        "organisations": organisations,
    }
