"""Meldingen: a professional's notices from consultations, newest first, with
a link to the consultation; the unread count in the menu; "Alles gelezen"."""

from __future__ import annotations

import re

import pytest

from directory.consultations import service as consult
from directory.consultations.records import NOTICE_KINDS
from tests.web.conftest import csrf_token, signed_in_client
from web.guard import STORE
from web.words.notices import NOTICE_TEXT, dutch_notice_text, notice_text


@pytest.fixture
def pool_of(fresh_app):
    return fresh_app.extensions[STORE]


def ask_anna(store, need="vergeet steeds de afspraken"):
    """Bram (wijkwerker) asks Anna (specialist) for help: Anna gets a notice."""
    return consult.file_request(store, {"need": need, "areas": ["dementie"], "specialist": "p-anna"},
                                by=store.get_user("wijkwerker")).consultation


def badge(html: str) -> str | None:
    found = re.search(r'href="/meldingen"[^>]*>Meldingen <span class="badge">([^<]+)'
                      r'<span class="visually-hidden"> ongelezen</span>', html)
    return found.group(1) if found else None


def test_every_kind_of_notice_has_one_sentence_for_page_and_mail():
    assert set(NOTICE_TEXT) == set(NOTICE_KINDS)
    assert dutch_notice_text("gevraagd") == "Je bent gevraagd voor een consultatie"
    assert dutch_notice_text("iets-nieuws") == "Nieuws in een consultatie"


def test_the_asked_specialist_sees_the_notice_with_a_link_and_an_unread_count(fresh_app, pool_of):
    asked = ask_anna(pool_of)
    anna = signed_in_client(fresh_app, "specialist")
    page = anna.get("/meldingen")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'<a href="/consultaties/{asked.id}">Je bent gevraagd voor een consultatie</a>' in html
    assert "1 ongelezen melding." in html and "Nieuw" in html
    assert badge(html) == "1"
    assert badge(anna.get("/zoeken").get_data(as_text=True)) == "1"  # on every page
    # Bram, who asked, has no notice yet, so no count
    bram_html = signed_in_client(fresh_app, "wijkwerker").get("/meldingen").get_data(as_text=True)
    assert badge(bram_html) is None and "Je hebt nog geen meldingen" in bram_html


def test_notices_are_newest_first_one_sentence_per_kind(fresh_app, pool_of):
    asked = ask_anna(pool_of)
    anna = pool_of.get_user("specialist")
    done = consult.accept(pool_of, asked.id, by=anna)
    consult.advise(pool_of, asked.id, "Vraag de huisarts naar een geheugentest.", by=anna,
                   version=done.consultation.version)
    html = signed_in_client(fresh_app, "wijkwerker").get("/meldingen").get_data(as_text=True)
    advice = html.index("Advies in je consultatie")
    accepted = html.index("Je consultatieverzoek is aangenomen")
    assert advice < accepted
    assert badge(html) == "2"
    assert "Vraag de huisarts" not in html  # the notice says what happened, not the case text


def test_alles_gelezen_marks_what_the_page_showed_and_a_later_notice_stays_unread(fresh_app, pool_of):
    ask_anna(pool_of)
    anna = signed_in_client(fresh_app, "specialist")
    token = csrf_token(anna, "/meldingen")
    page = anna.get("/meldingen").get_data(as_text=True)
    shown = re.search(r'name="up_to" type="hidden" value="(\d+)"', page)
    assert shown is not None
    ask_anna(pool_of, need="ontregeld huishouden")  # arrives after the page was drawn
    answer = anna.post("/meldingen", data={"csrf_token": token, "up_to": shown.group(1)})
    assert answer.status_code == 302
    html = anna.get("/meldingen").get_data(as_text=True)
    assert "Alle meldingen zijn gelezen." in html
    assert badge(html) == "1" and html.count("Nieuw</strong>") == 1
    assert len(pool_of.notices("p-anna", unread_only=True)) == 1


def test_without_a_csrf_token_or_with_a_broken_form_nothing_is_marked_read(fresh_app, pool_of):
    ask_anna(pool_of)
    anna = signed_in_client(fresh_app, "specialist")
    assert anna.post("/meldingen", data={"up_to": "999"}).status_code == 400
    token = csrf_token(anna, "/meldingen")
    broken = anna.post("/meldingen", data={"csrf_token": token, "up_to": "alles"})
    assert broken.status_code == 400
    assert "Dit formulier klopt niet" in broken.get_data(as_text=True)
    assert len(pool_of.notices("p-anna", unread_only=True)) == 1


def test_a_user_without_a_professional_is_told_why_there_are_no_notices(fresh_app):
    html = signed_in_client(fresh_app, "coordinator").get("/meldingen").get_data(as_text=True)
    assert "niet gekoppeld aan een professional" in html
    assert 'href="/meldingen"' in html and badge(html) is None
    assert "Alles gelezen" not in html


def test_signed_out_the_notices_page_asks_to_sign_in(client):
    assert client.get("/meldingen").status_code == 302


def test_the_count_shows_99_plus_beyond_99(fresh_app, pool_of):
    from datetime import UTC, datetime

    from directory.consultations.records import Notice
    from directory.ports import ImportPlan

    now = datetime.now(UTC)
    pool_of.apply(ImportPlan({}, notices=tuple(
        Notice(professional="p-anna", at=now, consultation=f"c-{i}", what="gevraagd") for i in range(120))))
    html = signed_in_client(fresh_app, "specialist").get("/meldingen").get_data(as_text=True)
    assert badge(html) == "99+"
    assert "Je ziet de laatste 50." in html


def test_an_unknown_kind_reads_as_news():
    assert notice_text("iets-nieuws") == "Nieuws in een consultatie"
