"""The few fixed headings of the exported documents, in Finnish, Swedish and English. Field labels
come from the workshop's template; organisation types and helixes from the catalogues."""

from workshop.catalogues import gettext_for

LANGUAGES = ("fi", "sv", "en")

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
        "helixes": "Mukana olevat toimijaryhmät",
        "helixes_missing": "Puuttuvat toimijaryhmät",
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
        "strategy": "Strategia",
        "event": "Tilaisuus",
        "place": "Paikka",
        "date": "Päivämäärä",
        "organiser": "Järjestäjä",
        "orgs_by_type": "Osallistuneet organisaatiot tyypeittäin",
        "organisations_count": "Organisaatioita",
        "contents": "Sisällys",
        "page_of": "sivu %(page)s / %(pages)s",
        "page_word": "sivu",
        "status": "Tila",
        "ready": "Valmis",
        "draft": "Luonnos",
        "rank": "Sija",
        "lead": "Vastuuorganisaatio",
        "partners": "Kumppanit",
        "schedule": "Aikataulu",
        "funding": "Rahoitus",
        "budget": "Budjetti",
        "total": "Yhteensä",
        "budgets_read": "%(read)s / %(all)s budjetista luettavissa summaksi",
        "by_funding": "Budjetit rahoituslähteittäin",
        "no_funding": "(rahoitus ei tiedossa)",
        "ranked_note": "Aihiot on järjestetty äänimäärän mukaan.",
        "ordered_note": "Aihiot ovat fasilitaattorin vahvistamassa järjestyksessä.",
        "annex_empty": "Liite: sisällöttä jääneet aihiot",
        "annex_empty_note": "Näihin aihioihin kirjoitettiin vain otsikko; ne eivät ole mukana suunnitelmassa.",
        "annex_people": "Liite: osallistujat",
        "diversity_note": (
            "Toimijaryhmät kertovat, keiden ääni aihioissa kuuluu: yritykset, tutkimus ja "
            "koulutus, julkinen sektori sekä kansalaisyhteiskunta (niin sanottu "
            "nelikantamalli). Aihio on sitä vahvempi, mitä useampi ryhmä on mukana."
        ),
        "print": "Tulosta tai tallenna PDF:ksi",
        "back": "Takaisin työpajaan",
        "archived": "Arkistoitu",
        "merged_into": "Yhdistetty aihioon %(id)s",
        "follow_up": "Toteutuksen seuranta",
        "follow_up_of": "Toteutuksen seuranta: %s",
        "follow_up_note": (
            "Hankeaihiot kaikista strategian tilaisuuksista ja mitä niistä on tullut: tila, "
            "vastuuorganisaatio, seuraava askel ja sen määräaika, haettu rahoitus ja hanke, "
            "joksi aihio on muuttunut."
        ),
        "made_on": "Laadittu",
        "next_step": "Seuraava askel",
        "due": "Määräaika",
        "funding_instrument": "Rahoitusinstrumentti",
        "mapped_project": "Hanke, joksi aihio muuttui",
        "source": "Syntyi",
        "carried_from": "Siirretty tilaisuudesta",
        "by_status": "Aihiot tiloittain",
        "leading": "Vastuuorganisaatiot",
        "nothing_moving": "Tämän painopisteen aihioista mikään ei etene.",
        "other_priorities": "Muut painopisteet",
        "events": "Tilaisuudet",
        "mapped_projects": "Kartoitetut hankkeet",
        "absent": "Poissa painopisteistä",
        "strategy_roles": "Organisaatioiden roolit koko strategiassa",
        "strategy_roles_sheet": "Roolit strategiassa",
        "in_strategy": "Koko strategiassa",
        "back_board": "Takaisin seurantaan",
        "follow_up_file": "seuranta",
        "plan_file": "suunnitelma",
        "data_file": "aihiot",
        "export_file": "vienti",
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
        "helixes": "Sectors taking part",
        "helixes_missing": "Sectors missing",
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
        "strategy": "Strategy",
        "event": "Event",
        "place": "Place",
        "date": "Date",
        "organiser": "Organiser",
        "orgs_by_type": "Organisations taking part, by type",
        "organisations_count": "Organisations",
        "contents": "Contents",
        "page_of": "page %(page)s / %(pages)s",
        "page_word": "page",
        "status": "Status",
        "ready": "Ready",
        "draft": "Draft",
        "rank": "Rank",
        "lead": "Lead organisation",
        "partners": "Partners",
        "schedule": "Schedule",
        "funding": "Funding",
        "budget": "Budget",
        "total": "Total",
        "budgets_read": "%(read)s of %(all)s budgets could be read as amounts",
        "by_funding": "Budgets by source of funding",
        "no_funding": "(funding not known)",
        "ranked_note": "The drafts are ranked by their votes.",
        "ordered_note": "The drafts are in the order the facilitator confirmed.",
        "annex_empty": "Annex: drafts left without content",
        "annex_empty_note": "Only a title was written for these drafts; they are not part of the plan.",
        "annex_people": "Annex: participants",
        "diversity_note": (
            "The sectors show whose voice the drafts carry: businesses, research and "
            "education, the public sector and civil society (the so-called quadruple "
            "helix). A draft is the stronger the more sectors take part."
        ),
        "print": "Print or save as PDF",
        "back": "Back to the workshop",
        "archived": "Archived",
        "merged_into": "Merged into draft %(id)s",
        "follow_up": "Follow-up of the implementation",
        "follow_up_of": "Follow-up of the implementation: %s",
        "follow_up_note": (
            "The project ideas of all the strategy's events and what became of them: status, "
            "responsible organisation, next step and its date, funding applied for and the "
            "project the idea became."
        ),
        "made_on": "Made on",
        "next_step": "Next step",
        "due": "Due",
        "funding_instrument": "Funding instrument",
        "mapped_project": "The project it became",
        "source": "Came from",
        "carried_from": "Carried from",
        "by_status": "Ideas by status",
        "leading": "Organisations leading",
        "nothing_moving": "None of this priority's ideas is moving.",
        "other_priorities": "Other priorities",
        "events": "Events",
        "mapped_projects": "Mapped projects",
        "absent": "Absent from priorities",
        "strategy_roles": "Roles of the organisations across the strategy",
        "strategy_roles_sheet": "Roles in the strategy",
        "in_strategy": "Across the strategy",
        "back_board": "Back to the follow-up",
        "follow_up_file": "follow-up",
        "plan_file": "plan",
        "data_file": "ideas",
        "export_file": "export",
    },
    "sv": {
        "plan": "Genomförandeplan",
        "plan_of": "Genomförandeplan: %s",
        "intro": "Inledning",
        "tables": "Bord",
        "org_mix": "Deltagarnas organisationer efter typ",
        "participants": "Deltagare",
        "ideas": "Projektidéer",
        "idea": "Projektidé",
        "priority": "Prioritering",
        "table": "Bord",
        "votes": "Röster",
        "helixes": "Aktörsgrupper som deltar",
        "helixes_missing": "Aktörsgrupper som saknas",
        "summary": "Sammanfattning: åtgärder, ansvar och tidtabell",
        "who": "Vem",
        "when": "När",
        "what": "Vad",
        "organisations": "Organisationernas roller",
        "organisation": "Organisation",
        "type": "Typ",
        "leads": "Ansvarar för",
        "partner_in": "Partner i",
        "workshop": "Workshop",
        "unknown": "Organisationer som inte känts igen",
        "none": "–",
        "count": "Antal",
        "all_ideas": "Alla idéer",
        "name": "Namn",
        "state": "Status",
        "id": "Id",
        "related_projects": "Liknande kartlagda projekt",
        "related_ideas": "Överlappande utkast vid andra bord",
        "similarity": "likhet",
        "damaged": "Skadad",
        "damaged_note": (
            "En del av idéns sparade ändringar kunde inte läsas in; de förvaras separat. "
            "Texten kan vara ofullständig."
        ),
        "yes": "ja",
        "strategy": "Strategi",
        "event": "Evenemang",
        "place": "Plats",
        "date": "Datum",
        "organiser": "Arrangör",
        "orgs_by_type": "Deltagande organisationer efter typ",
        "organisations_count": "Organisationer",
        "contents": "Innehåll",
        "page_of": "sida %(page)s / %(pages)s",
        "page_word": "sida",
        "status": "Status",
        "ready": "Färdig",
        "draft": "Utkast",
        "rank": "Plats",
        "lead": "Ansvarig organisation",
        "partners": "Partner",
        "schedule": "Tidtabell",
        "funding": "Finansiering",
        "budget": "Budget",
        "total": "Totalt",
        "budgets_read": "%(read)s av %(all)s budgetar kunde läsas som belopp",
        "by_funding": "Budgetar efter finansieringskälla",
        "no_funding": "(finansieringen okänd)",
        "ranked_note": "Utkasten är ordnade efter antalet röster.",
        "ordered_note": "Utkasten är i den ordning som facilitatorn har bekräftat.",
        "annex_empty": "Bilaga: utkast som blev utan innehåll",
        "annex_empty_note": "För dessa utkast skrevs bara en rubrik; de ingår inte i planen.",
        "annex_people": "Bilaga: deltagare",
        "diversity_note": (
            "Aktörsgrupperna visar vems röst utkasten bär: företag, forskning och "
            "utbildning, den offentliga sektorn och civilsamhället (den så kallade "
            "fyrfaldiga helixen). Ett utkast är desto starkare ju fler grupper som deltar."
        ),
        "print": "Skriv ut eller spara som PDF",
        "back": "Tillbaka till workshoppen",
        "archived": "Arkiverad",
        "merged_into": "Sammanslagen med utkast %(id)s",
        "follow_up": "Uppföljning av genomförandet",
        "follow_up_of": "Uppföljning av genomförandet: %s",
        "follow_up_note": (
            "Projektidéerna från alla strategins evenemang och vad som blev av dem: status, "
            "ansvarig organisation, nästa steg och dess datum, sökt finansiering och det "
            "projekt som idén blev."
        ),
        "made_on": "Skapad",
        "next_step": "Nästa steg",
        "due": "Senast",
        "funding_instrument": "Finansieringsinstrument",
        "mapped_project": "Projektet som idén blev",
        "source": "Uppkom vid",
        "carried_from": "Överförd från",
        "by_status": "Idéer efter status",
        "leading": "Ledande organisationer",
        "nothing_moving": "Ingen av denna prioriterings idéer går framåt.",
        "other_priorities": "Övriga prioriteringar",
        "events": "Evenemang",
        "mapped_projects": "Kartlagda projekt",
        "absent": "Saknas i prioriteringarna",
        "strategy_roles": "Organisationernas roller i hela strategin",
        "strategy_roles_sheet": "Roller i strategin",
        "in_strategy": "I hela strategin",
        "back_board": "Tillbaka till uppföljningen",
        "follow_up_file": "uppfoljning",
        "plan_file": "plan",
        "data_file": "ideer",
        "export_file": "export",
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

    def state(self, state: str) -> str:
        """Return an idea's state as a word of the language ("Valmis", "Luonnos")."""
        return self._headings.get(state, state)

    def follow_up_status(self, key: str) -> str:
        """Return a follow-up status ("funded") as a word of the language ("Rahoitettu")."""
        from workshop.process.follow_up import STATUS_LABELS

        return self.gettext(STATUS_LABELS[key]) if key in STATUS_LABELS else key

    def page_of(self, page: str, pages: str) -> str:
        return self._headings["page_of"] % {"page": page, "pages": pages}

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
        return text.replace(".", ",") if self.language in ("fi", "sv") else text

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
