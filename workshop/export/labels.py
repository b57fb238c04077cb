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
