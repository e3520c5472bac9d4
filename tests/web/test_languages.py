"""Dutch by default, English available: the switch, the browser's choice, and
catalogs that cover every string of the pages."""

from __future__ import annotations

import re
import subprocess
import sys
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from tests.web.conftest import csrf_token
from web.i18n import COOKIE

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "web" / "translations"


def test_dutch_is_the_default(client):
    html = client.get("/inloggen").get_data(as_text=True)
    assert '<html lang="nl">' in html and "<h1>Inloggen</h1>" in html
    assert '<button type="submit" name="lang" value="en" lang="en">English</button>' in html


def test_the_browser_may_ask_for_english_and_dutch_wins_a_tie(client):
    english = client.get("/inloggen", headers={"Accept-Language": "en-GB,en;q=0.8"}).get_data(as_text=True)
    assert '<html lang="en">' in english and "<h1>Sign in</h1>" in english
    dutch = client.get("/inloggen", headers={"Accept-Language": "nl-NL,en;q=0.8"}).get_data(as_text=True)
    assert "<h1>Inloggen</h1>" in dutch
    other = client.get("/inloggen", headers={"Accept-Language": "de-DE"}).get_data(as_text=True)
    assert "<h1>Inloggen</h1>" in other


def test_the_switch_remembers_the_language_and_goes_back(as_role):
    worker = as_role("wijkwerker")
    token = csrf_token(worker, "/zoeken")
    answer = worker.post("/taal", data={"csrf_token": token, "lang": "en", "next": "/zoeken?q=dementie"})
    assert answer.status_code == 302 and answer.headers["Location"] == "/zoeken?q=dementie"
    cookie = answer.headers["Set-Cookie"]
    assert cookie.startswith(f"{COOKIE}=en;") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    html = worker.get("/zoeken?q=dementie", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    assert '<html lang="en">' in html
    assert re.search(r"\d+ specialists for Dementia<", html)  # the area's English label
    assert '<ul class="why"><li>Specialist in dementia, 2 cases, last Aug 2026</li>' in html  # reasons too
    back = worker.post("/taal", data={"csrf_token": token, "lang": "nl", "next": "/teams"})
    assert back.headers["Location"] == "/teams"
    assert "<h1>Teams</h1>" in worker.get("/teams").get_data(as_text=True)
    assert 'value="en" lang="en">English</button>' in worker.get("/teams").get_data(as_text=True)


def test_the_switch_works_signed_out_and_never_leaves_the_site(client):
    token = csrf_token(client)
    answer = client.post("/taal", data={"csrf_token": token, "lang": "en", "next": "https://elders.example"})
    assert answer.status_code == 302 and answer.headers["Location"] == "/"
    assert "<h1>Sign in</h1>" in client.get("/inloggen").get_data(as_text=True)
    unknown = client.post("/taal", data={"csrf_token": token, "lang": "fr", "next": "/inloggen"})
    assert "Set-Cookie" not in unknown.headers or COOKIE not in unknown.headers["Set-Cookie"]


def test_the_switch_refuses_a_missing_csrf_token(client):
    answer = client.post("/taal", data={"lang": "en"})
    assert answer.status_code == 400 and "Formulier verlopen" in answer.get_data(as_text=True)


def test_english_pages_write_dates_hours_and_error_pages_in_english(as_role):
    worker = as_role("wijkwerker")
    english = {"Accept-Language": "en"}
    profile = worker.get("/profiel/p-anna", headers=english).get_data(as_text=True)
    assert "hours used," in profile and "Aug 2026" in profile and "Together with Sociaal wijkteam" in profile
    missing = worker.get("/profiel/p-nobody", headers=english)
    assert missing.status_code == 404 and "<h1>Not found</h1>" in missing.get_data(as_text=True)
    long = worker.get("/zoeken?q=" + "a" * 501, headers=english).get_data(as_text=True)
    assert "shorter than 500 characters" in long


def _catalog(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def test_every_string_of_the_pages_is_in_the_catalogs_and_translated_to_english(tmp_path):
    """Extracting the strings afresh gives the committed template, and the
    English catalog translates every one of them (the Dutch catalog is the
    source language: its entries may stay empty)."""
    fresh = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
                    "-k", "_l", "-k", "lazy_gettext", "--no-location", "-o", str(fresh), "."],
                   cwd=ROOT, check=True, capture_output=True)
    wanted = {m.id for m in _catalog(fresh) if m.id}
    assert wanted == {m.id for m in _catalog(TRANSLATIONS / "messages.pot") if m.id}, \
        "run the pybabel commands of the README: the .pot is out of date"
    for language in ("nl", "en"):
        assert {m.id for m in _catalog(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po") if m.id} \
            == wanted, language
    untranslated = [m.id for m in _catalog(TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po")
                    if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))]
    assert untranslated == []


def test_the_compiled_catalogs_are_the_committed_ones():
    for language in ("nl", "en"):
        folder = TRANSLATIONS / language / "LC_MESSAGES"
        compiled = BytesIO()
        write_mo(compiled, _catalog(folder / "messages.po"))
        assert compiled.getvalue() == (folder / "messages.mo").read_bytes(), \
            f"{language}: run 'pybabel compile -d web/translations'"
        with (folder / "messages.mo").open("rb") as handle:
            assert read_mo(handle).locale is not None


def test_placeholders_survive_translation():
    for message in _catalog(TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert {p for i in ids for p in re.findall(r"%\(\w+\)s", i)} == \
            {p for s in strings for p in re.findall(r"%\(\w+\)s", s)}, message.id
