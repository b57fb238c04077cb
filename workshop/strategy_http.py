"""What the strategy's HTTP edges (API and pages) share: reading the board's filters,
telling the live layer that drafts moved, and keeping read-only accounts from writing."""

from flask import current_app, request

from workshop import live
from workshop.auth import current_facilitator
from workshop.errors import Forbidden, ValidationFailed
from workshop.i18n_markers import N_
from workshop.orgtypes import HELIXES
from workshop.process.board import Filters
from workshop.process.follow_up import STATUSES
from workshop.process.strategies import READ_ONLY

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def refuse_read_only_writes() -> None:
    """Answer 403 to a coordination-group account's request that would change something
    (registered before every API and facilitator request; logging out stays allowed)."""
    if request.method in SAFE_METHODS or request.endpoint == "facilitator.logout":
        return
    account = current_facilitator()
    if account is not None and account.read_only:
        raise Forbidden(READ_ONLY)


def board_filters(args) -> Filters:
    """Return the board's filters from query arguments, or raise ValidationFailed."""
    fields = {}
    values = {}
    for key in ("priority_id", "organisation_id"):
        raw = (args.get(key) or "").strip()
        if raw:
            if not raw.isdigit():
                fields[key] = N_("Give an id as a whole number.")
            else:
                values[key] = int(raw)
    status = (args.get("status") or "").strip() or None
    if status is not None and status not in STATUSES:
        fields["status"] = N_(
            "Choose the status draft, developing, funding_applied, funded, running, "
            "dropped or merged."
        )
    helix = (args.get("helix") or "").strip() or None
    if helix is not None and helix not in HELIXES:
        fields["helix"] = N_(
            "Choose the helix business, research_education, public_sector or civil_society."
        )
    if fields:
        raise ValidationFailed(N_("Check the fields marked below."), fields=fields)
    return Filters(status=status, helix=helix, **values)


def drafts_moved(idea_ids: list[int], workshop_ids: set[int]) -> None:
    """After carried drafts were committed: forget their live documents in this process
    (CollabService.drop: the next use reloads them from the log, under their new workshop)
    and refresh the overviews of the events they left and joined."""
    state = current_app.extensions.get("aihio_live")
    if state is not None and state.collab is not None:
        for idea_id in idea_ids:
            state.collab.drop(idea_id)
    if state is not None and state.announcer is not None:
        for workshop_id in workshop_ids:
            live.overview_changed(workshop_id)
