"""A synthetic pool with realistic skew, for benchmarks (never for the demo).

``generate(professionals, cases)`` returns a whole ``kernteamdb/1`` document as
a Python dict, deterministic by ``seed`` and ``today``:

- a taxonomy of 13 domains x 5 areas (``d01``, ``d01-a01`` ...) with Dutch
  labels, English labels and two synonyms per area;
- about ``professionals / 50`` organisations: specialised (line 2, one domain
  each), first-line (welzijn, maatschappelijk werk, huisartsen) and informal
  resources (line 0, no staff), sized with a Zipf-like skew;
- a wijkteam and a kernteam per wijk (14 wijken of 's-Hertogenbosch, more
  kernteams in big pools), a netwerk per domain, three expertiseteams and a
  triage team;
- professionals: ~30% wijkwerkers with broad level 1-2 claims in their
  wijk's wijkteam; the rest specialists with 1-4 claims (mostly within one
  domain) whose areas follow a Zipf-like popularity, 40 hours per half year,
  working in the wijken near their home wijk; 2-8 ``knows`` links, mostly in
  the same wijk or organisation; ~3% inactive (they leave on some day and take
  part in no case after it); profiles confirmed over the last two years;
- cases over the last three years, more recent ones more frequent (the way
  of working spreads), on weekdays mostly: a requesting wijkteam or kernteam,
  1-3 areas drawn with the Zipf skew (often from one domain), a regie
  wijkwerker from the requesting wijk, a triage participant for triage cases,
  and 1-3 specialists drawn by preferential attachment among those claiming
  the area (busy people get busier, with a preference for those working in
  the case's wijk), hours 0.5-8, outcomes for closed cases.

Every reference resolves and every record passes the exchange validation.

    python devkit/synthetic.py --professionals 10000 --cases 100000 --out pool.json
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import statistics
import sys
import time
from bisect import bisect
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

#: Bump when the output for a given seed changes (the benchmarks cache by it).
VERSION = 2

#: Per domain: label, English label, job titles of its specialists, the kind of
#: organisation that employs them, and five areas (label, English, 2 synonyms).
Area = tuple[str, str, str, str]
DOMAINS: tuple[tuple[str, str, tuple[str, ...], str, tuple[Area, ...]], ...] = (
    ("Ouderen en dementie", "Older people and dementia",
     ("casemanager dementie", "wijkverpleegkundige", "specialist ouderengeneeskunde"), "VVT", (
         ("Dementie", "Dementia", "geheugenproblemen", "Alzheimer"),
         ("Valpreventie", "Fall prevention", "vallen", "mobiliteit ouderen"),
         ("Mantelzorgondersteuning", "Carer support", "mantelzorg", "overbelaste mantelzorger"),
         ("Palliatieve zorg", "Palliative care", "levenseinde", "terminale zorg"),
         ("Ouderenmishandeling", "Elder abuse", "financiele uitbuiting ouderen",
          "ontspoorde zorg"),
     )),
    ("Psychische gezondheid", "Mental health",
     ("sociaal psychiatrisch verpleegkundige", "praktijkondersteuner GGZ", "psycholoog"), "GGZ", (
         ("Depressie", "Depression", "somberheid", "neerslachtigheid"),
         ("Angst", "Anxiety", "angststoornis", "paniekaanvallen"),
         ("Psychose", "Psychosis", "verward gedrag", "wanen"),
         ("Suicidepreventie", "Suicide prevention", "suicidaliteit", "doodsgedachten"),
         ("Trauma", "Trauma", "PTSS", "traumaverwerking"),
     )),
    ("Verslaving", "Addiction",
     ("verslavingsarts", "preventiewerker verslaving", "ervaringsdeskundige"), "verslavingszorg", (
         ("Alcohol", "Alcohol", "alcoholverslaving", "drankprobleem"),
         ("Drugs", "Drugs", "cocaine", "cannabis"),
         ("Gokken", "Gambling", "gokverslaving", "kansspelen"),
         ("Medicatieafhankelijkheid", "Medication dependence", "slaapmiddelen", "pijnstillers"),
         ("Gameverslaving", "Gaming addiction", "gamen", "schermtijd"),
     )),
    ("Jeugd en gezin", "Youth and family",
     ("jeugdconsulent", "gezinscoach", "jeugdverpleegkundige"), "jeugdzorg", (
         ("Opvoedondersteuning", "Parenting support", "opvoedvragen", "pedagogische hulp"),
         ("Schoolverzuim", "School absenteeism", "thuiszitters", "leerplicht"),
         ("Scheiding", "Divorce", "vechtscheiding", "ouderschapsplan"),
         ("Jongerenoverlast", "Youth nuisance", "hangjongeren", "jeugdcriminaliteit"),
         ("Jonge mantelzorgers", "Young carers", "zorgende kinderen", "jonge zorgers"),
     )),
    ("Geld en schulden", "Money and debt",
     ("schuldhulpverlener", "budgetcoach", "bewindvoerder"), "schuldhulpverlening", (
         ("Schulden", "Debt", "schuldhulpverlening", "betalingsachterstanden"),
         ("Armoede", "Poverty", "minimaregelingen", "voedselbank"),
         ("Beschermingsbewind", "Financial guardianship", "bewind", "budgetbeheer"),
         ("Toeslagen", "Benefits and allowances", "kinderopvangtoeslag", "huurtoeslag"),
         ("Inkomensondersteuning", "Income support", "bijstand", "uitkering"),
     )),
    ("Veiligheid", "Safety",
     ("aandachtsfunctionaris huiselijk geweld", "casusregisseur", "buurtbemiddelaar"),
     "Veilig Thuis", (
         ("Huiselijk geweld", "Domestic violence", "partnergeweld", "Veilig Thuis"),
         ("Kindermishandeling", "Child abuse", "meldcode", "kinderverwaarlozing"),
         ("Mensenhandel", "Human trafficking", "uitbuiting", "loverboys"),
         ("Radicalisering", "Radicalisation", "extremisme", "polarisatie"),
         ("Woonoverlast", "Neighbour nuisance", "burenruzie", "buurtbemiddeling"),
     )),
    ("Beperking", "Disability",
     ("LVB-consulent", "NAH-consulent", "cliëntondersteuner"), "gehandicaptenzorg", (
         ("Licht verstandelijke beperking", "Mild intellectual disability", "LVB",
          "zwakbegaafdheid"),
         ("Niet-aangeboren hersenletsel", "Acquired brain injury", "NAH", "hersenletsel"),
         ("Autisme", "Autism", "ASS", "autismespectrum"),
         ("Lichamelijke beperking", "Physical disability", "rolstoel", "hulpmiddelen"),
         ("Zintuiglijke beperking", "Sensory impairment", "slechtziend", "slechthorend"),
     )),
    ("Wonen", "Housing",
     ("woonconsulent", "ambulant woonbegeleider", "huisuitzettingspreventie"),
     "woningcorporatie", (
         ("Dakloosheid", "Homelessness", "thuisloos", "zwerfjongeren"),
         ("Huisuitzetting", "Eviction", "huurachterstand", "ontruiming"),
         ("Vervuilde woning", "Squalor", "verzamelwoede", "hoarding"),
         ("Woningaanpassing", "Home adaptation", "traplift", "aangepaste woning"),
         ("Beschermd wonen", "Sheltered housing", "begeleid wonen", "RIBW"),
     )),
    ("Werk en meedoen", "Work and participation",
     ("jobcoach", "participatiecoach", "taalcoach"), "re-integratie", (
         ("Re-integratie", "Return to work", "werk zoeken", "arbeidstoeleiding"),
         ("Dagbesteding", "Day activities", "zinvolle dagbesteding", "activering"),
         ("Vrijwilligerswerk", "Volunteering", "meedoen", "participatie"),
         ("Laaggeletterdheid", "Low literacy", "lezen en schrijven", "taalachterstand"),
         ("Inburgering", "Civic integration", "statushouders", "nieuwkomers"),
     )),
    ("Gezondheid", "Health",
     ("praktijkondersteuner", "leefstijlcoach", "apotheker"), "huisartsenzorg", (
         ("Chronische ziekte", "Chronic illness", "diabetes", "COPD"),
         ("Leefstijl", "Lifestyle", "overgewicht", "bewegen"),
         ("Medicatiegebruik", "Medication use", "therapietrouw", "medicijnen"),
         ("Zorgmijding", "Care avoidance", "zorgmijders", "geen hulp willen"),
         ("Slaapproblemen", "Sleep problems", "slapeloosheid", "nachtrust"),
     )),
    ("Sociaal netwerk", "Social network",
     ("welzijnswerker", "geestelijk verzorger", "buurtsportcoach"), "welzijn", (
         ("Eenzaamheid", "Loneliness", "sociaal isolement", "alleen zijn"),
         ("Rouw", "Grief", "verlies", "overlijden partner"),
         ("Zingeving", "Meaning of life", "levensvragen", "spiritualiteit"),
         ("Burenhulp", "Neighbourly help", "informele zorg", "buurtnetwerk"),
         ("Maatjesprojecten", "Buddy schemes", "maatje", "buddy"),
     )),
    ("Justitie", "Justice",
     ("reclasseringswerker", "jeugdbeschermer", "nazorgcoordinator"), "reclassering", (
         ("Nazorg detentie", "Aftercare after detention", "ex-gedetineerden", "terugkeer"),
         ("Jeugdbescherming", "Child protection", "ondertoezichtstelling", "gezinsvoogd"),
         ("Reclassering", "Probation", "reclasseringstoezicht", "taakstraf"),
         ("Slachtofferhulp", "Victim support", "slachtoffer", "aangifte"),
         ("Ondermijning", "Subversive crime", "drugscriminaliteit", "witwassen"),
     )),
    ("Regelzaken en toegang", "Arrangements and access",
     ("Wmo-consulent", "cliëntondersteuner", "sociaal raadslid"), "gemeente", (
         ("Wmo-aanvraag", "Social support application", "Wmo", "maatwerkvoorziening"),
         ("Wlz-indicatie", "Long-term care assessment", "Wlz", "CIZ"),
         ("Huishoudelijke hulp", "Domestic help", "huishouding", "schoonmaakhulp"),
         ("Vervoer", "Transport", "regiotaxi", "Wmo-vervoer"),
         ("Juridische hulp", "Legal aid", "sociaal advocaat", "Juridisch Loket"),
     )),
)

#: The 14 wijken of 's-Hertogenbosch and a rough weight for their size.
WIJKEN = (
    ("Binnenstad", 6), ("De Groote Wielen", 3), ("Empel", 3), ("Engelen", 1),
    ("Graafsepoort", 6), ("Maaspoort", 5), ("Muntel/Vliert", 4), ("Noord", 7),
    ("Rosmalen Noord", 5), ("Rosmalen Zuid", 5), ("West", 7), ("Zuidoost", 8),
    ("Nuland", 2), ("Vinkel", 1),
)
FIRST_NAMES = (
    "Anna", "Bram", "Carla", "Daan", "Eva", "Fatima", "Gijs", "Hanna", "Ilse", "Jeroen",
    "Karin", "Lars", "Mila", "Noah", "Olga", "Pieter", "Rachid", "Sanne", "Thijs", "Uma",
    "Vera", "Wouter", "Yara", "Zeynep", "Bas", "Lotte", "Mohamed", "Nina", "Ruben", "Sophie",
    "Tim", "Emma", "Koen", "Lieke", "Marco", "Naima", "Femke", "Stijn", "Joyce", "Ahmet",
)
LAST_NAMES = (
    "de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
    "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
    "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "Kok", "Jacobs",
    "El Amrani", "Yilmaz", "van Dijk", "Verhoeven", "van Erp", "Schouten", "Pronk", "Maas",
    "van Rooij", "Willems", "Koster", "Hoekstra", "Kaya", "Bouzid", "van Beek", "Timmermans",
)
LANGUAGES = (["en"], ["en"], ["en", "de"], ["tr"], ["ar"], ["pl"], ["en", "fr"], ["ti"])
WIJKWERKER_ROLES = ("wijkwerker", "maatschappelijk werker", "sociaal werker",
                    "wijkcoach", "consulent wijkteam")
FIRST_LINE_KINDS = ("welzijn", "maatschappelijk werk", "huisartsenzorg", "buurthuis")
INFORMAL_KINDS = ("vrijwilligersorganisatie", "zelfhulpgroep", "inloophuis", "buurtinitiatief")
EXPERTISETEAM_DOMAINS = (1, 2, 6)  # GGZ, verslaving, beperking (0-based domain indexes)
MODELS = ("netwerk", "expertiseteam", "triage")
MODEL_WEIGHTS = (60, 25, 15)
QUESTIONS = ("advies", "meedenken", "co-huisbezoek", "opschalen")
QUESTION_WEIGHTS = (45, 30, 18, 7)
OUTCOMES = ("zwaardere_zorg_voorkomen", "doorverwezen", "onbekend")
OUTCOME_WEIGHTS = (55, 27, 18)
AGES = ("0-11", "12-17", "18-26", "27-64", "65+")
HOUSEHOLDS = ("alleenstaand", "eenoudergezin", "paar", "gezin met kinderen", "meergeneratie",
              "anders")
#: Age bands and households by the case's first domain: youth, older people, the rest.
AGE_WEIGHTS = {3: (40, 40, 15, 5, 0), 0: (0, 0, 0, 10, 90), None: (5, 7, 18, 50, 20)}
HOUSEHOLD_WEIGHTS = {3: (0, 35, 0, 50, 10, 5), 0: (55, 0, 35, 0, 7, 3),
                     None: (40, 15, 15, 18, 5, 7)}
REGIE_HOURS = (0.5, 1.0, 1.0, 1.5, 2.0, 2.0, 3.0, 4.0)
SPECIALIST_HOURS = (0.5, 1.0, 1.0, 1.5, 2.0, 2.0, 2.5, 3.0, 4.0, 6.0, 8.0)
ZIPF_AREAS = 1.0  # exponent of area popularity (rank r has weight 1 / r**s)
ZIPF_ORGS = 0.8  # exponent of organisation size within its kind
YEARS = 3
#: Tickets a specialist gains per case, against 1-3 to start with (their level):
#: the higher, the more the busy get busier.
ATTACHMENT = 3


class Weighted:
    """Draw from a fixed list with fixed weights in O(log n)."""

    def __init__(self, items: list[Any] | tuple[Any, ...], weights: Any) -> None:
        self.items = list(items)
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def draw(self, rng: random.Random) -> Any:
        return self.items[bisect(self.cumulative, rng.random() * self.total)]


def zipf(n: int, exponent: float) -> list[float]:
    """Weights 1, 1/2**s, 1/3**s, ... for ranks 1..n."""
    return [1 / (rank + 1) ** exponent for rank in range(n)]


def slug(text: str) -> str:
    """A lower-case ASCII id part: 'Muntel/Vliert' -> 'muntel-vliert'."""
    plain = text.lower().replace("é", "e").replace("ë", "e")
    return "-".join("".join(ch if ch.isalnum() else " " for ch in plain).split())


def taxonomy() -> list[dict[str, Any]]:
    """The 13 domains and their 5 areas each, domains first within their block."""
    out: list[dict[str, Any]] = []
    for d, (label, label_en, _, _, areas) in enumerate(DOMAINS, start=1):
        domain = f"d{d:02d}"
        out.append({"id": domain, "label": label, "label_en": label_en,
                    "description": f"Domein {label.lower()}"})
        for a, (area_label, area_en, first, second) in enumerate(areas, start=1):
            out.append({"id": f"{domain}-a{a:02d}", "label": area_label, "label_en": area_en,
                        "broader": domain, "synonyms": [first, second]})
    return out


def generate(professionals: int, cases: int, seed: int = 7,
             today: date | None = None) -> dict[str, Any]:
    """A whole synthetic pool as a ``kernteamdb/1`` document (see the module docstring)."""
    if professionals < 1 or cases < 0:
        raise ValueError("need at least one professional and no negative number of cases")
    rng = random.Random(seed)
    rnd = rng.random
    today = today or date.today()
    span = YEARS * 365  # day 0 is three years ago, day ``span`` is today
    start = today - timedelta(days=span)
    iso = [(start + timedelta(days=d)).isoformat() for d in range(span + 1)]

    # --- taxonomy and its popularity ------------------------------------------------
    expertise = taxonomy()
    n_domains = len(DOMAINS)
    areas = [a["id"] for a in expertise if "broader" in a]
    domain_of = [i // 5 for i in range(len(areas))]
    by_rank = list(range(len(areas)))
    rng.shuffle(by_rank)  # which areas are popular differs by seed, spread over domains
    area_weight = [0.0] * len(areas)
    for rank, a in enumerate(by_rank):
        area_weight[a] = 1 / (rank + 1) ** ZIPF_AREAS
    popular = Weighted(range(len(areas)), area_weight)
    within = [Weighted(range(d * 5, d * 5 + 5), area_weight[d * 5:d * 5 + 5])
              for d in range(n_domains)]
    domain_popular = Weighted(range(n_domains),
                              [sum(area_weight[d * 5:d * 5 + 5]) for d in range(n_domains)])

    def related_area(first: int) -> int:
        """A further area of a need or a profile: often from the same domain."""
        return within[domain_of[first]].draw(rng) if rnd() < 0.6 else popular.draw(rng)

    # --- wijken, organisations, teams ---------------------------------------------------
    wijk_names = [w for w, _ in WIJKEN]
    wijk_slugs = [slug(w) for w in wijk_names]
    n_wijken = len(wijk_names)
    wijk_draw = Weighted(range(n_wijken), [weight for _, weight in WIJKEN])

    def nearby_wijken(home: int, extra: int) -> list[int]:
        """``home`` and ``extra`` more wijken, mostly close to it in the list."""
        chosen = {home}
        for _ in range(extra):
            if rnd() < 0.75:
                chosen.add((home + rng.randint(-2, 2)) % n_wijken)
            else:
                chosen.add(rng.randrange(n_wijken))
        return sorted(chosen)

    n_orgs = max(n_domains + 4, professionals // 50)
    organisations: list[dict[str, Any]] = []
    orgs_by_domain: list[list[int]] = [[] for _ in range(n_domains)]
    first_line: list[int] = []
    for i in range(n_orgs):
        # the first orgs guarantee every kind exists; the rest are drawn
        if i < n_domains:
            line, domain = "2", i
        elif i < n_domains + 2:
            line, domain = "1", None
        elif i < n_domains + 4:
            line, domain = "0", None
        else:
            u = rnd()
            line = "2" if u < 0.6 else "1" if u < 0.85 else "0"
            domain = domain_popular.draw(rng) if line == "2" else None
        if line == "2":
            assert domain is not None
            kind = DOMAINS[domain][3]
            offered = {within[domain].draw(rng) for _ in range(rng.randint(2, 4))}
            wijken = nearby_wijken(wijk_draw.draw(rng), 2) if rnd() < 0.3 else []
            orgs_by_domain[domain].append(i)
        elif line == "1":
            kind = FIRST_LINE_KINDS[0] if i == n_domains else rng.choice(FIRST_LINE_KINDS)
            offered = {popular.draw(rng) for _ in range(rng.randint(3, 6))}
            wijken = nearby_wijken(wijk_draw.draw(rng), rng.randint(0, 2))
            first_line.append(i)
        else:
            kind = rng.choice(INFORMAL_KINDS)
            offered = {popular.draw(rng) for _ in range(rng.randint(1, 2))}
            wijken = nearby_wijken(wijk_draw.draw(rng), rng.randint(0, 1))
        place = wijk_names[wijken[0]] if wijken else "'s-Hertogenbosch"
        org: dict[str, Any] = {"id": f"org-{i:05d}", "name": f"{kind.capitalize()} {place} {i}",
                               "kind": kind, "line": line,
                               "website": f"https://www.example.org/org-{i:05d}",
                               "phone": f"073-{i % 10_000_000:07d}"}
        if wijken:
            org["wijken"] = [wijk_names[w] for w in wijken]
        org["areas"] = sorted(areas[a] for a in offered)
        organisations.append(org)
    gemeente = f"org-{n_domains + 1:05d}"
    org_size = [Weighted(ids, zipf(len(ids), ZIPF_ORGS)) for ids in orgs_by_domain]
    first_line_size = Weighted(first_line, zipf(len(first_line), ZIPF_ORGS))

    teams: list[dict[str, Any]] = []
    for w, name in enumerate(wijk_names):
        teams.append({"id": f"wt-{wijk_slugs[w]}", "name": f"Sociaal wijkteam {name}",
                      "kind": "wijkteam", "wijk": name, "organisation": gemeente,
                      "meets": "maandag 9:00, wijkcentrum"})
    kernteams_per_wijk = max(1, professionals // 5000)
    kernteams: list[list[str]] = []
    for w, name in enumerate(wijk_names):
        ids = [f"kt-{wijk_slugs[w]}" + (f"-{k + 1}" if k else "")
               for k in range(kernteams_per_wijk)]
        kernteams.append(ids)
        for k, tid in enumerate(ids):
            teams.append({"id": tid, "name": f"Kernteam {name}" + (f" {k + 1}" if k else ""),
                          "kind": "kernteam", "wijk": name,
                          "meets": f"{('dinsdag', 'woensdag', 'donderdag')[k % 3]} 13:30"})
    for d, (label, *_) in enumerate(DOMAINS):
        teams.append({"id": f"nw-d{d + 1:02d}", "name": f"Netwerk {label.lower()}",
                      "kind": "netwerk"})
    for d in EXPERTISETEAM_DOMAINS:
        teams.append({"id": f"et-d{d + 1:02d}", "name": f"Expertiseteam {DOMAINS[d][0].lower()}",
                      "kind": "expertiseteam", "organisation": f"org-{d:05d}"})
    teams.append({"id": "tr-centraal", "name": "Triageteam 's-Hertogenbosch", "kind": "triage",
                  "organisation": gemeente, "meets": "dagelijks 11:00"})

    # --- professionals -------------------------------------------------------------------
    people: list[dict[str, Any]] = []
    home = [0] * professionals
    org_of = [0] * professionals
    wijk_mask = [0] * professionals  # bit w set: works in wijk w
    leaves = [span + 1] * professionals  # the day an inactive professional left
    workers_by_wijk: list[list[int]] = [[] for _ in range(n_wijken)]
    tickets: list[list[int]] = [[] for _ in areas]  # preferential attachment, per area
    triage: list[int] = []
    for i in range(professionals):
        w = wijk_draw.draw(rng)
        home[i] = w
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        person: dict[str, Any] = {"id": f"p-{i:06d}", "name": f"{first} {last}"}
        if rnd() < 0.3:  # wijkwerker: generalist in the wijkteam of their wijk
            org = first_line_size.draw(rng)
            wijken = nearby_wijken(w, 1 if rnd() < 0.3 else 0)
            claimed = {popular.draw(rng) for _ in range(rng.randint(3, 8))}
            person["role"] = rng.choice(WIJKWERKER_ROLES)
            person["organisation"] = f"org-{org:05d}"
            member = [f"wt-{wijk_slugs[w]}"]
            if rnd() < 0.15:
                member.append(rng.choice(kernteams[w]))
            person["teams"] = member
            person["wijken"] = [wijk_names[x] for x in wijken]
            person["expertise"] = [{"area": areas[a], "level": 1 if rnd() < 0.7 else 2}
                                   for a in sorted(claimed)]
            workers_by_wijk[w].append(i)
        else:  # specialist: 1-4 claims, mostly in one domain
            main = popular.draw(rng)
            domain = domain_of[main]
            claimed = {main}
            for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
                claimed.add(related_area(main))
            in_domain = rnd() < 0.8 and orgs_by_domain[domain]
            org = org_size[domain].draw(rng) if in_domain else rng.randrange(n_orgs)
            wijken = nearby_wijken(w, rng.choice((0, 1, 1, 2, 3)))
            member = []
            if rnd() < 0.2:
                member.append(rng.choice(kernteams[rng.choice(wijken)]))
            if rnd() < 0.25:
                member.append(f"nw-d{domain + 1:02d}")
            if domain in EXPERTISETEAM_DOMAINS and rnd() < 0.1:
                member.append(f"et-d{domain + 1:02d}")
            if rnd() < 0.005 or (i < 200 and rnd() < 0.05):
                member.append("tr-centraal")
                triage.append(i)
            person["role"] = rng.choice(DOMAINS[domain][2])
            person["organisation"] = f"org-{org:05d}"
            if member:
                person["teams"] = member
            person["wijken"] = [wijk_names[x] for x in wijken]
            claims = []
            for a in sorted(claimed):
                level = 3 if a == main and rnd() < 0.7 else rng.choice((1, 2, 2, 3))
                claims.append({"area": areas[a], "level": level})
                tickets[a].extend([i] * level)  # specialists weigh more from the start
            person["expertise"] = claims
            person["hours_per_half_year"] = 40
        org_of[i] = org
        for x in wijken:
            wijk_mask[i] |= 1 << x
        person["email"] = f"{slug(first)}.{slug(last).replace('-', '')}.{i}@example.org"
        person["phone"] = f"06-{i % 100_000_000:08d}"
        if rnd() < 0.1:
            person["languages"] = ["nl", *rng.choice(LANGUAGES)]
        confirmed = span - rng.randint(0, 730)
        if rnd() < 0.03:
            person["active"] = False
            leaves[i] = rng.randint(span // 4, span)
            confirmed = min(confirmed, leaves[i])
        person["confirmed"] = iso[max(0, confirmed)]
        people.append(person)

    # knows: mostly in the same wijk or organisation, some anywhere in the pool
    by_wijk: list[list[int]] = [[] for _ in range(n_wijken)]
    by_org: dict[int, list[int]] = {}
    for i in range(professionals):
        by_wijk[home[i]].append(i)
        by_org.setdefault(org_of[i], []).append(i)
    for i, person in enumerate(people):
        same_wijk, same_org = by_wijk[home[i]], by_org[org_of[i]]
        known = set()
        for _ in range(rng.randint(2, 8)):
            u = rnd()
            group = same_wijk if u < 0.6 else same_org if u < 0.85 else None
            known.add(group[int(rnd() * len(group))] if group else rng.randrange(professionals))
        known.discard(i)
        if known:
            person["knows"] = [f"p-{k:06d}" for k in sorted(known)]

    # --- cases, in the order they were opened -----------------------------------------
    all_workers = [i for ids in workers_by_wijk for i in ids] or list(range(professionals))
    day_weight = [(0.5 + d / span) * (1.0 if (start + timedelta(days=d)).weekday() < 5 else 0.1)
                  for d in range(span + 1)]
    days = sorted(rng.choices(range(span + 1), weights=day_weight, k=cases))
    model_draw = Weighted(MODELS, MODEL_WEIGHTS)
    question_draw = Weighted(QUESTIONS, QUESTION_WEIGHTS)
    outcome_draw = Weighted(OUTCOMES, OUTCOME_WEIGHTS)
    age_draw = {key: Weighted(AGES, weights) for key, weights in AGE_WEIGHTS.items()}
    household_draw = {key: Weighted(HOUSEHOLDS, weights)
                      for key, weights in HOUSEHOLD_WEIGHTS.items()}
    wijkteam_ids = [f"wt-{s}" for s in wijk_slugs]
    pids = [p["id"] for p in people]
    out_cases: list[dict[str, Any]] = []

    def pick(pool: list[int], day: int, tries: int = 4) -> int | None:
        """Someone from ``pool`` (uniform over its entries) still active on ``day``."""
        for _ in range(tries):
            p = pool[int(rnd() * len(pool))]
            if leaves[p] >= day:
                return p
        return None

    for c, day in enumerate(days):
        w = wijk_draw.draw(rng)
        team = wijkteam_ids[w] if rnd() < 0.85 else rng.choice(kernteams[w])
        first = popular.draw(rng)
        need = {first}
        u = rnd()
        for _ in range(0 if u < 0.55 else 1 if u < 0.85 else 2):
            need.add(related_area(first))
        regie = pick(workers_by_wijk[w] or all_workers, day)
        if regie is None:
            regie = pick(all_workers, day, tries=20) or all_workers[0]
        chosen = [regie]
        participants = [{"professional": pids[regie], "role": "regie",
                         "hours": rng.choice(REGIE_HOURS)}]
        model = model_draw.draw(rng)
        if model == "triage" and triage:
            t = pick(triage, day)
            if t is not None and t not in chosen:
                chosen.append(t)
                participants.append({"professional": pids[t], "role": "triage",
                                     "hours": rng.choice((0.5, 1.0))})
        wanted = sorted(need)
        if rnd() < 0.25:
            wanted.append(first)  # a second specialist for the main need
        specialists = 0
        bit = 1 << w
        for area in wanted:
            pool = tickets[area]
            if not pool or specialists == 3:
                continue
            a, b = pick(pool, day), pick(pool, day)
            p = a if a is not None and (wijk_mask[a] & bit or b is None or not wijk_mask[b] & bit) \
                else b
            if p is None or p in chosen:
                continue
            chosen.append(p)
            pool.extend((p,) * ATTACHMENT)  # preferential attachment: busy people get busier
            specialists += 1
            participants.append({"professional": pids[p], "role": "specialist",
                                 "hours": rng.choice(SPECIALIST_HOURS)})
        case: dict[str, Any] = {"id": f"c-{c:07d}", "opened": iso[day]}
        closed = day + 1 + int(rng.expovariate(1 / 21))
        if closed <= span:
            case["closed"] = iso[closed]
        case["team"] = team
        case["wijk"] = wijk_names[w]
        case["areas"] = [areas[a] for a in sorted(need)]
        case["model"] = model
        case["question"] = question_draw.draw(rng)
        case["participants"] = participants
        if closed <= span:
            case["outcome"] = outcome_draw.draw(rng)
        group = domain_of[first] if domain_of[first] in AGE_WEIGHTS else None
        case["age_band"] = age_draw[group].draw(rng)
        case["household"] = household_draw[group].draw(rng)
        out_cases.append(case)

    return {"format": "kernteamdb/1", "expertise": expertise, "organisations": organisations,
            "teams": teams, "professionals": people, "cases": out_cases}


def describe(document: dict[str, Any]) -> dict[str, Any]:
    """A few figures that show the skew (for a glance, not for the benchmarks)."""
    load: Counter[str] = Counter()
    area_count: Counter[str] = Counter()
    for case in document["cases"]:
        area_count.update(case["areas"])
        load.update(p["professional"] for p in case["participants"] if p["role"] == "specialist")
    specialists = [p["id"] for p in document["professionals"]
                   if "hours_per_half_year" in p]
    per_person = sorted((load[p] for p in specialists), reverse=True) or [0]
    top = max(1, len(per_person) // 100)
    areas = area_count.most_common()
    return {
        "counts": {kind: len(document[kind]) for kind in
                   ("expertise", "organisations", "teams", "professionals", "cases")},
        "specialists": len(specialists),
        "cases per specialist: median, max": [statistics.median(per_person), per_person[0]],
        "share of specialist participations by the busiest 1%":
            round(sum(per_person[:top]) / max(1, sum(per_person)), 3),
        "specialists without any case": sum(1 for n in per_person if n == 0),
        "busiest and quietest area": [areas[0], areas[-1]] if areas else [],
        "inactive": sum(1 for p in document["professionals"] if p.get("active") is False),
    }


def dump(document: dict[str, Any]) -> bytes:
    """The document as compact UTF-8 JSON (orjson when available: 10x faster)."""
    try:
        import orjson
    except ImportError:  # pragma: no cover - orjson is a dependency of the package
        return json.dumps(document, ensure_ascii=False).encode()
    return orjson.dumps(document)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--professionals", type=int, default=10_000)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--today", type=date.fromisoformat, default=None,
                        help="the reference day, YYYY-MM-DD (default: today)")
    parser.add_argument("--out", required=True, help="the file to write ('-' for stdout)")
    parser.add_argument("--describe", action="store_true",
                        help="print a few figures that show the skew (to stderr)")
    args = parser.parse_args()
    started = time.perf_counter()
    document = generate(args.professionals, args.cases, args.seed, args.today)
    generated = time.perf_counter() - started
    data = dump(document)
    if args.out == "-":
        sys.stdout.buffer.write(data)
    else:
        Path(args.out).write_bytes(data)
    print(f"{args.professionals:,} professionals, {args.cases:,} cases: generated in "
          f"{generated:.1f} s, {len(data) / 1e6:.1f} MB written in "
          f"{time.perf_counter() - started - generated:.1f} s", file=sys.stderr)
    if args.describe:
        print(json.dumps(describe(document), indent=1, ensure_ascii=False), file=sys.stderr)


if __name__ == "__main__":
    main()
