"""The coordinator's import page: the columns of every CSV file explained in
Dutch (English after the switch), and CSV files that name organisations, teams
and areas and write levels as words go through preview and commit."""

from __future__ import annotations

import re

from directory.exchange.csv_files import COLUMNS, REQUIRED
from tests.web.conftest import csrf_token
from tests.web.test_bulk_pages import (  # noqa: F401  (app and coordinator: fixtures)
    IMPORT,
    PREVIEW,
    app,
    commit,
    coordinator,
    the_store,
    upload,
)


def described(html: str) -> dict[str, dict[str, tuple[bool, str]]]:
    """Per file on the page: column -> (marked required, its meaning)."""
    found: dict[str, dict[str, tuple[bool, str]]] = {}
    for file, body in re.findall(r"<caption><code>([^<]+)</code></caption>(.*?)</table>", html, re.S):
        found[file] = {name: (bool(strong), meaning.strip()) for strong, name, meaning in re.findall(
            r'<tr><th scope="row">(<strong>)?<code>([^<]+)</code>.*?</th><td>(.*?)</td></tr>', body)}
    return found


def test_the_import_page_explains_every_column_in_dutch_and_english(coordinator):  # noqa: F811
    html = coordinator.get(IMPORT).get_data(as_text=True)
    assert "README" not in html
    files = described(html)
    assert list(files) == [f"{kind}.csv" for kind in COLUMNS]
    for kind, columns in COLUMNS.items():
        shown = files[f"{kind}.csv"]
        assert list(shown) == list(columns)
        assert all(meaning for _, meaning in shown.values())  # none left unexplained
        assert {name for name, (required, _) in shown.items() if required} == set(REQUIRED[kind])
    assert "de moederorganisatie: id of naam" in html
    assert "basis, gevorderd of specialist" in html
    coordinator.post("/taal", data={"csrf_token": csrf_token(coordinator, IMPORT), "lang": "en"})
    english = coordinator.get(IMPORT).get_data(as_text=True)
    assert "The columns of the CSV files" in english
    assert "the employing organisation: id or name" in english
    assert "de moederorganisatie" not in english


def test_a_csv_with_names_and_level_words_is_previewed_and_committed(app, coordinator):  # noqa: F811
    people = ("id;name;organisation;teams;expertise\n"
              "p-fleur;Fleur Kok;Vivent;Kernteam Zuidoost;Dementie:specialist|NAH:gevorderd\n")
    upload(coordinator, ("professionals.csv", people.encode()))
    page = coordinator.get(PREVIEW).get_data(as_text=True)
    assert "Professionals: nieuw (1)" in page and "Fleur Kok" in page
    assert commit(coordinator).status_code == 302
    fleur = the_store(app).get("professionals", "p-fleur")
    assert fleur.organisation == "org-vivent" and fleur.teams == ("kt-zuidoost",)
    assert {(c.area, c.level) for c in fleur.expertise} == {("dementie", 3), ("nah", 2)}


def test_an_ambiguous_name_is_named_in_dutch_with_the_candidates(app, coordinator):  # noqa: F811
    organisations = "id;name\norg-vivent-2;Vivent\n"
    people = "id;name;organisation\np-fleur;Fleur Kok;Vivent\n"
    upload(coordinator, ("organisations.csv", organisations.encode()),
           ("professionals.csv", people.encode()))
    page = coordinator.get(PREVIEW).get_data(as_text=True)
    assert "<td>professionals.csv rij 2, kolom organisation</td><td>de naam &#39;Vivent&#39; past bij " \
           "meer dan één organisatie (org-vivent, org-vivent-2); schrijf de id</td>" in page
    assert "Doorvoeren</button>" not in page
    assert the_store(app).get("professionals", "p-fleur") is None
