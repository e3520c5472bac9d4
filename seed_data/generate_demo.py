"""Generate ``demo-network.json``: the fictional 's-Hertogenbosch demo network.

Run ``python seed_data/generate_demo.py``. It reads ``taxonomy.json`` beside
it and writes ``demo-network.json`` beside it, deterministically (a fixed
random seed and a fixed anchor day, 2026-11-15). The organisations are the
real ones of the region (domain.md) plus fictional huisartsenpraktijken and
informal resources; every *person* is fictional: invented names, example.org
e-mail addresses and 06-0000nnnn phone numbers, which are not in use.

What it builds, and why it looks the way it does:
- seven sociale wijkteams covering the 14 wijken, the kernteam Zuidoost (an
  expertiseteam whose specialists give 40 hours per half year), a triage team
  in West and the city-wide expertisenetwerk;
- about 140 professionals: wijkwerkers with broad basic knowledge, and
  specialists whose roles, employers and expertise levels go together;
- about 480 anonymised cases over the 18 months before the anchor day. The
  requesting team's model decides the route (Zuidoost mostly through the
  kernteam, West through the triagist, elsewhere the network); specialists
  are chosen by expertise, wijk and earlier collaboration, so that the same
  wijkwerker and specialist often work together again, as in real life;
- a few people who do much more in an area than they declare (a maatschappelijk
  werker with many debt cases), some inactive people, some stale profiles, and
  two specialists at or over their hours budget: things search must handle.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).parent
ANCHOR = date(2026, 11, 15)
FIRST_DAY = date(2025, 5, 16)
HALF_YEAR_START = date(2026, 7, 1)
rng = random.Random(20261115)

WIJKEN = ["Binnenstad", "De Groote Wielen", "Empel", "Engelen", "Graafsepoort", "Maaspoort",
          "Muntel/Vliert", "Noord", "Rosmalen Noord", "Rosmalen Zuid", "West", "Zuidoost",
          "Nuland", "Vinkel"]

ORGANISATIONS = [
    # id, name, kind, line, wijken (None: city-wide), areas
    ("org-gemeente", "Gemeente 's-Hertogenbosch", "gemeente", "1", None,
     ["inkomen-regelingen", "woningaanpassing-hulpmiddelen", "huishouden", "vervoer",
      "opvoedondersteuning", "nazorg-ex-gedetineerden"]),
    ("org-farent", "Farent", "welzijn", "1", None,
     ["ambulante-begeleiding", "eenzaamheid", "mantelzorgondersteuning", "opvoedondersteuning",
      "jeugdcriminaliteit", "18-min-18-plus", "zingeving"]),
    ("org-mantelzorgsteunpunt", "Mantelzorgsteunpunt (Farent)", "mantelzorg", "0", None,
     ["mantelzorgondersteuning", "dementie", "jongdementie"]),
    ("org-mee", "MEE De Meent Groep", "clientondersteuning", "1", None,
     ["clientondersteuning", "lvb", "verstandelijke-beperking", "nah", "autisme-volwassenen"]),
    ("org-ggd", "GGD Hart voor Brabant", "ggd", "1", None,
     ["verward-gedrag-zorgmijding", "woningvervuiling", "jonge-kwetsbare-ouders"]),
    ("org-reinier", "Reinier van Arkel", "ggz", "2", None,
     ["epa", "verward-gedrag-zorgmijding", "dubbele-diagnose", "suicidaliteit",
      "persoonlijkheidsproblematiek"]),
    ("org-herlaarhof", "Herlaarhof", "jeugd-ggz", "2", None, ["jeugd-ggz", "kopp-kvo"]),
    ("org-ypse", "Ypse", "ggz", "2", None, ["depressie-angst", "trauma"]),
    ("org-novadic", "Novadic-Kentron", "verslavingszorg", "2", None,
     ["alcohol", "drugs", "gokken-gamen", "medicijnverslaving", "dubbele-diagnose"]),
    ("org-mo", "Maatschappelijke Opvang Den Bosch", "opvang", "2", None,
     ["dak-thuisloosheid", "beschermd-begeleid-wonen"]),
    ("org-vivent", "Vivent", "vvt", "2", None,
     ["dementie", "kwetsbare-ouderen", "persoonlijke-verzorging", "palliatieve-zorg",
      "chronische-ziekte"]),
    ("org-netwerk-dementie", "Netwerk Dementie Bommelerwaard 's-Hertogenbosch e.o.", "netwerk", "1",
     None, ["dementie", "jongdementie"]),
    ("org-jbb", "Jeugdbescherming Brabant", "jeugdbescherming", "2", None,
     ["jeugdbescherming", "kindermishandeling"]),
    ("org-veilig-thuis", "Veilig Thuis Brabant Noordoost", "veiligheid", "2", None,
     ["huiselijk-geweld", "kindermishandeling", "ouderenmishandeling", "eergerelateerd-geweld"]),
    ("org-amarant", "Amarant", "gehandicaptenzorg", "2", None,
     ["verstandelijke-beperking", "lvb", "autisme-volwassenen"]),
    ("org-weener", "Weener XL", "werk", "1", None, ["re-integratie", "dagbesteding"]),
    ("org-ehbg", "EHBG (Eerste Hulp Bij Geldzaken)", "schuldhulp", "1", None,
     ["schuldhulpverlening", "thuisadministratie", "beschermingsbewind"]),
    ("org-jbz", "Jeroen Bosch Ziekenhuis", "ziekenhuis", "2", None,
     ["chronische-ziekte", "nah", "palliatieve-zorg"]),
    ("org-humanitas", "Humanitas 's-Hertogenbosch", "vrijwilligers", "0", None,
     ["thuisadministratie", "eenzaamheid", "maatjes-vrijwilligers", "zingeving"]),
    ("org-alzheimer-cafe", "Alzheimer Café 's-Hertogenbosch", "vrijwilligers", "0",
     ["Zuidoost", "Graafsepoort", "Muntel/Vliert"], ["dementie", "mantelzorgondersteuning"]),
    ("org-buurthuis-zuidoost", "Buurthuis De Hambaken-Zuid", "buurthuis", "0", ["Zuidoost"],
     ["eenzaamheid", "maatjes-vrijwilligers", "laaggeletterdheid", "nieuwkomers"]),
    ("org-vrijwilligerscentrale", "Vrijwilligerscentrale Den Bosch", "vrijwilligers", "0", None,
     ["maatjes-vrijwilligers", "eenzaamheid", "netwerkversterking"]),
    ("org-ha-zuidoost", "Huisartsenpraktijk Zuidoost", "huisartsenpraktijk", "1",
     ["Zuidoost", "De Groote Wielen"], ["chronische-ziekte", "depressie-angst", "kwetsbare-ouderen"]),
    ("org-ha-west", "Huisartsenpraktijk West", "huisartsenpraktijk", "1", ["West"],
     ["chronische-ziekte", "depressie-angst", "kwetsbare-ouderen"]),
    ("org-ha-rosmalen", "Huisartsenpraktijk Rosmalen", "huisartsenpraktijk", "1",
     ["Rosmalen Noord", "Rosmalen Zuid", "Nuland", "Vinkel"],
     ["chronische-ziekte", "depressie-angst", "kwetsbare-ouderen"]),
    ("org-ha-noord", "Huisartsenpraktijk Noord", "huisartsenpraktijk", "1",
     ["Noord", "Engelen", "Maaspoort"], ["chronische-ziekte", "depressie-angst"]),
    ("org-woonbron", "Woningcorporatie Zayaz", "woningcorporatie", "1", None,
     ["huisuitzetting-voorkomen", "woonoverlast", "woningvervuiling"]),
    ("org-politie", "Politie basisteam 's-Hertogenbosch", "politie", "1", None,
     ["woonoverlast", "jeugdcriminaliteit", "radicalisering"]),
]

#: Sociale wijkteams: id, wijk in the name, the wijken the team serves.
WIJKTEAMS = [
    ("wt-binnenstad", "Binnenstad", ["Binnenstad", "Muntel/Vliert"]),
    ("wt-graafsepoort", "Graafsepoort", ["Graafsepoort"]),
    ("wt-maaspoort", "Maaspoort", ["Maaspoort", "Empel"]),
    ("wt-noord", "Noord", ["Noord", "Engelen"]),
    ("wt-rosmalen", "Rosmalen Zuid", ["Rosmalen Noord", "Rosmalen Zuid", "Nuland", "Vinkel"]),
    ("wt-west", "West", ["West"]),
    ("wt-zuidoost", "Zuidoost", ["Zuidoost", "De Groote Wielen"]),
]
TEAM_WEIGHT = {"wt-zuidoost": 5, "wt-west": 4, "wt-noord": 2, "wt-binnenstad": 2,
               "wt-graafsepoort": 2, "wt-maaspoort": 2, "wt-rosmalen": 2}

WIJKWERKER_AREAS = ["schuldhulpverlening", "inkomen-regelingen", "opvoedondersteuning",
                    "eenzaamheid", "mantelzorgondersteuning", "huishouden", "ambulante-begeleiding",
                    "clientondersteuning", "netwerkversterking", "woonoverlast",
                    "thuisadministratie", "kwetsbare-ouderen", "depressie-angst", "lvb"]

#: Specialist roles: role, organisations, how many, expertise as (area, levels to pick from).
ROLES = [
    ("casemanager dementie", ["org-vivent"], 5,
     [("dementie", [3]), ("jongdementie", [1, 2]), ("mantelzorgondersteuning", [1, 2])]),
    ("specialist ouderengeneeskunde", ["org-vivent"], 2,
     [("dementie", [3]), ("kwetsbare-ouderen", [3]), ("palliatieve-zorg", [2])]),
    ("wijkverpleegkundige", ["org-vivent"], 5,
     [("persoonlijke-verzorging", [3]), ("kwetsbare-ouderen", [2]), ("chronische-ziekte", [2]),
      ("palliatieve-zorg", [1, 2]), ("dementie", [1])]),
    ("ketenregisseur dementie", ["org-netwerk-dementie"], 1,
     [("dementie", [3]), ("jongdementie", [3])]),
    ("NAH-consulent", ["org-mee"], 3,
     [("nah", [3]), ("clientondersteuning", [2]), ("re-integratie", [1])]),
    ("MEE-consulent", ["org-mee"], 4,
     [("clientondersteuning", [3]), ("lvb", [3]), ("verstandelijke-beperking", [2]),
      ("autisme-volwassenen", [1, 2])]),
    ("SPV (FACT)", ["org-reinier"], 4,
     [("epa", [3]), ("verward-gedrag-zorgmijding", [2]), ("dubbele-diagnose", [2]),
      ("suicidaliteit", [2])]),
    ("bemoeizorgwerker", ["org-reinier", "org-ggd"], 3,
     [("verward-gedrag-zorgmijding", [3]), ("woningvervuiling", [2, 3]),
      ("dak-thuisloosheid", [2])]),
    ("POH-GGZ", ["org-ha-zuidoost", "org-ha-west", "org-ha-rosmalen", "org-ha-noord"], 4,
     [("depressie-angst", [3]), ("trauma", [2]), ("suicidaliteit", [1, 2])]),
    ("huisarts", ["org-ha-zuidoost", "org-ha-west", "org-ha-rosmalen", "org-ha-noord"], 4,
     [("chronische-ziekte", [3]), ("kwetsbare-ouderen", [2]), ("depressie-angst", [2]),
      ("dementie", [1])]),
    ("GZ-psycholoog", ["org-ypse"], 2,
     [("depressie-angst", [3]), ("trauma", [3]), ("persoonlijkheidsproblematiek", [2])]),
    ("jeugdconsulent", ["org-gemeente", "org-farent"], 4,
     [("opvoedondersteuning", [3]), ("complexe-scheiding", [2]), ("schoolverzuim", [2]),
      ("jeugd-ggz", [1, 2])]),
    ("gedragswetenschapper", ["org-herlaarhof", "org-amarant"], 3,
     [("jeugd-ggz", [3]), ("autisme-volwassenen", [2]), ("lvb", [2, 3]), ("kopp-kvo", [2])]),
    ("jeugdarts", ["org-ggd"], 2,
     [("jonge-kwetsbare-ouders", [3]), ("opvoedondersteuning", [2]), ("kindermishandeling", [2])]),
    ("jeugdbeschermer", ["org-jbb"], 3,
     [("jeugdbescherming", [3]), ("kindermishandeling", [2]), ("complexe-scheiding", [2])]),
    ("aandachtsfunctionaris huiselijk geweld", ["org-veilig-thuis"], 3,
     [("huiselijk-geweld", [3]), ("kindermishandeling", [3]), ("ouderenmishandeling", [2]),
      ("eergerelateerd-geweld", [1, 2])]),
    ("Wmo-consulent", ["org-gemeente"], 3,
     [("woningaanpassing-hulpmiddelen", [3]), ("huishouden", [3]), ("vervoer", [3]),
      ("clientondersteuning", [1])]),
    ("ergotherapeut", ["org-vivent"], 2,
     [("woningaanpassing-hulpmiddelen", [3]), ("lichamelijke-beperking", [2]),
      ("kwetsbare-ouderen", [1])]),
    ("schuldhulpverlener", ["org-ehbg", "org-gemeente"], 5,
     [("schuldhulpverlening", [3]), ("beschermingsbewind", [2]), ("inkomen-regelingen", [2]),
      ("thuisadministratie", [2]), ("huisuitzetting-voorkomen", [1, 2])]),
    ("maatschappelijk werker", ["org-farent"], 5,
     [("ambulante-begeleiding", [2]), ("inkomen-regelingen", [2]), ("eenzaamheid", [2]),
      ("complexe-scheiding", [1]), ("zingeving", [1])]),
    ("mantelzorgconsulent", ["org-mantelzorgsteunpunt"], 3,
     [("mantelzorgondersteuning", [3]), ("eenzaamheid", [2]), ("dementie", [1])]),
    ("verslavingsconsulent", ["org-novadic"], 3,
     [("alcohol", [3]), ("drugs", [3]), ("gokken-gamen", [2]), ("medicijnverslaving", [2]),
      ("dubbele-diagnose", [2])]),
    ("ervaringsdeskundige", ["org-novadic", "org-reinier"], 2,
     [("dubbele-diagnose", [2]), ("alcohol", [2]), ("dak-thuisloosheid", [1])]),
    ("woonbegeleider", ["org-mo"], 2,
     [("dak-thuisloosheid", [3]), ("beschermd-begeleid-wonen", [3]),
      ("verward-gedrag-zorgmijding", [1])]),
    ("woonconsulent", ["org-woonbron"], 2,
     [("huisuitzetting-voorkomen", [3]), ("woonoverlast", [2]), ("woningvervuiling", [1])]),
    ("wijkagent", ["org-politie"], 2,
     [("woonoverlast", [2]), ("jeugdcriminaliteit", [2]), ("huiselijk-geweld", [1]),
      ("radicalisering", [1])]),
    ("jongerenwerker", ["org-farent"], 3,
     [("jeugdcriminaliteit", [2]), ("18-min-18-plus", [2]), ("schoolverzuim", [1]),
      ("eenzaamheid", [1])]),
    ("jobcoach", ["org-weener"], 2,
     [("re-integratie", [3]), ("dagbesteding", [2]), ("laaggeletterdheid", [1])]),
    ("casemanager nazorg", ["org-gemeente"], 1,
     [("nazorg-ex-gedetineerden", [3]), ("forensische-zorg", [1]), ("re-integratie", [1])]),
    ("medisch maatschappelijk werker", ["org-jbz"], 1,
     [("chronische-ziekte", [2]), ("nah", [2]), ("palliatieve-zorg", [1])]),
    ("vrijwilliger", ["org-humanitas"], 4,
     [("maatjes-vrijwilligers", [2]), ("eenzaamheid", [2]), ("thuisadministratie", [1])]),
]
#: The kernteam Zuidoost: one specialist of each of these roles (different employers).
KERNTEAM_ROLES = ["casemanager dementie", "NAH-consulent", "SPV (FACT)", "schuldhulpverlener",
                  "gedragswetenschapper", "verslavingsconsulent", "aandachtsfunctionaris huiselijk geweld",
                  "MEE-consulent"]
NO_BUDGET_ROLES = {"huisarts", "vrijwilliger", "wijkagent"}

#: What households ask for: areas, weight, likely age bands.
NEEDS = [
    (["dementie"], 8, ["65+"]), (["dementie", "mantelzorgondersteuning"], 6, ["65+"]),
    (["jongdementie", "mantelzorgondersteuning"], 1, ["27-64"]),
    (["schuldhulpverlening"], 7, ["18-26", "27-64"]),
    (["schuldhulpverlening", "inkomen-regelingen"], 5, ["27-64"]),
    (["huisuitzetting-voorkomen", "schuldhulpverlening"], 3, ["27-64"]),
    (["nah"], 4, ["27-64", "65+"]), (["nah", "re-integratie"], 2, ["27-64"]),
    (["alcohol", "schuldhulpverlening"], 3, ["27-64"]), (["alcohol"], 2, ["27-64", "65+"]),
    (["drugs", "dubbele-diagnose"], 2, ["18-26", "27-64"]), (["korsakov", "alcohol"], 1, ["65+"]),
    (["epa", "verward-gedrag-zorgmijding"], 4, ["27-64"]),
    (["woningvervuiling", "verward-gedrag-zorgmijding"], 3, ["27-64", "65+"]),
    (["depressie-angst"], 4, ["18-26", "27-64"]), (["suicidaliteit", "depressie-angst"], 1, ["18-26"]),
    (["opvoedondersteuning"], 4, ["0-11"]), (["complexe-scheiding", "opvoedondersteuning"], 3, ["0-11", "12-17"]),
    (["jeugd-ggz", "schoolverzuim"], 3, ["12-17"]), (["jeugdbescherming", "kindermishandeling"], 2, ["0-11", "12-17"]),
    (["huiselijk-geweld"], 3, ["27-64"]), (["ouderenmishandeling"], 1, ["65+"]),
    (["lvb", "beschermingsbewind"], 3, ["18-26", "27-64"]), (["lvb", "opvoedondersteuning"], 2, ["0-11"]),
    (["autisme-volwassenen"], 2, ["18-26", "27-64"]), (["18-min-18-plus", "lvb"], 1, ["18-26"]),
    (["eenzaamheid", "kwetsbare-ouderen"], 4, ["65+"]), (["palliatieve-zorg", "mantelzorgondersteuning"], 2, ["65+"]),
    (["woningaanpassing-hulpmiddelen"], 3, ["65+", "27-64"]), (["huishouden", "persoonlijke-verzorging"], 2, ["65+"]),
    (["dak-thuisloosheid"], 2, ["18-26", "27-64"]), (["jonge-kwetsbare-ouders"], 2, ["18-26"]),
    (["nieuwkomers", "inkomen-regelingen"], 2, ["27-64"]), (["jeugdcriminaliteit"], 1, ["12-17"]),
    (["nazorg-ex-gedetineerden", "re-integratie"], 1, ["27-64"]),
]
HOUSEHOLD_BY_AGE = {
    "0-11": ["gezin met kinderen", "eenoudergezin"], "12-17": ["gezin met kinderen", "eenoudergezin"],
    "18-26": ["alleenstaand", "eenoudergezin", "anders"], "27-64": ["alleenstaand", "paar", "gezin met kinderen", "eenoudergezin"],
    "65+": ["alleenstaand", "paar", "meergeneratie"],
}
NOTES = [
    "Snel schakelen met de specialist voorkwam een crisisopname.",
    "Gezamenlijk huisbezoek maakte de vraag achter de vraag duidelijk.",
    "Korte telefonische consultatie was voldoende; het wijkteam houdt de regie.",
    "Mantelzorger ontlast door respijtzorg en een vast aanspreekpunt.",
    "Schulden gestabiliseerd; budgetbeheer gestart via de bewindvoerder.",
    "Huisarts vroeg betrokken: medicatie en geheugen in één gesprek besproken.",
    "Afspraken over wie de regie heeft vooraf vastleggen scheelde veel tijd.",
    "Opgeschaald naar een overleg binnen vijf werkdagen; daarna afgeschaald naar het wijkteam.",
    "Inzet van een vrijwilliger hielp tegen de eenzaamheid.",
    "Tolk ingezet bij het gesprek; volgende keer eerder regelen.",
    "Doorverwezen naar de tweede lijn na overleg met de specialist.",
    "Het informele netwerk van het gezin bleek sterker dan gedacht.",
]

FIRST_NAMES = ["Anna", "Bram", "Carla", "Daan", "Eva", "Fleur", "Gert", "Hanneke", "Ingrid", "Joost",
               "Karin", "Lars", "Marloes", "Niels", "Olga", "Pieter", "Quinten", "Roos", "Sanne", "Tom",
               "Ursula", "Vera", "Wouter", "Yara", "Zeynep", "Ahmed", "Bas", "Chantal", "Dirk", "Esther",
               "Frank", "Gijs", "Hatice", "Iris", "Jeroen", "Kim", "Lieke", "Mohamed", "Nina", "Orlando",
               "Petra", "Rik", "Sofie", "Thijs", "Ilse", "Jasper", "Marieke", "Nadia", "Ruben", "Tessa",
               "Youssef", "Anouk", "Bart", "Demi", "Elif", "Femke", "Hugo", "Janneke", "Koen", "Linda"]
SURNAMES = ["de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
            "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
            "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden",
            "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van der Veen", "van den Broek",
            "de Bruijn", "de Jong", "van Dijk", "Verhoeven", "Schouten", "Willems", "van Beek",
            "Hoekstra", "Maas", "Verbeek", "Kuipers", "van Vliet", "Koster", "Prins", "Huisman",
            "Peeters", "van der Heijden", "Post", "Kuijpers", "Boer", "Wijnands", "Aydin", "El Amrani",
            "Yilmaz", "Pranger", "Lammers", "van Rooij", "Timmermans", "van Gestel", "Roelofs"]


def ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]+", ".", plain.lower()).strip(".")


class People:
    """Hands out unique fictional names, e-mail addresses and phone numbers."""

    def __init__(self) -> None:
        self.names: set[str] = set()
        self.emails: set[str] = set()
        self.phone = 1000

    def make(self) -> tuple[str, str, str]:
        while True:
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
            if name not in self.names:
                break
        self.names.add(name)
        email = ascii_slug(name) + "@example.org"
        suffix = 2
        while email in self.emails:
            email = f"{ascii_slug(name)}{suffix}@example.org"
            suffix += 1
        self.emails.add(email)
        self.phone += rng.randint(7, 60)
        return name, email, f"06-0000{self.phone:04d}"


def day_between(first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))


def build_teams() -> list[dict]:
    teams = [{"id": tid, "name": f"Sociaal wijkteam {label}", "kind": "wijkteam", "wijk": label,
              "organisation": "org-gemeente"} for tid, label, _ in WIJKTEAMS]
    teams += [
        {"id": "kt-zuidoost", "name": "Kernteam Zuidoost", "kind": "expertiseteam", "wijk": "Zuidoost",
         "meets": "Elke dinsdag 13:00-14:30 in het wijkcentrum Zuidoost; spoed via de voorzitter"},
        {"id": "tr-west", "name": "Triage West", "kind": "triage", "wijk": "West",
         "organisation": "org-gemeente", "meets": "Vragen via de triagist; antwoord binnen 2 werkdagen"},
        {"id": "nw-den-bosch", "name": "Expertisenetwerk 's-Hertogenbosch", "kind": "netwerk",
         "meets": "Geen vaste overleggen; leden bellen elkaar, netwerkbijeenkomst twee keer per jaar"},
    ]
    return sorted(teams, key=lambda t: t["id"])


def confirmed_day(stale: bool) -> str:
    if stale:
        return (ANCHOR - timedelta(days=rng.randint(400, 720))).isoformat()
    return (ANCHOR - timedelta(days=rng.randint(3, 330))).isoformat()


def build_professionals(people: People) -> list[dict]:
    pros: list[dict] = []

    def add(role: str, org: str, teams: list[str], wijken: list[str], expertise: list[tuple[str, int]],
            hours: float | None, bio: str) -> dict:
        name, email, phone = people.make()
        record = {"id": f"p-{len(pros) + 1:04d}", "name": name, "role": role, "organisation": org,
                  "teams": sorted(teams), "wijken": sorted(wijken),
                  "expertise": [{"area": a, "level": lvl} for a, lvl in sorted(expertise)],
                  "email": email, "phone": phone, "bio": bio}
        if hours is not None:
            record["hours_per_half_year"] = hours
        if rng.random() < 0.15:
            record["languages"] = ["nl", rng.choice(["en", "ar", "tr", "pl", "en"])]
        pros.append(record)
        return record

    for tid, label, wijken in WIJKTEAMS:
        for _ in range(rng.randint(6, 7)):
            areas = rng.sample(WIJKWERKER_AREAS, rng.randint(3, 5))
            add("wijkwerker", rng.choice(["org-gemeente", "org-gemeente", "org-farent"]), [tid], wijken,
                [(a, rng.choice([1, 1, 2])) for a in areas], None,
                f"Generalist in het sociaal wijkteam {label}.")
    add("triagist", "org-gemeente", ["tr-west", "wt-west"], ["West"],
        [("clientondersteuning", 2), ("schuldhulpverlening", 1), ("depressie-angst", 1),
         ("opvoedondersteuning", 1), ("ambulante-begeleiding", 2)], None,
        "Triagist voor West: beoordeelt vragen en zoekt de juiste specialist.")

    kernteam_left = list(KERNTEAM_ROLES)
    for role, orgs, count, expertise in ROLES:
        for i in range(count):
            org = orgs[i % len(orgs)]
            claims = [(area, rng.choice(levels)) for area, levels in expertise
                      if levels[0] == 3 or rng.random() < 0.8]
            teams = ["nw-den-bosch"] if rng.random() < 0.85 else []
            served = rng.sample(WIJKEN, rng.randint(1, 5))
            if role in kernteam_left and org != "org-gemeente":
                kernteam_left.remove(role)
                teams.append("kt-zuidoost")
                served = sorted(set(served) | {"Zuidoost"})
                hours: float | None = 40
            elif role in NO_BUDGET_ROLES:
                hours = None
            else:
                hours = rng.choice([40, 40, 40, 40, 40, 20, 60])
            org_name = next(o[1] for o in ORGANISATIONS if o[0] == org)
            add(role, org, teams, served, claims, hours,
                f"{role[0].upper()}{role[1:]} bij {org_name}, werkzaam in {', '.join(sorted(served))}.")
    return pros


def add_knows(pros: list[dict]) -> None:
    by_team: dict[str, list[str]] = defaultdict(list)
    by_wijk: dict[str, list[str]] = defaultdict(list)
    for p in pros:
        for t in p["teams"]:
            by_team[t].append(p["id"])
        for w in p["wijken"]:
            by_wijk[w].append(p["id"])
    ids = [p["id"] for p in pros]
    for p in pros:
        want = rng.randint(2, 8)
        known: set[str] = set()
        for _ in range(want * 4):
            if len(known) >= want:
                break
            draw = rng.random()
            small_teams = [t for t in p["teams"] if t != "nw-den-bosch"]
            if draw < 0.5 and small_teams:
                pool = by_team[rng.choice(small_teams)]
            elif draw < 0.8 and p["wijken"]:
                pool = by_wijk[rng.choice(p["wijken"])]
            else:
                pool = ids
            other = rng.choice(pool)
            if other != p["id"]:
                known.add(other)
        p["knows"] = sorted(known)


def build_cases(pros: list[dict]) -> list[dict]:
    by_id = {p["id"]: p for p in pros}
    workers = defaultdict(list)
    for p in pros:
        if p["role"] == "wijkwerker":
            workers[p["teams"][0]].append(p["id"])
    triagist = next(p["id"] for p in pros if p["role"] == "triagist")
    specialists = [p for p in pros if p["role"] not in {"wijkwerker", "triagist"}]
    claims = defaultdict(dict)
    for p in specialists:
        for c in p["expertise"]:
            claims[c["area"]][p["id"]] = c["level"]
    # the hidden experts: two maatschappelijk werkers who do many debt cases undeclared
    hidden = [p["id"] for p in specialists if p["role"] == "maatschappelijk werker"][:2]
    for pid in hidden:
        claims["schuldhulpverlening"].setdefault(pid, 0)
    budget = {p["id"]: p.get("hours_per_half_year") for p in pros}
    overloaded = {next(p["id"] for p in specialists if "kt-zuidoost" in p["teams"]
                       and p["role"] == "casemanager dementie"),
                  next(p["id"] for p in specialists if p["role"] == "schuldhulpverlener")}
    booked: dict[str, float] = defaultdict(float)
    together: dict[tuple[str, str], int] = defaultdict(int)
    wijken_of = {tid: wijken for tid, _, wijken in WIJKTEAMS}
    needs, need_weights = [n for n in NEEDS], [n[1] for n in NEEDS]
    team_ids, team_weights = list(TEAM_WEIGHT), list(TEAM_WEIGHT.values())

    def pick_specialist(area: str, wijk: str, regie: str, model: str, taken: set[str],
                        current: bool) -> str | None:
        weights = {}
        for pid, level in claims.get(area, {}).items():
            if pid in taken:
                continue
            person = by_id[pid]
            w = {0: 2.0, 1: 0.3, 2: 1.5, 3: 4.0}[level]
            if pid in hidden and area == "schuldhulpverlening":
                w = 3.0
            if wijk in person["wijken"]:
                w *= 2.5
            if model == "expertiseteam" and "kt-zuidoost" in person["teams"]:
                w *= 8
            w *= 1 + 1.5 * min(3, together[(regie, pid)])
            left = (budget[pid] or 1e9) - booked[pid]
            if current and left < 4 and pid not in overloaded:
                w *= 0.02
            weights[pid] = w
        if not weights:
            return None
        ids = sorted(weights)
        return rng.choices(ids, [weights[i] for i in ids])[0]

    cases = []
    opened_days = sorted(day_between(FIRST_DAY, ANCHOR - timedelta(days=1)) for _ in range(480))
    for number, opened in enumerate(opened_days, 1):
        team = rng.choices(team_ids, team_weights)[0]
        wijk = rng.choice(wijken_of[team])
        areas, _, ages = rng.choices(needs, need_weights)[0]
        age = rng.choice(ages)
        if team == "wt-zuidoost":
            model = "expertiseteam" if rng.random() < 0.75 else "netwerk"
        elif team == "wt-west":
            model = "triage" if rng.random() < 0.7 else "netwerk"
        else:
            model = "netwerk"
        recent = (ANCHOR - opened).days < 60
        closed = None
        if not (rng.random() < (0.45 if recent else 0.03)):
            closed = min(ANCHOR, opened + timedelta(days=rng.randint(1, 60)))
        booked_on = closed or opened
        current = booked_on >= HALF_YEAR_START
        regie = rng.choice(workers[team])
        participants = [{"professional": regie, "role": "regie", "hours": rng.choice([1, 1.5, 2, 3, 4])}]
        if model == "triage":
            participants.append({"professional": triagist, "role": "triage",
                                 "hours": rng.choice([0.5, 1])})
        taken = {regie, triagist}
        wanted = [areas[0]] + [a for a in areas[1:] if rng.random() < 0.6]
        if rng.random() < 0.12:
            wanted.append(areas[0])  # a second specialist for the main need
        for area in wanted:
            pid = pick_specialist(area, wijk, regie, model, taken, current)
            if pid is None:
                continue
            taken.add(pid)
            hours = rng.choice([0.5, 1, 1.5, 2, 2, 3, 3, 4, 5, 6, 8])
            participants.append({"professional": pid, "role": "specialist", "hours": hours})
            together[(regie, pid)] += 1
            if current:
                booked[pid] += hours
        if len(participants) == 1 + (model == "triage"):
            continue
        case = {"id": f"c-{len(cases) + 1:04d}", "opened": opened.isoformat()}
        if closed:
            case["closed"] = closed.isoformat()
        case.update({"team": team, "wijk": wijk, "areas": areas, "model": model,
                     "question": rng.choices(["advies", "meedenken", "co-huisbezoek", "opschalen"],
                                             [5, 4, 3, 1])[0],
                     "participants": participants})
        if closed:
            case["outcome"] = rng.choices(["zwaardere_zorg_voorkomen", "doorverwezen", "onbekend"],
                                          [55, 25, 20])[0]
        case["age_band"] = age
        case["household"] = rng.choice(HOUSEHOLD_BY_AGE[age])
        if rng.random() < 0.3:
            case["notes"] = rng.choice(NOTES)
        cases.append(case)
    return cases


def retire_and_age(pros: list[dict]) -> None:
    """About 6 people left (inactive) and about 12 profiles not confirmed for over a year."""
    specialists = [p for p in pros if p["role"] not in {"wijkwerker", "triagist"}
                   and "kt-zuidoost" not in p["teams"]]
    for p in rng.sample(specialists, 6):
        p["active"] = False
    stale = set(p["id"] for p in rng.sample(pros, 12))
    for p in pros:
        p["confirmed"] = confirmed_day(p["id"] in stale)


def organisations() -> list[dict]:
    out = []
    for oid, name, kind, line, wijken, areas in ORGANISATIONS:
        record = {"id": oid, "name": name, "kind": kind, "line": line}
        if oid.startswith(("org-ha-", "org-alzheimer", "org-buurthuis", "org-mantelzorg")):
            record["phone"] = f"06-0000{9000 + len(out):04d}"
        if wijken:
            record["wijken"] = sorted(wijken)
        record["areas"] = sorted(areas)
        out.append(record)
    return sorted(out, key=lambda o: o["id"])


def check(document: dict, area_ids: set[str]) -> None:
    """Refuse to write a document that would not import or that could identify anyone."""
    ids = {kind: [r["id"] for r in document[kind]] for kind in
           ("organisations", "teams", "professionals", "cases")}
    for kind, values in ids.items():
        assert len(values) == len(set(values)), f"duplicate ids in {kind}"
        assert all(0 < len(v) <= 100 for v in values)
    orgs, teams, pros = set(ids["organisations"]), set(ids["teams"]), set(ids["professionals"])
    for o in document["organisations"]:
        assert o["areas"] and set(o["areas"]) <= area_ids, o["id"]
    for p in document["professionals"]:
        assert p["organisation"] in orgs and set(p["teams"]) <= teams, p["id"]
        assert {c["area"] for c in p["expertise"]} <= area_ids, p["id"]
        assert all(c["level"] in (1, 2, 3) for c in p["expertise"])
        assert set(p["knows"]) <= pros and p["id"] not in p["knows"]
        assert p["email"].endswith("@example.org") and re.fullmatch(r"06-0000\d{4}", p["phone"])
    for c in document["cases"]:
        assert c["team"] in teams and set(c["areas"]) <= area_ids
        people = [x["professional"] for x in c["participants"]]
        assert set(people) <= pros and len(people) == len(set(people))
        assert all(x.get("hours", 0) >= 0 for x in c["participants"])
        assert FIRST_DAY.isoformat() <= c["opened"] <= c.get("closed", c["opened"]) <= ANCHOR.isoformat()


def main() -> None:
    taxonomy = json.loads((HERE / "taxonomy.json").read_text(encoding="utf-8"))
    area_ids = {a["id"] for a in taxonomy["expertise"]}
    people = People()
    pros = build_professionals(people)
    add_knows(pros)
    cases = build_cases(pros)
    retire_and_age(pros)
    document = {"format": "kernteamdb/1", "organisations": organisations(), "teams": build_teams(),
                "professionals": pros, "cases": cases}
    check(document, area_ids)
    parts = ['{\n "format": "kernteamdb/1"']
    for kind in ("organisations", "teams", "professionals", "cases"):
        lines = ",\n".join("  " + json.dumps(r, ensure_ascii=False) for r in document[kind])
        parts.append(f' "{kind}": [\n{lines}\n ]')
    (HERE / "demo-network.json").write_text(",\n".join(parts) + "\n}\n", encoding="utf-8")
    print(f"{len(pros)} professionals, {len(cases)} cases, {len(document['organisations'])} "
          f"organisations, {len(document['teams'])} teams")


if __name__ == "__main__":
    main()
