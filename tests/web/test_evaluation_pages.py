"""Beheer > Evaluatie and ``GET /api/v1/evaluation``: coordinators and admins
see the half-year's figures (tables, charts, a print view, CSV); other roles
are refused; a bad period gets a Dutch message and no figures; the API
answers the service's own figures. The dataset is the fixed one of
``tests/unit/test_evaluation.py`` (its hand-computed numbers are reused
here), with one organisation's name made hostile."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime

import pytest

from directory.accounts import users as accounts
from directory.accounts.roles import ROLES, User
from directory.evaluation.figures import as_json
from directory.evaluation.report import evaluate
from directory.exchange.document import import_document
from directory.ports import ImportPlan
from graph.stores import open_store
from tests.unit.test_evaluation import TODAY, consultations, pool_document
from tests.web.conftest import bearer, signed_in_client
from web import create_app

HOSTILE = "=<b>Welzijn</b> B"
MANAGERS = ("coordinator", "admin")
LINKED = {"wijkwerker": "p-w1", "specialist": "p-s1", "triagist": "p-t1"}


@pytest.fixture
def app(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'evaluation.db'}", create=True)
    document = pool_document()
    document["organisations"][1]["name"] = HOSTILE
    import_document(json.dumps(document), store)
    saved, cases = consultations()
    store.apply(ImportPlan({"cases": cases}, consultations=saved))
    for role in ROLES:
        store.add_user(User(role, role, LINKED.get(role), "x", datetime.now(UTC)))
    yield create_app({"TESTING": True, "TODAY": TODAY}, store=store)
    store.close()


def table(html: str, key: str) -> list[list[str]]:
    """The rows of table ``key`` as the reader sees them (cells' text)."""
    body = html.split(f'<table class="figures" id="{key}">', 1)[1].split("</table>", 1)[0]
    body = body.split("<tbody>", 1)[1]
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_a_coordinator_sees_the_half_year_in_tables_and_charts(app):
    answer = signed_in_client(app, "coordinator").get("/beheer/evaluatie")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "Evaluatie: 1 jul 2026 t/m 31 dec 2026" in html
    assert '<option value="2026-2" selected>' in html  # the current half-year is chosen
    overview = dict((row[0], row[1]) for row in table(html, "overzicht"))
    assert (overview["Verzoeken"], overview["Herhaalde verzoeken"], overview["Afgesloten casussen"],
            overview["Opgeschaald"], overview["Afgeschaald"], overview["Nieuwe samenwerkingen"]) == \
        ("7", "3", "6", "1", "2", "7")
    assert table(html, "gebieden") == [["Schuldhulpverlening", "4"], ["Dementie", "3"], ["NAH", "3"]]
    assert table(html, "modellen") == [["Expertisenetwerk", "4"], ["Expertiseteam", "1"], ["Triage", "1"],
                                       ["Onbekend", "1"]]
    assert table(html, "organisaties")[2] == ["Nog geen specialist", "2"]
    assert table(html, "uren-specialisten")[0] == ["Sara Smit", "Zorg A", "20", "9", "45%"]
    # the consultations c2 and c4 are still open: "nog open", never an unknown outcome (issue 18)
    assert table(html, "uitkomsten") == [["Zwaardere zorg voorkomen", "3", "50%"],
                                         ["Doorverwezen", "1", "16,7%"], ["Onbekend", "2", "33,3%"],
                                         ["Nog open", "2", "–"]]
    assert table(html, "doorlooptijden") == [["Eerste antwoord", "4", "1,5", "1,5", "1,5", "2", "3", "1"],
                                             ["Afsluiten", "3", "11", "11,67", "15", "15,67", "–", "2"]]
    assert table(html, "regie") == [["Lid van een wijkteam", "4"], ["Geen lid van een wijkteam", "1"],
                                    ["Onbekend (geen regisseur vastgelegd)", "1"]]
    assert table(html, "herhaald") == [["Wijkteam Noord", "4", "2"], ["Wijkteam West", "3", "1"]]
    assert table(html, "samenwerkingen")[0] == ["17 jul 2026", "Saskia Peters", "Wendy Vos", "ja"]
    # charts: inline SVG named by a title, nothing fetched; a hostile name escaped everywhere
    assert html.count('<svg class="chart" role="img"') == 7
    assert "<title id=" in html and "Verzoeken per expertisegebied</title>" in html
    hours_chart = html.split("het hoogste eerst</title>", 1)[1].split("</svg>", 1)[0]
    assert re.findall(r'font-size="13">([^<]+)</text>', hours_chart) == [
        "Sara Smit", "45%", "Saskia Peters", "20%", "Sam de Boer", "9%", "Tim Bos", "0%"]
    assert "<b>Welzijn</b>" not in html and "=&lt;b&gt;Welzijn&lt;/b&gt; B" in html
    assert html.count("<script") == 1 and '<script src="/static/site.js">' in html  # only the site's own
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_the_print_view_has_the_figures_without_the_site_around_them(app):
    client = signed_in_client(app, "admin")
    html = client.get("/beheer/evaluatie?periode=2026-2&print=1").get_data(as_text=True)
    assert 'class="print-view"' in html and "site-header" not in html and "<form" not in html
    assert table(html, "gebieden")[0] == ["Schuldhulpverlening", "4"]
    page = client.get("/beheer/evaluatie").get_data(as_text=True)
    assert 'href="/beheer/evaluatie?print=1&amp;van=2026-07-01&amp;tot=2026-12-31"' in page
    assert 'href="/beheer/evaluatie.csv?van=2026-07-01&amp;tot=2026-12-31"' in page


def test_another_half_year_and_a_custom_period(app):
    client = signed_in_client(app, "coordinator")
    first_half = client.get("/beheer/evaluatie?periode=2026-1").get_data(as_text=True)
    assert "Evaluatie: 1 jan 2026 t/m 30 jun 2026" in first_half
    assert '<option value="2026-1" selected>' in first_half
    # requests in the first half: case-h3 (06-20), c6 (06-29); case-old opened 03-02
    assert dict(table(first_half, "overzicht"))["Verzoeken"] == "3"
    september = client.get("/beheer/evaluatie?van=2026-09-01&tot=2026-09-30").get_data(as_text=True)
    assert dict(table(september, "overzicht"))["Verzoeken"] == "2"
    assert 'value="2026-09-01"' in september and '<option value="" selected>' in september
    assert '<option value="2026-2" selected>' not in september


@pytest.mark.parametrize(("query", "field", "message"), [
    ("van=2026-12-01&tot=2026-11-01", "tot", "Deze datum ligt vóór het begin van de periode."),
    ("van=1-12-2026", "van", "Vul een datum in als JJJJ-MM-DD, bijvoorbeeld 2026-07-01."),
    ("tot=morgen", "tot", "Vul een datum in als JJJJ-MM-DD, bijvoorbeeld 2026-07-01."),
    ("van=2020-01-01&tot=2026-12-31", "tot", "Kies een periode van hoogstens 3 jaar."),
    ("periode=2026-3", "periode", "Kies een halfjaar uit de lijst."),
])
def test_a_bad_period_gets_a_dutch_message_and_no_figures(app, query, field, message):
    client = signed_in_client(app, "coordinator")
    for url in (f"/beheer/evaluatie?{query}", f"/beheer/evaluatie.csv?{query}"):
        answer = client.get(url)
        html = answer.get_data(as_text=True)
        assert answer.status_code == 400 and answer.mimetype == "text/html"
        assert f'<span class="error" id="{field}-fout">{message}</span>' in html
        assert 'aria-invalid="true"' in html and "Pas de periode aan; er is niets getoond." in html
        assert '<table class="figures"' not in html and "Traceback" not in html


@pytest.mark.parametrize("role", ROLES)
def test_only_coordinators_and_admins_see_the_evaluation(app, role):
    client = signed_in_client(app, role)
    expected = 200 if role in MANAGERS else 403
    assert client.get("/beheer/evaluatie").status_code == expected
    assert client.get("/beheer/evaluatie.csv").status_code == expected
    assert client.get("/beheer/evaluatie?van=nee").status_code == (400 if role in MANAGERS else 403)
    assert client.get("/api/v1/evaluation").status_code == expected
    index = client.get("/beheer/")
    if role in MANAGERS:
        assert 'href="/beheer/evaluatie"' in index.get_data(as_text=True)
    elif index.status_code == 200:
        assert 'href="/beheer/evaluatie"' not in index.get_data(as_text=True)


def test_csv_export_has_every_table_as_a_section(app):
    answer = signed_in_client(app, "coordinator").get("/beheer/evaluatie.csv?periode=2026-2")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert answer.headers["Content-Disposition"] == \
        'attachment; filename="evaluatie-2026-07-01-2026-12-31.csv"'
    raw = answer.get_data()
    assert raw.startswith("\ufeff".encode())  # a BOM: spreadsheets read the UTF-8 accents
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["Evaluatie", "2026-07-01", "2026-12-31"]
    sections = {rows[i + 1][0]: i + 1 for i, row in enumerate(rows[:-1]) if row == []}
    assert list(sections) == [
        "Overzicht", "Verzoeken per expertisegebied", "Verzoeken per wijk", "Verzoeken per organisatie",
        "Verzoeken per samenwerkingsmodel", "Uren per specialist", "Uren per organisatie",
        "Uren regie en triage", "Doorlooptijden",
        "Uitkomsten", "Regie", "Herhaalde verzoeken per wijkteam", "Nieuwe samenwerkingen"]
    start = sections["Verzoeken per expertisegebied"]
    assert rows[start + 1:start + 5] == [["Expertisegebied", "Verzoeken"], ["Schuldhulpverlening", "4"],
                                         ["Dementie", "3"], ["NAH", "3"]]
    hours = sections["Uren per specialist"]
    assert rows[hours + 2] == ["Sara Smit", "Zorg A", "20.0", "9.0", "0.45"]
    organisations = sections["Uren per organisatie"]
    # a name a spreadsheet would run as a formula gets a leading quote
    assert rows[organisations + 3] == ["'" + HOSTILE, "2", "50.0", "8.0", "0.16"]
    outcomes = sections["Uitkomsten"]
    assert rows[outcomes + 2] == ["Zwaardere zorg voorkomen", "3", "0.5"]


def test_the_api_answers_the_services_figures(app):
    store = app.extensions["kernteamdb.store"]
    token = accounts.create_token(store, "coordinator")
    answer = app.test_client().get("/api/v1/evaluation?from=2026-07-01&to=2026-12-31", headers=bearer(token))
    assert answer.status_code == 200
    body = answer.get_json()
    expected = as_json(evaluate(store, by=User("c", "coordinator"), start=date(2026, 7, 1),
                                end=date(2026, 12, 31)))
    assert body == json.loads(json.dumps(expected))
    # and they are the hand-computed ones of tests/unit/test_evaluation.py
    assert (body["period"], body["requests"], body["repeats"]) == \
        ({"from": "2026-07-01", "to": "2026-12-31"}, 7, 3)
    assert (body["outcomes"]["prevented_share"], body["to_close"]["mean_working_days"]) == (0.5, 11.67)
    assert body == app.test_client().get("/api/v1/evaluation", headers=bearer(token)).get_json()  # default
    bad = app.test_client().get("/api/v1/evaluation?from=2026-12-01&to=2026-01-01", headers=bearer(token))
    assert bad.status_code == 400
    assert bad.get_json()["error"]["details"] == ["to: lies before the start of the period"]
    unknown = app.test_client().get("/api/v1/evaluation?van=2026-01-01", headers=bearer(token))
    assert unknown.status_code == 400


# --- issue 18: lessons gathered, provisional figures, regie and triage apart -------------------

def lessons_section(html: str) -> str:
    return html.split('<h2 id="lessen">', 1)[1].split("</section>", 1)[0]


def lesson_texts(section: str) -> list[str]:
    return re.findall(r'<p class="lesson-text" lang="nl">([^<]+)</p>', section)


def with_lessons(app) -> None:
    """Notes on case-h1 (Aug, dementie+schulden), case-c3 (Nov, schulden+nah) and case-old
    (March, dementie); an open case with notes (no lesson yet); 11 more about nah."""
    from dataclasses import replace

    from directory.pool.model import Case, Participation

    store = app.extensions["kernteamdb.store"]
    found = {c.id: c for c in store.iter_records("cases")}
    regie = (Participation(professional="p-w1", role="regie"),)
    more = tuple(Case(id=f"case-n{i}", opened=date(2025, 1, 2), closed=date(2025, 1, 10 + i), team="wt-1",
                      areas=("nah",), participants=regie, notes=f"Oude les {i}.") for i in range(11))
    store.apply(ImportPlan({"cases": (
        replace(found["case-h1"], notes="Samen op huisbezoek werkte goed.", age_band="65+"),
        replace(found["case-c3"], notes="Triage vooraf scheelde een overleg."),
        replace(found["case-old"], notes="Vroeg de casemanager bellen."),
        Case(id="case-open", opened=date(2026, 10, 1), team="wt-2", areas=("dementie",), participants=regie,
             notes="Nog niet af."), *more)}))


def test_the_area_page_gathers_the_lessons_of_its_cases_newest_first(app):
    with_lessons(app)
    client = signed_in_client(app, "wijkwerker")
    html = client.get("/expertise/dementie").get_data(as_text=True)
    lessons = lessons_section(html)
    texts = lesson_texts(lessons)
    assert texts == ["Samen op huisbezoek werkte goed.", "Vroeg de casemanager bellen."]  # not the open case
    where = re.findall(r'<p class="hint">([^<]+)</p></li>', lessons)
    assert where[0].split(" · ") == ["aug 2026", "netwerk", "Noord", "Dementie, Schuldhulpverlening"]
    assert where[1] == "mrt 2026 · Dementie"  # imported without model or wijk
    # nothing about who or which household: no regisseur, team, age band or case id
    for secret in ("Wim Jansen", "Wijkteam Noord", "65+", "case-h1", "2026-08-14"):
        assert secret not in lessons
    # nah: 12 lessons, the newest 10 shown, and a way to all of them
    nah = client.get("/expertise/nah").get_data(as_text=True)
    assert len(re.findall(r'class="lesson-text"', lessons_section(nah))) == 10
    assert 'href="/expertise/nah?lessen=alle#lessen">Toon alle 12 lessen</a>' in nah
    every = lessons_section(client.get("/expertise/nah?lessen=alle").get_data(as_text=True))
    assert lesson_texts(every)[:2] == [
        "Triage vooraf scheelde een overleg.", "Oude les 10."]
    assert len(re.findall(r'class="lesson-text"', every)) == 12 and "Toon alle" not in every
    schulden = lessons_section(client.get("/expertise/schulden").get_data(as_text=True))
    assert lesson_texts(schulden) == [
        "Triage vooraf scheelde een overleg.", "Samen op huisbezoek werkte goed."]


def test_the_evaluation_and_its_print_view_list_the_lessons_of_the_period(app):
    with_lessons(app)
    client = signed_in_client(app, "coordinator")
    for url in ("/beheer/evaluatie", "/beheer/evaluatie?periode=2026-2&print=1"):
        lessons = lessons_section(client.get(url).get_data(as_text=True))
        # closed in the second half with notes: case-c3 (Nov), case-h1 (Aug)
        assert lesson_texts(lessons) == [
            "Triage vooraf scheelde een overleg.", "Samen op huisbezoek werkte goed."]
        assert "nov 2026 · triage · Noord · Schuldhulpverlening, NAH" in lessons
        assert "Wim Jansen" not in lessons and "Wijkteam Noord" not in lessons
    first = lessons_section(client.get("/beheer/evaluatie?periode=2026-1").get_data(as_text=True))
    assert lesson_texts(first) == ["Vroeg de casemanager bellen."]
    assert "Niets in deze periode." in lessons_section(
        client.get("/beheer/evaluatie?van=2026-12-01&tot=2026-12-31").get_data(as_text=True))


def test_a_half_year_says_its_figures_are_provisional(app):
    client = signed_in_client(app, "coordinator")
    provisional = ("Voorlopige cijfers: deze periode is nog niet voorbij en 2 verzoeken uit deze periode "
                   "lopen nog. De cijfers kunnen nog veranderen.")
    for url in ("/beheer/evaluatie", "/beheer/evaluatie?print=1"):
        html = client.get(url).get_data(as_text=True)
        assert f'<p id="voorlopig" class="provisional">{provisional}</p>' in html
    rows = list(csv.reader(io.StringIO(client.get("/beheer/evaluatie.csv").get_data().decode("utf-8-sig"))))
    assert rows[1] == [provisional]
    final = client.get("/beheer/evaluatie?periode=2026-1").get_data(as_text=True)
    assert '<p id="voorlopig" class="hint">Definitieve cijfers: de periode is voorbij en alles uit deze ' \
           'periode is afgesloten.</p>' in final


def test_regie_and_triage_hours_have_their_own_table_without_a_budget(app):
    from directory.pool.model import Case, Participation

    store = app.extensions["kernteamdb.store"]
    store.apply(ImportPlan({"cases": (Case(
        id="case-r", opened=date(2026, 10, 1), closed=date(2026, 10, 15), team="wt-1", areas=("nah",),
        participants=(Participation(professional="p-w1", role="regie", hours=45),
                      Participation(professional="p-t1", role="triage", hours=0.5))),)}))
    html = signed_in_client(app, "coordinator").get("/beheer/evaluatie").get_data(as_text=True)
    assert table(html, "uren-regie-triage") == [["Wim Jansen", "Regie (wijkteam)", "45", "1"],
                                                ["Tim Bos", "Triage", "0,5", "1"]]
    specialists = [row[0] for row in table(html, "uren-specialisten")]
    assert specialists == ["Sara Smit", "Saskia Peters", "Sam de Boer", "Tim Bos"]  # no Wim
    assert table(html, "uren-specialisten")[3][3] == "0"  # Tim's triage half hour is not against his budget
    overview = dict(table(html, "overzicht"))
    assert (overview["Uren regie door het wijkteam (zonder budget)"], overview["Uren triage (zonder budget)"],
            overview["Specialisten boven hun budget"], overview["Nog open aan het eind van de periode"]) == \
        ("45", "0,5", "0", "2")
