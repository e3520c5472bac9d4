"""The coordinator's taxonomy tools in the browser: add an area, add and remove
a synonym, move an area, merge two areas — who may, what a bad input says,
and what the pages show afterwards."""

from __future__ import annotations

import html

import pytest

from tests.web.conftest import csrf_token, signed_in_client

FORBIDDEN = ("wijkwerker", "triagist", "specialist")
ALLOWED = ("coordinator", "admin")


@pytest.fixture
def coordinator(fresh_app):
    return signed_in_client(fresh_app, "coordinator")


def pool_of(app):
    return app.extensions["kernteamdb.store"]


def token(client, path="/zoeken"):
    return csrf_token(client, path)


def post(client, path, data, *, form_page="/zoeken"):
    return client.post(path, data={"csrf_token": token(client, form_page), **data})


def text(answer):
    return answer.get_data(as_text=True)


def error_of(page, field):
    """The message shown on ``field`` (as a person reads it); empty when there is none."""
    marker = f'id="{field}-error">'
    return html.unescape(page.split(marker)[1].split("</span>")[0]) if marker in page else ""


def version(app, area_id):
    return pool_of(app).versions("expertise", [area_id])[area_id]


# --- who may --------------------------------------------------------------------------------

@pytest.mark.parametrize("role", FORBIDDEN)
@pytest.mark.parametrize("path", ["/taxonomie/nieuw", "/taxonomie/gebied/dementie", "/taxonomie/samenvoegen"])
def test_other_roles_get_the_403_page_for_the_tools(as_role, role, path):
    answer = as_role(role).get(path)
    assert answer.status_code == 403 and "Geen toegang" in text(answer)


@pytest.mark.parametrize("role", FORBIDDEN)
@pytest.mark.parametrize("path, data", [
    ("/taxonomie/nieuw", {"id": "nieuw-gebied", "label": "Nieuw"}),
    ("/taxonomie/gebied/dementie/zoekwoorden", {"synonym": "vergeetachtig"}),
    ("/taxonomie/gebied/dementie/zoekwoorden/weg", {"synonym": "Alzheimer"}),
    ("/taxonomie/gebied/dementie/verplaatsen", {"broader": ""}),
    ("/taxonomie/samenvoegen/bevestigen", {"keep": "dementie", "duplicate": "nah"}),
])
def test_a_crafted_post_by_another_role_is_refused_and_changes_nothing(fresh_app, role, path, data):
    before = pool_of(fresh_app).revision()
    answer = post(signed_in_client(fresh_app, role), path, data)
    assert answer.status_code == 403 and "Geen toegang" in text(answer)
    assert pool_of(fresh_app).revision() == before


@pytest.mark.parametrize("role", ALLOWED)
def test_coordinators_and_admins_open_every_tool(as_role, role):
    client = as_role(role)
    for path in ["/taxonomie/nieuw", "/taxonomie/gebied/dementie", "/taxonomie/samenvoegen?dubbel=nah"]:
        assert client.get(path).status_code == 200, path


def test_the_buttons_on_the_expertise_pages_are_for_coordinators_only(as_role):
    for page in ["/expertise", "/expertise/dementie"]:
        assert "/taxonomie/" in text(as_role("coordinator").get(page))
        for role in FORBIDDEN:
            assert "/taxonomie/" not in text(as_role(role).get(page)), (role, page)
    assert 'href="/taxonomie/gebied/dementie"' in text(as_role("coordinator").get("/expertise/dementie"))


def test_a_post_without_csrf_token_is_refused_and_changes_nothing(fresh_app, coordinator):
    before = pool_of(fresh_app).revision()
    answer = coordinator.post("/taxonomie/gebied/dementie/zoekwoorden", data={"synonym": "vergeetachtig"})
    assert answer.status_code == 400 and "Formulier verlopen" in text(answer)
    answer = coordinator.post("/taxonomie/samenvoegen/bevestigen",
                              data={"keep": "dementie", "duplicate": "nah"})
    assert answer.status_code == 400
    assert pool_of(fresh_app).revision() == before


# --- adding an area ---------------------------------------------------------------------------

def test_a_new_area_appears_in_the_taxonomy_and_search_finds_it_by_its_synonym(fresh_app, coordinator):
    answer = post(coordinator, "/taxonomie/nieuw", {
        "id": "mantelzorg", "label": "Mantelzorgondersteuning", "broader": "hersenen-cognitie",
        "synonyms": "overbelaste mantelzorger\nrespijtzorg"})
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/expertise/mantelzorg")
    page = text(coordinator.get("/expertise/mantelzorg"))
    assert "Mantelzorgondersteuning" in page and "respijtzorg" in page and "is toegevoegd" in page
    assert 'href="/expertise/mantelzorg"' in text(coordinator.get("/expertise"))
    found = text(coordinator.get("/zoeken?q=respijtzorg"))
    assert "Mantelzorgondersteuning" in found


def test_a_new_area_with_empty_fields_says_so_per_field_and_keeps_what_was_typed(fresh_app, coordinator):
    before = pool_of(fresh_app).revision()
    answer = post(coordinator, "/taxonomie/nieuw", {"id": "  ", "label": "", "synonyms": "woord dat blijft"})
    page = text(answer)
    assert answer.status_code == 400
    assert 'id="id-error">Vul dit in.' in page and 'id="label-error">Vul dit in.' in page
    assert "woord dat blijft</textarea>" in page
    assert pool_of(fresh_app).revision() == before


@pytest.mark.parametrize("data, field, message", [
    ({"id": "dementie", "label": "Nog eens dementie"}, "id", "al in gebruik"),
    ({"id": "nieuw", "label": "Nieuw", "broader": "bestaat-niet"}, "broader",
     "Onbekend expertisegebied 'bestaat-niet'"),
    ({"id": "nieuw", "label": "Nieuw", "synonyms": "woord\nWóórd"}, "synonyms", "twee keer"),
    ({"id": "nieuw", "label": "Nieuw", "synonyms": "nieuw"}, "synonyms", "twee keer"),
    ({"id": " nieuw", "label": "N" * 201}, "label", "hoogstens 200 tekens"),
    ({"id": "../evil", "label": "Nieuw"}, "id", "Een nieuwe id bestaat alleen uit letters, cijfers"),
    ({"id": "=cmd|' /C calc'!A0", "label": "Nieuw"}, "id", "begint niet met"),
    ({"id": "nieuw", "label": "Nieuw\x1b[2J"}, "label", "onzichtbaar stuurteken in (U+001B)"),
])
def test_a_new_area_the_taxonomy_refuses_shows_why_on_the_field(fresh_app, coordinator, data, field, message):
    before = pool_of(fresh_app).revision()
    answer = post(coordinator, "/taxonomie/nieuw", data)
    page = text(answer)
    assert answer.status_code == 400
    assert message in error_of(page, field)
    assert f'value="{data["label"]}"' in page  # what was typed stays
    assert pool_of(fresh_app).revision() == before


# --- synonyms -----------------------------------------------------------------------------------

def test_adding_and_removing_a_synonym_shows_on_the_area_page(fresh_app, coordinator):
    answer = post(coordinator, "/taxonomie/gebied/dementie/zoekwoorden",
                  {"synonym": "vergeetachtig", "version": version(fresh_app, "dementie")})
    assert answer.status_code == 302
    assert "vergeetachtig" in text(coordinator.get("/expertise/dementie"))
    assert "Dementie" in text(coordinator.get("/zoeken?q=vergeetachtig"))
    answer = post(coordinator, "/taxonomie/gebied/dementie/zoekwoorden/weg",
                  {"synonym": "Alzheimer", "version": version(fresh_app, "dementie")})
    assert answer.status_code == 302
    page = text(coordinator.get("/expertise/dementie"))
    assert "Alzheimer" not in page.split("Zoekwoorden:")[1].split("</p>")[0]


@pytest.mark.parametrize("word, message", [
    ("   ", "Vul dit in."),
    ("alzheimer", "noemt dit gebied al"),  # a synonym already, compared without case
    ("Dementie", "noemt dit gebied al"),  # the label itself
])
def test_an_empty_or_known_synonym_is_refused_with_the_word_kept(fresh_app, coordinator, word, message):
    before = pool_of(fresh_app).revision()
    answer = post(coordinator, "/taxonomie/gebied/dementie/zoekwoorden",
                  {"synonym": word, "version": version(fresh_app, "dementie")})
    page = text(answer)
    assert answer.status_code == 400 and message in error_of(page, "synonym")
    if word.strip():
        assert f'value="{word}"' in page
    assert pool_of(fresh_app).revision() == before


def test_removing_a_word_that_is_no_synonym_is_refused(fresh_app, coordinator):
    answer = post(coordinator, "/taxonomie/gebied/dementie/zoekwoorden/weg", {"synonym": "schulden"})
    assert answer.status_code == 400 and "geen zoekwoord van dit gebied" in text(answer)


def test_a_synonym_added_on_a_stale_version_saves_nothing_and_keeps_the_word(fresh_app, coordinator):
    old = version(fresh_app, "dementie")
    assert post(coordinator, "/taxonomie/gebied/dementie/zoekwoorden", {"synonym": "eerste", "version": old}
                ).status_code == 302
    answer = post(coordinator, "/taxonomie/gebied/dementie/zoekwoorden",
                  {"synonym": "tweede", "version": old})
    page = text(answer)
    assert answer.status_code == 409 and "Iemand anders heeft dit intussen gewijzigd" in page
    assert 'value="tweede"' in page and "eerste" in page  # the word typed, and the area as it is now
    assert "tweede" not in pool_of(fresh_app).get("expertise", "dementie").synonyms
    assert f'name="version" type="hidden" value="{version(fresh_app, "dementie")}"' in page  # retry can save


# --- moving ------------------------------------------------------------------------------------------

def test_moving_an_area_under_another_shows_on_both_pages(fresh_app, coordinator):
    answer = post(coordinator, "/taxonomie/gebied/schulden/verplaatsen",
                  {"broader": "hersenen-cognitie", "version": version(fresh_app, "schulden")})
    assert answer.status_code == 302
    assert 'href="/expertise/hersenen-cognitie"' in text(coordinator.get("/expertise/schulden"))
    assert 'href="/expertise/schulden"' in text(coordinator.get("/expertise/hersenen-cognitie"))
    post(coordinator, "/taxonomie/gebied/schulden/verplaatsen", {"broader": ""})  # a domain again
    assert pool_of(fresh_app).get("expertise", "schulden").broader is None


@pytest.mark.parametrize("area, broader, message", [
    ("hersenen-cognitie", "dementie", "niet onder zichzelf"),  # under its own narrower area
    ("dementie", "dementie", "niet onder zichzelf"),
    ("dementie", "bestaat-niet", "Onbekend expertisegebied 'bestaat-niet'"),
])
def test_a_move_that_would_make_a_cycle_or_names_no_area_is_refused(fresh_app, coordinator, area, broader,
                                                                     message):
    before = pool_of(fresh_app).revision()
    answer = post(coordinator, f"/taxonomie/gebied/{area}/verplaatsen", {"broader": broader})
    assert answer.status_code == 400
    assert message in error_of(text(answer), "broader")
    assert pool_of(fresh_app).revision() == before


def test_the_move_list_offers_no_area_below_the_one_moved(as_role):
    page = text(as_role("coordinator").get("/taxonomie/gebied/hersenen-cognitie"))
    choices = page.split('name="broader"')[1].split("</select>")[0]
    assert 'value="dementie"' not in choices and 'value="schulden"' in choices


def test_an_unknown_area_has_no_tool_page(as_role):
    assert as_role("coordinator").get("/taxonomie/gebied/bestaat-niet").status_code == 404


# --- merging two areas ----------------------------------------------------------------------------

def test_the_merge_confirmation_says_what_will_move_and_changes_nothing_yet(fresh_app, coordinator):
    before = pool_of(fresh_app).revision()
    answer = post(coordinator, "/taxonomie/samenvoegen", {"keep": "nah", "duplicate": "dementie"})
    page = text(answer)
    assert answer.status_code == 200 and "Samenvoegen bevestigen" in page
    assert "2 mensen die 'Dementie' opgaven" in page  # Anna and Cees declare it
    assert "2 casussen gaan mee" in page and "1 organisatie die hierbij helpt" in page
    assert "Alzheimer" in page.split("Zoekwoorden</dt>")[1]
    assert pool_of(fresh_app).revision() == before


def test_after_a_merge_every_reference_follows_and_the_old_page_says_where_it_went(fresh_app, coordinator):
    page = text(post(coordinator, "/taxonomie/samenvoegen", {"keep": "nah", "duplicate": "dementie"}))
    assert 'name="keep_version"' in page
    answer = post(coordinator, "/taxonomie/samenvoegen/bevestigen", {
        "keep": "nah", "duplicate": "dementie", "keep_version": version(fresh_app, "nah"),
        "duplicate_version": version(fresh_app, "dementie")})
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/expertise/nah")
    kept = text(coordinator.get("/expertise/nah"))
    assert "is samengevoegd" in kept and "Alzheimer" in kept and "Anna de Vries" in kept
    old = coordinator.get("/expertise/dementie")
    assert old.status_code == 404 and "samengevoegd" in text(old) and 'href="/expertise/nah"' in text(old)
    assert "NAH" in text(coordinator.get("/profiel/p-anna"))
    found = text(coordinator.get("/zoeken?q=dementie"))
    assert "Anna de Vries" in found and "NAH" in found


@pytest.mark.parametrize("data, field, message", [
    ({"keep": "nah", "duplicate": "nah"}, "duplicate", "niet met zichzelf"),
    ({"keep": "nah", "duplicate": "bestaat-niet"}, "duplicate", "Onbekend expertisegebied 'bestaat-niet'"),
    ({"keep": "bestaat-niet", "duplicate": "nah"}, "keep", "Onbekend expertisegebied 'bestaat-niet'"),
    ({"keep": "", "duplicate": "nah"}, "keep", "Kies een gebied"),
])
def test_a_merge_of_an_area_into_itself_or_an_unknown_one_is_refused_on_the_field(
        fresh_app, coordinator, data, field, message):
    answer = post(coordinator, "/taxonomie/samenvoegen", data)
    page = text(answer)
    assert answer.status_code == 400
    assert message in error_of(page, field)
    before = pool_of(fresh_app).revision()
    confirmed = post(coordinator, "/taxonomie/samenvoegen/bevestigen", data)
    assert confirmed.status_code in (400, 404) and pool_of(fresh_app).revision() == before


def test_a_merge_confirmed_on_stale_versions_changes_nothing(fresh_app, coordinator):
    old = {"keep": "nah", "duplicate": "dementie", "keep_version": version(fresh_app, "nah"),
           "duplicate_version": version(fresh_app, "dementie")}
    post(coordinator, "/taxonomie/gebied/dementie/zoekwoorden", {"synonym": "intussen"})
    before = pool_of(fresh_app).revision()
    answer = post(coordinator, "/taxonomie/samenvoegen/bevestigen", old)
    assert answer.status_code == 409 and "Iemand anders heeft dit intussen gewijzigd" in text(answer)
    assert pool_of(fresh_app).revision() == before
    assert pool_of(fresh_app).get("expertise", "dementie") is not None


def test_the_tools_speak_english_when_asked(as_role):
    client = as_role("coordinator")
    english = {"Accept-Language": "en"}
    assert "<h1>New expertise area</h1>" in text(client.get("/taxonomie/nieuw", headers=english))
    answer = client.post("/taxonomie/nieuw", headers=english,
                         data={"csrf_token": token(client), "id": "", "label": ""})
    assert 'id="id-error">Fill this in.' in text(answer)
    assert "Manage search words and place" in text(client.get("/expertise/dementie", headers=english))


def test_a_damaged_version_field_is_refused_without_a_crash(fresh_app, coordinator):
    before = pool_of(fresh_app).revision()
    answer = post(coordinator, "/taxonomie/gebied/dementie/zoekwoorden",
                  {"synonym": "woord", "version": "abc"})
    assert answer.status_code == 400 and "Het formulier klopt niet (meer)" in text(answer)
    assert 'value="woord"' in text(answer) and pool_of(fresh_app).revision() == before


def test_a_new_area_from_an_area_page_is_offered_under_it_and_the_trail_names_who(fresh_app, coordinator):
    page = text(coordinator.get("/taxonomie/nieuw?onder=dementie"))
    assert '<option selected value="dementie">' in page
    post(coordinator, "/taxonomie/nieuw", {"id": "lewy", "label": "Lewy body", "broader": "dementie"})
    assert pool_of(fresh_app).get("expertise", "lewy").broader == "dementie"
    entry = pool_of(fresh_app).audit_entries(kind="expertise", record="lewy")[-1]
    assert (entry.user, entry.action) == ("coordinator", "create")
