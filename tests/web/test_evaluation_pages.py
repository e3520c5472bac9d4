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

from directory import accounts
from directory.evaluation import evaluate
from directory.evaluation_figures import as_json
from directory.exchange import import_document
from directory.ports import ImportPlan
from directory.roles import ROLES, User
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
    assert "Evaluatie: 2026-07-01 t/m 2026-12-31" in html
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
    assert table(html, "uitkomsten") == [["Zwaardere zorg voorkomen", "3", "50%"],
                                         ["Doorverwezen", "1", "16,7%"], ["Onbekend", "2", "33,3%"]]
    assert table(html, "doorlooptijden") == [["Eerste antwoord", "4", "1,5", "1,5", "1,5", "2", "3", "1"],
                                             ["Afsluiten", "3", "11", "11,67", "15", "15,67", "–", "2"]]
    assert table(html, "regie") == [["Lid van een wijkteam", "4"], ["Geen lid van een wijkteam", "1"],
                                    ["Onbekend (geen regisseur vastgelegd)", "1"]]
    assert table(html, "herhaald") == [["Wijkteam Noord", "4", "2"], ["Wijkteam West", "3", "1"]]
    assert table(html, "samenwerkingen")[0] == ["2026-07-17", "Saskia Peters", "Wendy Vos", "ja"]
    # charts: inline SVG named by a title, nothing fetched; a hostile name escaped everywhere
    assert html.count('<svg class="chart" role="img"') == 7
    assert "<title id=" in html and "Verzoeken per expertisegebied</title>" in html
    hours_chart = html.split("het hoogste eerst</title>", 1)[1].split("</svg>", 1)[0]
    assert re.findall(r'font-size="13">([^<]+)</text>', hours_chart) == [
        "Sara Smit", "45%", "Saskia Peters", "20%", "Sam de Boer", "9%", "Tim Bos", "0%"]
    assert "<b>Welzijn</b>" not in html and "=&lt;b&gt;Welzijn&lt;/b&gt; B" in html
    assert "<script" not in html and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")


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
    assert "Evaluatie: 2026-01-01 t/m 2026-06-30" in first_half
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
        "Verzoeken per samenwerkingsmodel", "Uren per specialist", "Uren per organisatie", "Doorlooptijden",
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
