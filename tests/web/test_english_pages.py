"""English throughout: a working day's main pages, walked in English on the
demo, say nothing in Dutch but the data (names, roles, organisations, the
profile texts and search words people typed, Dutch area labels that have no
English one) — in particular no Dutch "why" line of the search and no Dutch
sentence the app writes itself. And every page writes a date (and a moment)
one way per language: ``9 dec 2026`` / ``9 Dec 2026``, ``9 dec 2026, 14:00``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient

from tests.web.consult_helpers import SPECIALIST, as_user, filed, text_of, took
from web.i18n import COOKIE, TRANSLATIONS
from web.pages.parts.charts import LONGEST_LABEL

#: Words of Dutch sentences that no English sentence of the app uses: left on an
#: English page once the data is taken out, they are Dutch the app wrote.
DUTCH = frozenset("""
aangenomen aangevraagd alle alleen bij casus casussen dag deze dit door een eerste gebied geen gesloten
halfjaar het hier jou jouw kan kies laatste maar met naar niet nieuw nog of om ook op over uur uren
van verbonden via voor vraag werkdag werkdagen werkt wijk wordt zijn
""".split()) - {"via", "of", "over", "door"}  # English words too: they tell nothing


def _strings(value: Any) -> Iterator[str]:
    """Every text a record holds (its fields, lists and mappings, all the way down)."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            yield from _strings(getattr(value, item.name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from _strings(item)


def _data(app: Flask) -> list[str]:
    """What the pool holds as data, longest first: it may be Dutch on an English
    page. An area's Dutch label is not data where it has an English one."""
    store = app.extensions["kernteamdb.store"]
    found: set[str] = set()
    for kind in ("professionals", "organisations", "teams", "cases"):  # cases: lessons people wrote
        for record in store.iter_records(kind):
            found.update(_strings(record))
    for area in store.areas():
        found.update(_strings(dataclasses.replace(area, label="") if area.label_en else area))
    found.update(s[:LONGEST_LABEL - 1] for s in list(found))  # cut short as a chart label
    return sorted((s for s in found if len(s) > 2), key=len, reverse=True)


def _catalog_sentences() -> list[str]:
    """The Dutch sentences of the catalog (their fixed parts of three words or
    more, between placeholders) that their English translation does not share."""
    with (TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    found = set()
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in ids:
            for part in re.split(r"%\(\w+\)s|\n", text or ""):
                part = part.strip(" ,.:;()—–-'\"")
                if len(part.split()) >= 3 and not any(part in s for s in strings if s):
                    found.add(part)
    return sorted(found)


def dutch_left(page: str, data: list[str]) -> list[str]:
    """The Dutch words on ``page`` (its text) once the pool's data is taken out."""
    text = page
    for value in data:
        text = text.replace(value, " ")
    text = text.replace("Nederlands", " ")  # the language switch names Dutch in Dutch
    return sorted({w for w in re.findall(r"[a-zà-ÿ]+", text.lower()) if w in DUTCH})


def english(client: FlaskClient) -> FlaskClient:
    client.set_cookie(COOKIE, "en")  # as the language switch leaves it
    return client


def read(client: FlaskClient, path: str) -> str:
    answer = client.get(path)
    assert answer.status_code == 200, path
    return text_of(answer)


def test_a_working_day_in_english_says_nothing_in_dutch(demo_app):
    data, sentences = _data(demo_app), _catalog_sentences()
    dutch = text_of(as_user(demo_app, "wijkwerker").get("/zoeken?q=geheugenproblemen+en+schulden"))
    assert {"casussen", "laatste", "halfjaar"} <= set(dutch_left(dutch, data))  # the checks can fail
    assert "met jouw team, laatste" in [s for s in sentences if s in dutch]
    worker = english(as_user(demo_app, "wijkwerker"))
    specialist = english(as_user(demo_app, "specialist"))
    coordinator = english(as_user(demo_app, "coordinator"))
    triagist = english(as_user(demo_app, "triagist"))
    search = read(worker, "/zoeken?q=geheugenproblemen+en+schulden")
    # the why lines, in English: a level, cases with the team, hours, the people in between
    assert re.search(r"Why Specialist in dementia, \d+ cases, last [A-Z][a-z]{2} 2026 \d+ cases with your "
                     r"team, last [A-Z][a-z]{2} 20\d\d [\d.]+ hours left this half-year", search)
    assert re.search(r"Connected via [A-Z][\w ]+ and [A-Z]", search)
    assert "Profile not confirmed for over a year" in search
    cid = filed(worker, need="Forgets his appointments all the time", areas=["dementie"],
                wijk="Zuidoost", age_band="65+", household="alleenstaand", specialist=SPECIALIST)
    took(specialist, cid, "accept")
    took(specialist, cid, "book_hours", day="2026-11-16", hours="2")
    took(specialist, cid, "advise", advice="Call the case manager; visit together.")
    routed = filed(worker, need="Gets lost and the post piles up", areas=["dementie", "thuisadministratie"],
                   via="tr-west", urgency="spoed")
    suggested = read(triagist, f"/consultaties/{routed}")
    # the triagist's suggestions give their first two reasons, in English
    assert re.search(r"\(Specialist in [\w ]+, \d+ cases?, last [A-Z][a-z]{2} 20\d\d; ", suggested)
    pages = {
        "search": search,
        "profile": read(worker, f"/profiel/{SPECIALIST}"),
        "network": read(worker, f"/netwerk?center={SPECIALIST}"),
        "network, two steps": read(worker, f"/netwerk?center={SPECIALIST}&diepte=2"),
        "path": read(worker, f"/netwerk/pad?naar={SPECIALIST}"),
        "expertise area": read(worker, "/expertise/dementie"),
        "consultations": read(worker, "/consultaties"),
        "consultation": read(worker, f"/consultaties/{cid}"),
        "specialist's consultation": read(specialist, f"/consultaties/{cid}"),
        "notices": read(worker, "/meldingen"),
        "triage inbox": read(triagist, "/teams/tr-west/inbox"),
        "triage suggestions": suggested,
        "agenda": read(specialist, "/teams/kt-zuidoost/agenda"),
        "overdue": read(coordinator, "/consultaties/te-laat"),
        "gaps": read(coordinator, "/expertise/tekorten"),
        "evaluation": read(coordinator, "/beheer/evaluatie"),
        "freshness": read(coordinator, "/beheer/actualiteit"),
    }
    for name, page in pages.items():
        assert dutch_left(page, data) == [], (name, page)
        assert [s for s in sentences if s in page] == [], name


def test_the_walk_would_see_dutch():
    """The check above finds a Dutch why line and sentence, and leaves the data alone."""
    data = ["Anna de Vries", "Vivent"]
    assert dutch_left("Why Specialist dementie, 2 casussen, laatste aug 2026", data) == \
        ["casussen", "laatste"]
    assert dutch_left("Nog 4 uur dit halfjaar", data) == ["dit", "halfjaar", "nog", "uur"]
    assert dutch_left("Anna de Vries, Vivent: 2 cases with your team", data) == []


def test_dates_and_moments_are_written_one_way_per_language(demo_app):
    worker = as_user(demo_app, "wijkwerker")
    specialist = as_user(demo_app, "specialist")
    cid = filed(worker, need="Vergeet steeds de afspraken", areas=["dementie"], wijk="Zuidoost",
                specialist=SPECIALIST)
    took(specialist, cid, "accept")
    took(specialist, cid, "book_hours", day="2026-11-16", hours="2")
    #: per language: the month, and what the consultation, notice and profile pages say
    words = {"nl": ("nov", "Aangevraagd", "uren geboekt — 2 uur op 16 nov 2026", "aangenomen",
                    "(1 jul 2026 – 31 dec 2026)"),
             "en": ("Nov", "Requested", "hours booked — 2 hours on 16 Nov 2026", "accepted",
                    "(1 Jul 2026 – 31 Dec 2026)")}
    for language, (month, requested, booked, accepted, half_year) in words.items():
        worker.set_cookie(COOKIE, language)
        moment = rf"\d{{1,2}} {month} 2026, \d\d:\d\d"
        pages = [read(worker, f"/consultaties/{cid}"), read(worker, "/meldingen"),
                 read(worker, f"/profiel/{SPECIALIST}")]
        assert re.search(rf"{requested} {moment}", pages[0]) and booked in pages[0], language
        assert re.search(rf"{accepted} — {moment}", pages[1]) and half_year in pages[2], language
        for page in pages:
            assert not re.search(r"\b[A-Za-z]{3}\.? \d{1,2}, \d{4}", page)  # never "Nov 16, 2026"


def test_the_helpers_write_a_day_a_moment_a_month_and_hours_per_language(demo_app):
    from web.i18n import day, moment, month, number

    at = datetime(2026, 12, 9, 13, 0, tzinfo=UTC)  # 14:00 in the Netherlands
    for language, expected in (("nl", ("9 dec 2026", "9 dec 2026, 14:00", "mrt 2026", "31,5", "40")),
                               ("en", ("9 Dec 2026", "9 Dec 2026, 14:00", "Mar 2026", "31.5", "40"))):
        with demo_app.test_request_context(headers={"Cookie": f"{COOKIE}={language}"}):
            assert (day(date(2026, 12, 9)), moment(at), month(date(2026, 3, 9)),
                    number(31.5), number(40.0)) == expected
