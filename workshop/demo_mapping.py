"""The demo's project mapping: a small pre-event survey of running and planned projects in
Lapland, imported through the same preview-and-save path as a facilitator's file, so that
drafts at the demo tables meet overlap hints. No Flask here; callers commit.
"""

import sqlalchemy as sa
from sqlalchemy.orm import Session

from workshop import mapping
from workshop.models import MappedProject

SOURCE_FILE = "demo-hankekartoitus.csv"

SURVEY = """\
Hankkeen nimi;Kuvaus;Organisaatio;Painopiste;Aikataulu;Rahoitus;Tila
Testausympäristöt kylmissä olosuhteissa;Rakennetaan pk-yrityksille avoimia testausympäristöjä, joissa ajoneuvoja ja laitteita testataan kylmissä ja lumisissa olosuhteissa.;Lapin ammattikorkeakoulu;Testaus ja kylmäosaaminen;2024–2026;EAKR;käynnissä
Arktisen testauksen kansainvälistäminen;Testausyritysten vienti ja asiakashankinta Keski-Euroopassa yhteisen palvelumallin avulla.;Business Finland ja Lapin testausyritykset;Testaus ja kylmäosaaminen;2025–2027;Business Finland;suunnitteilla
Dronejen talvitestausalue;Miehittämättömien ilma-alusten akkujen ja antureiden testausalue pakkasolosuhteissa Sodankylässä.;Sodankylän kunta;Testaus ja kylmäosaaminen;2025–2026;JTF;suunnitteilla
Kestävän matkailun mittaristo;Matkailuyrityksille yhteinen vastuullisuuden mittaristo ja sertifiointipolku Lapissa.;Lapin liitto;Arktinen matkailu ja elämystalous;2023–2025;EAKR;käynnissä
Esteetön luontomatkailu kansallispuistoissa;Esteettömät reitit ja palvelut liikuntarajoitteisille matkailijoille Lapin kansallispuistoissa.;Metsähallitus;Arktinen matkailu ja elämystalous;2024–2026;EAKR;käynnissä
Kausityöntekijöiden asuminen matkailukeskuksissa;Kohtuuhintaiset asunnot ja majoitus kausityöntekijöille tunturikeskuksissa.;Kittilän kunta;Arktinen matkailu ja elämystalous;2025–2027;ARA;suunnitteilla
Poronlihan jalostus ja suoramyynti;Poronlihan jatkojalostus ja suoramyynti ravintoloille, lyhyet arvoketjut.;Paliskuntain yhdistys;Luonnonvarojen kestävä jalostus;2024–2026;Maaseuturahasto;käynnissä
Luonnontuotealan arvoketjut;Marjojen ja luonnontuotteiden keruun logistiikka ja tuotekehitys pienyrityksille.;Luonnonvarakeskus;Luonnonvarojen kestävä jalostus;2023–2025;EAKR;käynnissä
Kaivosvesien puhdistus;Kaivosten jätevesien puhdistusmenetelmät ja vedenlaadun jatkuva seuranta alajuoksulla.;Lapin yliopisto;Luonnonvarojen kestävä jalostus;2024–2027;Horisontti Eurooppa;käynnissä
Vihreän vedyn tuotanto Kemi-Torniossa;Vedyn tuotannon ja varastoinnin pilotti teollisuuden tarpeisiin Kemi-Tornion alueella.;Digipolis;Puhdas energia ja vihreä siirtymä;2025–2028;JTF;suunnitteilla
Energiayhteisöt kyliin;Kylien aurinkosähköä jakavat energiayhteisöt ja niiden toimintamalli.;Lapin energiatoimisto;Puhdas energia ja vihreä siirtymä;2024–2026;EAKR;käynnissä
Kuntien kiinteistöjen energiaremontit;Lämpöpumput ja energiaremontit pienten kuntien kiinteistöihin.;Kuntaliitto;Puhdas energia ja vihreä siirtymä;2025–2027;RRF;suunnitteilla
"""


def ensure_demo_mapping(session: Session, strategy: str, owner_id: int | None) -> int:
    """Import the demo survey into `strategy` unless that strategy has mapped projects;
    return how many projects were added."""
    has_projects = session.scalar(
        sa.select(sa.func.count())
        .select_from(MappedProject)
        .where(MappedProject.strategy == strategy)
    )
    if has_projects:
        return 0
    preview = mapping.preview(SURVEY.encode(), SOURCE_FILE)
    return len(mapping.save(session, preview, strategy, owner_id, SOURCE_FILE))
