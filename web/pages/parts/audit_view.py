"""The audit trail as people read it: Dutch words for kinds and actions, a
short summary of what changed, and the filtered entries as CSV.

Entries come from ``directory.accounts.audit``; nothing here reads the store itself.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from flask_babel import lazy_gettext as _l

from directory.exchange.csv_cells import row_writer

KIND_WORDS = {"expertise": _l("expertisegebied"), "organisations": _l("organisatie"),
              "teams": _l("team"), "professionals": _l("professional"), "cases": _l("casus"),
              "document": _l("import"), "users": _l("gebruiker"), "signin": _l("aanmelding"),
              "consultations": _l("consultatie"), "schedules": _l("vergaderschema"),
              "retention": _l("bewaartermijn")}
ACTION_WORDS = {
    "create": _l("aangemaakt"), "update": _l("gewijzigd"), "delete": _l("verwijderd"),
    "remove": _l("verwijderd"), "confirm": _l("bevestigd"), "retire": _l("opgeheven"),
    "reactivate": _l("weer actief"), "import": _l("geïmporteerd"), "merge": _l("samengevoegd"),
    "erase": _l("gewist (AVG)"), "export": _l("gegevens gedownload"), "remind": _l("herinnering gestuurd"),
    "create_token": _l("API-token gemaakt"), "sign_in": _l("ingelogd"),
    "sign_in_failed": _l("inloggen mislukt"), "sign_in_paused": _l("inloggen gepauzeerd"),
    "remove_text": _l("oude vrije tekst verwijderd"),
    "password": _l("wachtwoord gewijzigd"), "revoke_token": _l("API-token ingetrokken"),
}
#: How many changed fields a row of the page shows, and how long each value may be.
MOST_FIELDS = 6
LONGEST = 60
CSV_COLUMNS = ("seq", "at", "user", "kind", "id", "action", "before", "after", "revision")


def _short(value: Any) -> str:
    """A value in a few words.

    >>> _short(None), _short("Anna"), _short(["a", "b"]), _short("x" * 70)[-3:]
    ('', 'Anna', '["a", "b"]', 'xx…')
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= LONGEST else text[:LONGEST - 1] + "…"


def changes(before: dict[str, Any] | None,
            after: dict[str, Any] | None) -> tuple[list[tuple[str, str, str]], int]:
    """The fields that differ between before and after, as (field, before, after)
    in a few words each, at most ``MOST_FIELDS``; and how many more there are.

    >>> changes({"id": "p-1", "bio": "oud"}, {"id": "p-1", "bio": "nieuw", "phone": "06"})
    ([('bio', 'oud', 'nieuw'), ('phone', '', '06')], 0)
    """
    old, new = before or {}, after or {}
    differ = [key for key in sorted(old.keys() | new.keys()) if old.get(key) != new.get(key)]
    shown = [(key, _short(old.get(key)), _short(new.get(key))) for key in differ[:MOST_FIELDS]]
    return shown, max(0, len(differ) - MOST_FIELDS)


def csv_lines(json_lines: Iterable[str]) -> Iterator[str]:
    """The JSON lines of ``directory.accounts.audit.export_lines`` as CSV (UTF-8 with a BOM,
    so spreadsheets read the accents): a header, then one row per entry,
    before and after as JSON."""
    row = row_writer()
    yield "\ufeff" + row(CSV_COLUMNS)
    for line in json_lines:
        entry = json.loads(line)
        yield row(entry.get(column) for column in CSV_COLUMNS)
