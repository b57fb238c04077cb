"""The few fixed headings of the exported documents, in Finnish and English. Field labels
come from the workshop's template; organisation types and helixes from the catalogues."""

from workshop.catalogues import gettext_for

LANGUAGES = ("fi", "en")

HEADINGS = {
    "fi": {
        "plan": "Toteutussuunnitelma",
        "plan_of": "Toteutussuunnitelma: %s",
        "intro": "Johdanto",
        "tables": "Pöydät",
        "org_mix": "Osallistujien organisaatiot tyypeittäin",
        "participants": "Osallistujia",
        "ideas": "Hankeaihioita",
        "idea": "Hankeaihio",
        "priority": "Painopiste",
        "table": "Pöytä",
        "votes": "Ääniä",
        "helixes": "Konsortion kattamat heliksit",
        "helixes_missing": "Puuttuvat heliksit",
        "summary": "Yhteenveto: toimenpiteet, vastuut ja aikataulu",
        "who": "Kuka",
        "when": "Milloin",
        "what": "Mitä",
        "organisations": "Organisaatioiden roolit",
        "organisation": "Organisaatio",
        "type": "Tyyppi",
        "leads": "Vastuulla",
        "partner_in": "Kumppanina",
        "workshop": "Työpaja",
        "unknown": "Tunnistamattomat organisaatiot",
        "none": "–",
        "count": "Määrä",
        "all_ideas": "Kaikki aihiot",
        "name": "Nimi",
        "state": "Tila",
        "id": "Tunniste",
        "related_projects": "Samankaltaiset kartoitetut hankkeet",
        "related_ideas": "Päällekkäiset aihiot muissa pöydissä",
        "similarity": "samankaltaisuus",
        "damaged": "Vaurioitunut",
        "damaged_note": (
            "Osa tämän aihion tallennetuista muutoksista ei latautunut; ne on tallessa "
            "erillään. Teksti voi olla vajaa."
        ),
        "yes": "kyllä",
    },
    "en": {
        "plan": "Implementation plan",
        "plan_of": "Implementation plan: %s",
        "intro": "Introduction",
        "tables": "Tables",
        "org_mix": "Participants' organisations by type",
        "participants": "Participants",
        "ideas": "Project ideas",
        "idea": "Project idea",
        "priority": "Priority",
        "table": "Table",
        "votes": "Votes",
        "helixes": "Helixes the consortium covers",
        "helixes_missing": "Helixes missing",
        "summary": "Summary: actions, who is responsible, when",
        "who": "Who",
        "when": "When",
        "what": "What",
        "organisations": "Roles of the organisations",
        "organisation": "Organisation",
        "type": "Type",
        "leads": "Leads",
        "partner_in": "Partner in",
        "workshop": "Workshop",
        "unknown": "Organisations not recognised",
        "none": "–",
        "count": "Count",
        "all_ideas": "All ideas",
        "name": "Name",
        "state": "State",
        "id": "Id",
        "related_projects": "Related mapped projects",
        "related_ideas": "Overlapping drafts at other tables",
        "similarity": "similarity",
        "damaged": "Damaged",
        "damaged_note": (
            "Some of this idea's saved changes did not load; they are kept apart. "
            "The text may be incomplete."
        ),
        "yes": "yes",
    },
}


class Labels:
    """Headings, field labels and translated type and helix names in one language."""

    def __init__(self, language: str) -> None:
        self.language = language if language in LANGUAGES else "fi"
        self._headings = HEADINGS[self.language]
        self.gettext = gettext_for(self.language)

    def __getitem__(self, key: str) -> str:
        return self._headings[key]

    def org_type(self, key: str) -> str:
        from workshop.orgtypes import ORG_TYPE_BY_KEY

        known = ORG_TYPE_BY_KEY.get(key)
        return self.gettext(known.label) if known else key

    def helix(self, key: str) -> str:
        from workshop.orgtypes import HELIX_LABELS

        return self.gettext(HELIX_LABELS[key]) if key in HELIX_LABELS else key

    def helixes(self, keys) -> str:
        return ", ".join(self.helix(k) for k in keys) or self["none"]

    def score(self, value: float) -> str:
        """Return a similarity score with two decimals ("0,61" in Finnish)."""
        text = f"{value:.2f}"
        return text.replace(".", ",") if self.language == "fi" else text

    def related_project(self, project) -> str:
        """Return "Title – organisation, period (similarity 0,61)" of a RelatedProject."""
        where = ", ".join(x for x in (project.organisation, project.period) if x.strip())
        return (
            f"{project.title}{f' – {where}' if where else ''}"
            f" ({self['similarity']} {self.score(project.score)})"
        )

    def related_idea(self, idea) -> str:
        """Return "Title – Table 2.1, priority (similarity 0,58)" of a RelatedIdea."""
        where = ", ".join(
            x for x in (f"{self['table']} {idea.table}" if idea.table else "", idea.priority) if x
        )
        title = idea.title or f"#{idea.id}"
        return (
            f"{title}{f' – {where}' if where else ''}"
            f" ({self['similarity']} {self.score(idea.score)})"
        )
