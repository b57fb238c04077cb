"""A Finnish–English glossary of the terms regional development projects in Lapland use,
so that an English draft and a Finnish project (or the other way round) can be compared
by the concepts they name. Character n-grams cannot do that: the languages share none.

Each line: concept | Finnish stems | English stems. A Finnish stem matches anywhere in a
word (Finnish compounds: "kylmätestausympäristö" names cold, testing and environment)
unless it starts with "^" (word start only). An English stem matches at a word's start
unless it ends with "$" (the whole word only). Stems are lowercase. No Flask here.

Written from the themes of Lapland's smart specialisation strategy (arctic testing,
tourism, bioeconomy, mining, energy, reindeer husbandry, digitalisation, education,
transport, culture, health, environment); measured in docs/overlap.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

WORD = re.compile(r"[\w-]+")

GLOSSARY = """
arctic | arktis, arktin, ^pohjoi | arctic, north, subarctic, boreal
cold | kylmä, pakkas, pakkane, ^talv, ^jää | cold, winter, frost, freez, sub-zero, subzero, ice$, icy, snow
snow | ^lumi, ^lume, ^lun, lumet | snow
test | testa, testi, koeala, koekäy | test, trial$, trials$, proving
vehicle | ajoneuvo, ^autoj, autoval, ^autoil, ^rekka | vehicle, car$, cars$, truck, automotive
drone | drooni, miehittämät, lennokki | drone, unmanned, uav
battery | akku | batter
mineral | minerali, malmi, ^litium | mineral, ore$, ores$, lithium
mine | kaivos, kaivok | mine$, mines$, mining, miner$, miners$
exploration | ^etsin, malminetsi | exploration, prospect
geophysics | geofysi | geophysic
water | vesi, vede, vett, vesie, vesis, veden, vesiä, vesist | water
wastewater | jätevesi, jätevede, jätevesie, viemär | wastewater, sewage, sewer
treatment | puhdist, käsittel | treatment, treat$, purif
monitoring | seurant, seuranna, seurata, ^monitor, mittaus, valvon, havainno | monitor, measur, observ, tracking
quality | laatu, ^laadu | quality
environment | ympäristö | environment, ecolog
nature | ^luonno, ^luonto, ^luontai | nature, natural, wild$, wilderness
national_park | kansallispuist | national park
tourism | matkail, turis, ^turist | touris, travel, visitor, hospitality
resort | matkailukeskus, hiihtokeskus, tunturikeskus | resort, ski$, skiing
fell | ^tunturi, ^tunturei | fell$, fells$, fjeld
accessibility | ^esteet, saavutettav | accessib, disabilit, barrier-free, wheelchair
route | ^reitti, ^reiti, ^reitt, ^polku, ^polu | route, trail, path
service | palvelu | service
product | ^tuote, ^tuottee, tuotekehit | product
product_development | tuotekehit | product development
certification | sertifi, merkin | certif, label$, labelling
sustainable | kestäv, ^vastuulli | sustainab, responsib
indicator | mittari, indikaat | indicator, metric
berry | ^marja, marjoj | berr
natural_products | luonnontuot, ^keruu, ^keru, ^poimi, poiminta | natural product, forag, pick
food | ^ruoka, ^ruoa, elintarvi, ^ruuan, ^lähiruo | food, cuisine
local_food | lähiruo | local food, local produce
restaurant | ravintol | restaurant
reindeer | ^poro, ^poroj | reindeer
meat | liha | meat
processing | jalost, jalostu | process, refin, upgrad
direct_sales | suoramyyn | direct sale
value_chain | arvoketju, ^ketju | value chain, supply chain
sami | ^saame, ^saamel | sámi, sami, saami, indigenous
culture | kulttuur, ^perinn, ^perinte | cultur, heritage, tradition
creative | luova, luovat, ^taide, ^taitee, taiteilij, ^muotoil | creative, art$, arts$, artist, design
forest | ^metsä, ^puun, ^puuta, puutuot, ^puura, ^puurak | forest, timber, wood
bioeconomy | biotalou, biomass, ^bio | bioeconom, biomass, bio-based, biobased
circular | kiertotalou, kierrät, ^uusiokäy, ^sivuvir | circular, recycl, reuse, side stream, by-product
construction | ^rakennus, ^rakenta, ^rakennu | construction, building
waste | ^jäte, ^jättei, ^jätte | waste
energy | ^energi | energ
renewable | uusiutuv | renewab
solar | aurinko, aurinkos | solar, photovolta
wind | tuulivoim, ^tuuli | wind
hydrogen | vety, ^vedy | hydrogen
heat | lämpö, lämmi, ^lämmö | heat, thermal
heat_pump | lämpöpump | heat pump
renovation | remont, korjausra, peruskorja, saneera | renovat, retrofit, refurbish
efficiency | tehokku, ^tehosta, säästö | efficien, saving
community | yhteisö | communit
village | ^kylä, ^kyli, maaseu | village, rural, countryside
municipality | ^kunt, ^kunn | municipal, local government
property | kiinteistö | propert, premises, facilit
broadband | valokuitu, laajakaista, ^kuitu, tietoliikenne | broadband, fibre, fiber, connectivity
operator | operaattor | operator
digital | ^digi, sähköi | digital, electronic, online
data | ^data, ^tieto, ^tiedo | data
platform | ^portaal, ^alustan, ^alustat | platform, portal
digital_twin | kaksos, kaksone | digital twin, twin$
artificial_intelligence | tekoäly, koneoppi | artificial intelligence, ai$, machine learning
satellite | satelliit, ^avaruu, kaukokartoi | satellit, space$, remote sensing, earth observation
education | koulutu, ^koulu, oppilaitok, ^opetu, ^opetta, ^opisk, ^oppi | educat, school, teach, student, learn, training
vocational | ammatilli, ammattiop, ammattikoulu | vocational
upper_secondary | lukio, ^lukiol | upper secondary, high school, sixth form
university | yliopist, korkeakoul, ammattikorkea | universit, higher education, polytechnic
research | ^tutki, tutkimu | research, study, studies, scientif
workplace_learning | työssäoppi, työpaikalla, oppisopim | work-based, workplace learning, apprentice, on-the-job
remote | ^etä, ^etäo, ^etäy | remote, distance, tele
young_people | ^nuor | young, youth, adolescent
mental_health | mielenterv, psykiat, ^mielen | mental health, psychiatr, wellbeing
health | terve, ^hoito, ^hoido, ^sote, ^lääkä | health, care$, medical, clinic
welfare | hyvinvoin, sosiaalipal | welfare, wellbeing, well-being, social service
elderly | ikäänty, ^vanhu, ^ikäihmi | elderly, older people, senior, ageing, aging
video | ^video, ^videoy | video
transport | liikentee, liikenne, kuljetu, ^logisti | transport, logistic, freight, shipping, haul
railway | rautatie, ^rata, ^radan, junarata | rail, train$, trains$
airport | lentoase, lentokent, lentoliiken, ^lento, ^lenno | airport, flight, aviation, air traffic
road | ^tiet, ^tiest, ^teide, tieverk, maantie | road, highway
port | satama | port$, ports$, harbour, harbor
corridor | käytävä | corridor
barents | barents | barents
cross_border | ^raja, ^ruotsi, ^norja | cross-border, border, sweden, swedish, norway, norwegian
export | ^vien, ^vient, kansainvälist, kansainvälis | export, international, foreign market
company | yrity, ^yrittä, ^pk-yri | compan, business, firm$, firms$, enterprise, sme$, smes$, start-up, startup
entrepreneur | yrittäj | entrepreneur
employment | työllis, työvoim, ^rekry, työntekijä, ^työpaik | employ, labour, labor, workforce, recruit, worker, jobs$, job$
seasonal | kausi, sesong | seasonal
housing | asumi, asunno, ^asunt, majoitu | housing, accommodation, home$, homes$, dwelling, lodging
population | väestö, ^asukka, ^muutto, ^pito, ^paluumu | population, resident, retention, migration, inhabitant
security | turvallisuu, ^varautum, valmius, ^pelastu | security, safety, preparedness, rescue, emergency
cluster | klusteri, ^verkosto | cluster, network
innovation | innovaati, ^kehittämi | innovat
pilot | pilot, kokeilu | pilot, experiment
investment | investoin, ^rahoitu | invest, fund
hub | keskittymä, keskukse | hub$, centre, center
marketing | markkinoi, ^brändi | marketing, brand, promot
event | tapahtum | event
northern_lights | revontul | northern lights, aurora
climate | ilmasto, ^hiili, hiilineutr, päästö | climate, carbon, emission
biodiversity | monimuotoisuu | biodiversit
fishing | ^kalastu, ^kala | fish
agriculture | maatalou, ^viljel | agricultur, farm
""".strip()


def _parse(text: str) -> list[tuple[str, list[str], list[str]]]:
    entries = []
    for line in text.splitlines():
        concept, finnish, english = (part.strip() for part in line.split("|"))
        entries.append(
            (
                concept,
                [s.strip() for s in finnish.split(",") if s.strip()],
                [s.strip() for s in english.split(",") if s.strip()],
            )
        )
    return entries


FINNISH_MARKERS = frozenset(
    [
        "ja",
        "sekä",
        "että",
        "ei",
        "joka",
        "jotka",
        "jossa",
        "kanssa",
        "ovat",
        "myös",
        "tai",
        "mutta",
        "kuten",
        "jotta",
        "sekä",
        "varten",
        "kautta",
        "avulla",
        "osalta",
    ]
)
ENGLISH_MARKERS = frozenset(
    [
        "the",
        "and",
        "of",
        "for",
        "to",
        "in",
        "with",
        "a",
        "an",
        "is",
        "are",
        "by",
        "from",
        "at",
        "as",
        "this",
        "that",
        "their",
        "our",
        "we",
    ]
)


@dataclass(frozen=True)
class Tables:
    """Stem → concept, by language and by how the stem may match."""

    finnish_anywhere: dict[str, str]
    finnish_start: dict[str, str]
    english_prefix: dict[str, str]
    english_word: dict[str, str]

    def lengths(self, table: dict[str, str]) -> list[int]:
        return sorted({len(stem) for stem in table}, reverse=True)


@lru_cache(maxsize=1)
def tables() -> Tables:
    built = Tables({}, {}, {}, {})
    for concept, finnish, english in _parse(GLOSSARY):
        for stem in finnish:
            if stem.startswith("^"):
                built.finnish_start[stem[1:]] = concept
            else:
                built.finnish_anywhere[stem] = concept
        for stem in english:
            if stem.endswith("$"):
                built.english_word[stem[:-1]] = concept
            else:
                built.english_prefix[stem] = concept
    return built


def language(text: str) -> str:
    """Return "fi" or "en": the language whose common words or letters the text has more of."""
    words = WORD.findall(text.lower())
    finnish = sum(w in FINNISH_MARKERS for w in words) + sum(text.count(c) for c in "äöÄÖ")
    english = sum(w in ENGLISH_MARKERS for w in words)
    return "fi" if finnish >= english else "en"


def concepts(text: str, lang: str | None = None) -> list[str]:
    """Return the glossary concepts a text names (with repeats)."""
    lang = lang or language(text)
    words = WORD.findall(text.lower())
    return _finnish(words) if lang == "fi" else _english(words)


def _longest(table: dict[str, str], lengths: list[int], text: str, start: int) -> int:
    """Return the length of the longest stem of `table` at `start` of `text` (0: none)."""
    for length in lengths:
        if length <= len(text) - start and text[start : start + length] in table:
            return length
    return 0


def _finnish(words: list[str]) -> list[str]:
    """Stems anywhere in a word (compound parts), leftmost and longest, not overlapping."""
    t = tables()
    anywhere, start_only = t.lengths(t.finnish_anywhere), t.lengths(t.finnish_start)
    found = []
    for word in words:
        i = 0
        while i < len(word):
            at_start = _longest(t.finnish_start, start_only, word, i) if i == 0 else 0
            inside = _longest(t.finnish_anywhere, anywhere, word, i)
            if at_start > inside:
                found.append(t.finnish_start[word[:at_start]])
                i += at_start
            elif inside:
                found.append(t.finnish_anywhere[word[i : i + inside]])
                i += inside
            else:
                i += 1
    return found


def _english(words: list[str]) -> list[str]:
    """Stems at a word's start (or whole words), two-word terms first."""
    t = tables()
    prefixes = t.lengths(t.english_prefix)
    found, i = [], 0
    while i < len(words):
        pair = f"{words[i]} {words[i + 1]}" if i + 1 < len(words) else ""
        if pair and (length := _longest(t.english_prefix, prefixes, pair, 0)) > len(words[i]):
            found.append(t.english_prefix[pair[:length]])
            i += 2
            continue
        word = words[i]
        if word in t.english_word:
            found.append(t.english_word[word])
        elif length := _longest(t.english_prefix, prefixes, word, 0):
            found.append(t.english_prefix[word[:length]])
        i += 1
    return found
