"""What each column of the CSV files means, for the import page.

A coordinator who fills a spreadsheet needs the columns explained where they
upload it, in their own language, not in the English README. The column
names themselves stay as the files must carry them (``directory.exchange.csv_files.COLUMNS``);
``tests/web/test_import_names.py`` checks that every column has its line here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from directory.exchange.csv_files import COLUMNS, REQUIRED

_HELP: dict[str, dict[str, Any]] = {
    "expertise": {
        "id": _l("vaste code van het gebied, bijv. dementie"),
        "label": _l("de naam van het gebied zoals de app die toont"),
        "label_en": _l("de Engelse naam"),
        "broader": _l("het bredere gebied (domein) waar dit onder valt: id of naam"),
        "synonyms": _l("woorden en afkortingen die werkers typen, gescheiden door |"),
        "related": _l("verwante gebieden: id's of namen, gescheiden door |"),
        "description": _l("korte omschrijving"),
    },
    "organisations": {
        "id": _l("vaste code van de organisatie, bijv. org-vivent"),
        "name": _l("de naam van de organisatie"),
        "kind": _l("soort organisatie, bijv. VVT of welzijn"),
        "line": _l("0 (informeel), 1 (eerste lijn) of 2 (tweede lijn)"),
        "website": _l("webadres"),
        "phone": _l("algemeen telefoonnummer"),
        "wijken": _l("de wijken waar de organisatie werkt, gescheiden door |"),
        "areas": _l("expertisegebieden van de organisatie: id's of namen, gescheiden door |"),
    },
    "teams": {
        "id": _l("vaste code van het team, bijv. wt-zuidoost"),
        "name": _l("de naam van het team"),
        "kind": _l("wijkteam, kernteam, expertiseteam, netwerk of triage"),
        "wijk": _l("de wijk van het team"),
        "organisation": _l("de organisatie waar het team bij hoort: id of naam"),
        "meets": _l("wanneer het team overlegt, in woorden"),
    },
    "professionals": {
        "id": _l("vaste code van de professional, bijv. p-0046"),
        "name": _l("voor- en achternaam"),
        "role": _l("functie, bijv. casemanager dementie"),
        "organisation": _l("de moederorganisatie: id of naam"),
        "teams": _l("teams waar de professional in zit: id's of namen, gescheiden door |"),
        "wijken": _l("de wijken waar de professional werkt, gescheiden door |"),
        "expertise": _l("gebied:niveau, gescheiden door |; het gebied als id of naam, het niveau "
                        "als 1, 2 of 3 of als basis, gevorderd of specialist "
                        "(bijv. dementie:specialist|NAH:1)"),
        "hours_per_half_year": _l("uren per half jaar beschikbaar voor consultaties, bijv. 40"),
        "knows": _l("id's van professionals die deze persoon kent, gescheiden door |"),
        "email": _l("e-mailadres voor het werk"),
        "phone": _l("telefoonnummer voor het werk"),
        "bio": _l("korte toelichting op werk en werkwijze"),
        "languages": _l("talen, als taalcode (nl, en, ar), gescheiden door |"),
        "active": _l("ja of nee (leeg: ja); wie niet actief is, wordt niet voorgesteld"),
        "confirmed": _l("wanneer het profiel voor het laatst is bevestigd, als JJJJ-MM-DD"),
    },
    "cases": {
        "id": _l("willekeurige code van de casus, nooit iets dat naar de cliënt wijst"),
        "opened": _l("begonnen op, als JJJJ-MM-DD"),
        "closed": _l("afgesloten op, als JJJJ-MM-DD (leeg: loopt nog)"),
        "team": _l("het team dat de regie had: id of naam"),
        "wijk": _l("de wijk van het huishouden"),
        "areas": _l("de expertisegebieden van de vraag: id's of namen, gescheiden door |"),
        "model": _l("netwerk, expertiseteam of triage"),
        "question": _l("advies, meedenken, co-huisbezoek of opschalen"),
        "participants": _l("professional:rol:uren, gescheiden door |; rol regie, specialist of "
                           "triage, rol en uren mogen weg (bijv. p-anna:specialist:2,5|p-bram:regie)"),
        "outcome": _l("zwaardere_zorg_voorkomen, doorverwezen of onbekend"),
        "age_band": _l("leeftijdsgroep: 0-11, 12-17, 18-26, 27-64 of 65+"),
        "household": _l("alleenstaand, eenoudergezin, paar, gezin met kinderen, meergeneratie of anders"),
        "notes": _l("wat het team ervan leerde, zonder iets dat de cliënt herkenbaar maakt"),
    },
}


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    meaning: Any  # lazy text: said in the page's language when shown


def columns(kind: str) -> list[Column]:
    """The columns of ``kind``'s file in export order, each with what it means."""
    return [Column(name, name in REQUIRED[kind], _HELP[kind].get(name, ""))
            for name in COLUMNS[kind]]


def all_columns() -> list[tuple[str, list[Column]]]:
    """Per file (``professionals.csv``), its columns."""
    return [(f"{kind}.csv", columns(kind)) for kind in COLUMNS]
